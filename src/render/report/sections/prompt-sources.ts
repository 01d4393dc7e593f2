/**
 * The methodology's line for a prompt entry whose requests differ: where its prompts came from (file or dataset,
 * format, records used, sampling) and the lengths asked per request beside the lengths measured.
 */
import type { StoredRun } from "../../../analyse/load-run.js";
import type { Experiment, Prompt } from "../../../validate/schema.js";
import type { LengthSpec } from "../../../validate/sources.js";
import { readExperimentFile } from "../../../load/read.js";
import { Experiment as ExperimentSchema } from "../../../validate/schema.js";
import type { Words } from "../../../shared/i18n/catalogue.js";

/** Mean and sd of the numbers, for "asked vs measured". */
function spread(xs: readonly number[]): { mean: number; sd: number } | null {
  if (xs.length === 0) return null;
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const sd = xs.length > 1 ? Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1)) : 0;
  return { mean, sd };
}

function lengthText(spec: LengthSpec, w: Words): string {
  const { t, f } = w;
  if (typeof spec === "number") return t.sources.fixed(f.int(spec));
  return t.sources.normal(f.int(spec.mean), f.int(spec.sd), f.int(spec.min ?? 1), spec.max === undefined ? t.sources.unbounded : f.int(spec.max));
}

/** The drawn targets' mean (when they vary), then the measured lengths. */
function measured(targets: readonly number[], xs: readonly number[], w: Words): string[] {
  const out: string[] = [];
  const drawn = spread(targets);
  if (drawn && drawn.sd > 0) out.push(w.t.sources.drawn(w.f.num(drawn.mean, 0)));
  const s = spread(xs);
  if (s) out.push(w.t.sources.measured(w.f.num(s.mean, 0), w.f.num(s.sd, 0), w.f.int(xs.length)));
  return out;
}

/** The description of a prompt entry with a source or drawn lengths; null for a written or fixed synthetic prompt. */
export function promptSourceText(p: Prompt, wl: Experiment["workload"], run: StoredRun, w: Words): string | null {
  const { t, f } = w;
  const trials = run.trials.filter((x) => x.prompt === p.id && !x.warmup && x.error === null);
  const parts: string[] = [];
  if (p.file !== undefined || p.from_dataset !== undefined) {
    const read = run.manifest.prompt_sources?.[p.id];
    parts.push(p.from_dataset !== undefined ? t.sources.fromDataset(p.from_dataset) : t.sources.fromFile(p.file ?? "", read?.format ?? p.format ?? "–"));
    if (read) parts.push(t.sources.records(f.int(read.used), f.int(read.records), String(wl.seed)));
    if (read && read.skipped > 0) parts.push(t.sources.skipped(f.int(read.skipped)));
    const sent = new Set(trials.flatMap((x) => (x.source ? [`${x.source.file}:${x.source.line ?? x.source.record ?? ""}`] : [])));
    if (sent.size) parts.push(t.sources.sent(f.int(sent.size)));
  }
  if (p.input_tokens !== undefined) {
    parts.push(t.sources.inputAsked(lengthText(p.input_tokens, w)));
    parts.push(...measured(trials.flatMap((x) => x.input_tokens_target ?? []), trials.flatMap((x) => (x.prompt_tokens.server ?? x.prompt_tokens.client) ?? []), w));
  }
  if (p.output_tokens !== undefined) {
    parts.push(t.sources.outputAsked(lengthText(p.output_tokens, w)));
    if (!wl.ignore_eos) parts.push(t.sources.noEos);
    parts.push(...measured(trials.flatMap((x) => x.output_tokens_target ?? []), trials.flatMap((x) => (x.output_tokens.server ?? x.output_tokens.client) ?? []), w));
  }
  return parts.length ? parts.join(t.sources.separator) : null;
}

/**
 * The experiment of a run whose copy does not validate where it is stored because its prompt files are relative to
 * the original experiment file: read for its schema alone (speed runs with file or dataset prompts only).
 */
export function experimentOfCopy(file: string): Experiment | null {
  const r = readExperimentFile(file);
  if (!r.ok) return null;
  const parsed = ExperimentSchema.safeParse(r.loaded.data);
  if (!parsed.success || parsed.data.kind !== "speed") return null;
  return (parsed.data.workload.prompts ?? []).some((p) => p.file !== undefined || p.from_dataset !== undefined) ? parsed.data : null;
}
