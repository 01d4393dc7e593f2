/**
 * Facts several sections state in words: what a variant is, the load of a level, the reasoning share of a cell, and
 * whether a variant's model is one of trialbook's self-made demo models.
 */
import type { StoredRun } from "../../../analyse/load-run.js";
import type { CellKey } from "../../../analyse/cells.js";
import type { Trial } from "../../../store/trial.js";
import type { PhrasingContent } from "mdast";
import type { Words } from "../../../shared/i18n/catalogue.js";

/** "v (m, GGUF Q4_K_M)" — the variant with its declared model, format and quantization. */
export function variantWhat(w: Words, run: StoredRun | undefined, variant: string): string {
  const declared = run?.manifest.variants[variant]?.declared;
  if (!declared) return variant;
  return w.t.summary.what(variant, declared.model, `${declared.format.toUpperCase()}${declared.quantization ? ` ${declared.quantization}` : ""}`);
}

/** "one request at a time" or "4 requests at once". */
export const loadWords = (w: Words, concurrency: number): string => (concurrency === 1 ? w.t.summary.oneAtATime : w.t.summary.atOnce(w.f.int(concurrency)));

/**
 * The closed-loop levels of a summary: what "the lowest concurrency level" is chosen among. An open-loop level's
 * `concurrency` is only its cap on requests in flight (0 when uncapped), shared by every rate of a sweep.
 */
export const closedLoop = <L extends { rate?: number }>(levels: readonly L[]): L[] => levels.filter((l) => l.rate === undefined);

/** A measured request of a closed-loop cell: not a warm-up, an error, a deeper context, a conversation turn or an open-loop arrival. */
export const inClosedCell = (t: Trial): boolean => !t.warmup && !t.error && !t.depth && t.turn === undefined && t.rate === undefined;

/** Reasoning tokens ÷ generated tokens over a cell's measured, completed requests (null when nothing was generated). */
export function reasoningShare(run: StoredRun, cell: CellKey): number | null {
  let reasoning = 0;
  let total = 0;
  for (const t of run.trials) {
    if (t.warmup || t.error || t.depth || t.turn !== undefined || t.variant !== cell.variant || t.prompt !== cell.prompt || t.concurrency !== cell.concurrency || t.rate !== cell.rate) continue;
    reasoning += t.reasoning_tokens;
    total += t.output_tokens.server ?? t.output_tokens.client ?? 0;
  }
  return total > 0 ? Math.min(1, reasoning / total) : null;
}

/** Model names `trialbook make-model` writes into a GGUF's general.name: "trialbook-<preset>" or "trialbook-d<N>-l<N>". */
const SELF_MADE = /^trialbook-(tiny|small|medium|demo|d\d+-l\d+)$/;

/**
 * Whether a variant ran one of trialbook's self-made random-weight models, as the model facts the backend read tell
 * (the GGUF's general.name). Declared names are not trusted for this: a real model is never captioned as word salad.
 */
export function isSelfMadeModel(run: StoredRun, variant: string): boolean {
  const facts = run.manifest.variants[variant]?.model;
  if (!facts) return false;
  const general = (facts.details as { general_name?: unknown } | undefined)?.general_name;
  return SELF_MADE.test(facts.name) || (typeof general === "string" && SELF_MADE.test(general));
}

/**
 * A bold label with its text. Where sentences run on without a space (Japanese), the label's closing punctuation
 * ("：") stays outside the bold, so that Markdown closes the emphasis before the text that follows.
 */
export function labelled(w: Words, label: string, rest: string): Array<PhrasingContent | string> {
  const gap = w.t.common.sentenceGap;
  if (gap !== "") return [{ type: "strong", children: [{ type: "text", value: label }] }, rest ? gap + rest : ""];
  const m = /^(.*?)([.:：]?)$/su.exec(label);
  const core = m?.[1] ?? label;
  const punct = m?.[2] ?? "";
  return [{ type: "strong", children: [{ type: "text", value: core }] }, `${punct}${rest}`];
}
