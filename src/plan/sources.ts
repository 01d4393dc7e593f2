/**
 * Prompts that differ per request, planned up front from the seed (the same experiment gives every trial key the same
 * prompt, on every run and resume):
 *
 * - `file:` / `from_dataset:` — the records are shuffled with the seed (and the prompt id); `sample: n` keeps the
 *   first n of that order (every record when the source holds fewer). The request with repetition index r sends record
 *   r mod n of that order — each level and variant sends the same records in the same order, starting again from the
 *   first when a level needs more requests than there are records (as vLLM's `bench serve` oversamples).
 * - `input_tokens:` — synthetic text per request, its length fixed or drawn from a normal distribution truncated to
 *   [min, max] (drawn again outside), the r-th draw for repetition r; the words differ per request.
 * - `output_tokens:` — the request's max_tokens, drawn the same way (any prompt entry); a variant's own max_tokens wins.
 *
 * The group's prompt is the first record (or draw): warm-ups send it, and trials carry theirs as `input`.
 */
import type { Experiment, Prompt } from "../validate/schema.js";
import type { LengthSpec } from "../validate/sources.js";
import { loadSource, type LoadedSource } from "../load/prompts/source.js";
import { gaussian, mulberry32 } from "../shared/rng.js";
import { syntheticText } from "./synthetic.js";
import { WARM_SUFFIX } from "./nonce.js";
import type { PlanGroup, PlannedTrial, ResolvedPrompt } from "./plan.js";

/** Where a request's prompt comes from: the data file (relative to the experiment file) and the record's line. */
export interface TrialSource {
  file: string;
  /** The line the record starts on (prompt files). */
  line?: number;
  /** The record's number in its file (dataset CSV rows and JSON elements, 1-based). */
  record?: number;
}

/** What a prompt entry plans per request. */
export interface Variation {
  /** The group's prompt (warm-ups send it); absent: the entry's own (`text`, `synthetic_tokens`). */
  prompt?: ResolvedPrompt;
  /** The per-request fields of repetition r. */
  trial(r: number): Pick<PlannedTrial, "input" | "source" | "max_tokens">;
  /** File and dataset sources: what was read and how many records are used. */
  source?: { origin: string; format: string; records: number; used: number; skipped: number; sha256?: string };
}

export type PromptSources = ReadonlyMap<string, Variation>;

/** FNV-1a, to seed a stream from the workload's seed and a name. */
function hash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/** Lengths drawn one per repetition index, lazily, always the same for the same seed and name. */
export function lengthDraws(spec: LengthSpec, seed: number, name: string): (r: number) => number {
  if (typeof spec === "number") return () => spec;
  const lo = spec.min ?? 1;
  const hi = spec.max ?? Number.MAX_SAFE_INTEGER;
  const normal = gaussian(mulberry32(hash(`${seed}/${name}`)));
  const drawn: number[] = [];
  const next = (): number => {
    for (let k = 0; k < 1000; k++) {
      const x = Math.round(spec.mean + spec.sd * normal());
      if (x >= lo && x <= hi) return x;
    }
    return Math.min(hi, Math.max(lo, Math.round(spec.mean)));
  };
  return (r) => {
    while (drawn.length <= r) drawn.push(next());
    return drawn[r] ?? lo;
  };
}

/** Indices 0..n-1 shuffled with the seed (Fisher–Yates), the first `take` kept. */
export function sampleOrder(n: number, take: number, seed: number, name: string): number[] {
  const rand = mulberry32(hash(`${seed}/${name}/sample`));
  const order = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [order[i], order[j]] = [order[j] ?? 0, order[i] ?? 0];
  }
  return order.slice(0, Math.min(n, take));
}

function withSystem(p: ResolvedPrompt, system: string | undefined): ResolvedPrompt {
  return system === undefined || p.system !== undefined ? p : { ...p, system };
}

function variationOf(p: Prompt, seed: number, loaded: LoadedSource | undefined): Variation | null {
  const out = p.output_tokens === undefined ? null : lengthDraws(p.output_tokens, seed, `${p.id}/output`);
  const maxTokens = (r: number) => (out ? { max_tokens: out(r) } : {});
  if (p.file !== undefined || p.from_dataset !== undefined) {
    if (!loaded) throw new Error(`prompt ${p.id}: its records were not read (plan with loadPromptSources)`);
    const order = sampleOrder(loaded.records.length, p.sample ?? loaded.records.length, seed, p.id);
    if (order.length === 0) throw new Error(`prompt ${p.id}: ${loaded.origin} holds no prompt to send`);
    const at = (r: number) => {
      const rec = loaded.records[order[r % order.length] ?? 0]!;
      const prompt = withSystem({ id: p.id, ...(rec.system === undefined ? {} : { system: rec.system }), ...(rec.history.length ? { history: rec.history } : {}), text: rec.text }, p.system);
      const source: TrialSource = rec.record !== undefined ? { file: rec.file, record: rec.record } : rec.line > 0 ? { file: rec.file, line: rec.line } : { file: rec.file };
      return { prompt, source };
    };
    const first = at(0).prompt;
    return {
      prompt: first,
      trial: (r) => ({ input: at(r).prompt, source: at(r).source, ...maxTokens(r) }),
      source: { origin: loaded.origin, format: loaded.format, records: loaded.records.length + loaded.skipped, used: order.length, skipped: loaded.skipped, ...(loaded.sha256 ? { sha256: loaded.sha256 } : {}) },
    };
  }
  if (p.input_tokens !== undefined) {
    const len = lengthDraws(p.input_tokens, seed, `${p.id}/input`);
    const base = hash(`${seed}/${p.id}/text`);
    const text = (r: number): ResolvedPrompt => withSystem({ id: p.id, text: syntheticText(len(r), (base + r) >>> 0), synthetic_tokens: len(r) }, p.system);
    return { prompt: text(0), trial: (r) => ({ input: text(r), ...maxTokens(r) }) };
  }
  return out ? { trial: maxTokens } : null;
}

/** The per-request prompts of an experiment's entries, from the sources already read (`loadPromptSources`). */
export function promptSources(e: Experiment, loaded: ReadonlyMap<string, LoadedSource> = new Map()): PromptSources {
  const out = new Map<string, Variation>();
  for (const p of e.workload.prompts ?? []) {
    const v = variationOf(p, e.workload.seed, loaded.get(p.id));
    if (v) out.set(p.id, v);
  }
  return out;
}

/** Reads every file and dataset source of a speed experiment (paths relative to `baseDir`), then plans them. */
export async function loadPromptSources(e: Experiment, baseDir: string): Promise<PromptSources> {
  const loaded = new Map<string, LoadedSource>();
  for (const p of e.workload.prompts ?? []) {
    if (p.file === undefined && p.from_dataset === undefined) continue;
    loaded.set(p.id, await loadSource(p, baseDir, e.datasets ?? {}));
  }
  return promptSources(e, loaded);
}

/**
 * Gives each measured trial of a varied prompt its own input, source and max_tokens, by its repetition index (the
 * warm half of `prompt_cache: measure` gets the same as its cold twin). A variant's own max_tokens wins.
 */
export function applySources(groups: readonly PlanGroup[], sources: PromptSources): void {
  if (sources.size === 0) return;
  for (const g of groups) {
    if (g.warmup) continue;
    const own = g.variant.max_tokens !== undefined;
    for (const t of g.trials) {
      const v = sources.get(t.prompt.endsWith(WARM_SUFFIX) ? t.prompt.slice(0, -WARM_SUFFIX.length) : t.prompt);
      if (!v) continue;
      const extra = v.trial(t.repetition);
      if (extra.input) t.input = extra.input.id === t.prompt ? extra.input : { ...extra.input, id: t.prompt };
      if (extra.source) t.source = extra.source;
      if (extra.max_tokens !== undefined && !own) t.max_tokens = extra.max_tokens;
    }
  }
}

/** What the runner tells the user before it starts: output lengths asked for but not enforced without ignore_eos. */
export function sourceWarnings(e: Experiment): string[] {
  if (e.workload.ignore_eos) return [];
  return (e.workload.prompts ?? [])
    .filter((p) => p.output_tokens !== undefined)
    .map((p) => `prompt ${p.id}: output_tokens sets each request's max_tokens, but without workload.ignore_eos: true the model may stop earlier, so output lengths are not controlled`);
}

/** The manifest's `prompt_sources`: what each file or dataset source read and used (absent when none). */
export function sourcesManifest(sources: PromptSources): { prompt_sources?: Record<string, NonNullable<Variation["source"]>> } {
  const out = Object.fromEntries([...sources].flatMap(([id, v]) => (v.source ? [[id, v.source] as const] : [])));
  return Object.keys(out).length ? { prompt_sources: out } : {};
}

/** Why a run cannot be resumed with these sources: a prompt file changed since it started (null when none did). */
export function changedSources(before: Readonly<Record<string, { origin: string; sha256?: string }>> | undefined, sources: PromptSources): string | null {
  for (const [id, v] of sources) {
    const old = before?.[id];
    if (old?.sha256 && v.source?.sha256 && old.sha256 !== v.source.sha256) return `prompt ${id}: ${v.source.origin} has changed since the run started (sha256 differs)`;
  }
  return null;
}
