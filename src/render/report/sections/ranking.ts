/**
 * Generation speed compared in words, like with like: per run, prompt and the lowest concurrency level, every variant
 * on the same counter — the server's own when every variant has it, else trialbook's clock for all — sorted by mean,
 * each next to the one after it. "faster" only when the 95% bootstrap interval of the ratio of means excludes 1;
 * otherwise "no measurable difference", always with the ratio and its interval.
 */
import { overlapped, partialServerFigure } from "../../../analyse/metrics/coverage.js";
import type { StoredRun } from "../../../analyse/load-run.js";
import type { RunSummary } from "../../../analyse/summary.js";
import { TRIAL_METRICS } from "../../../analyse/metrics/index.js";
import { mean, present, ratioOfMeans } from "../../../analyse/stats.js";
import type { Words } from "../../../shared/i18n/catalogue.js";
import { closedLoop, inClosedCell, loadWords } from "./figures.js";

export type Basis = "decode_tps_server" | "decode_tps_client";

export interface Pair {
  /** The variant with the higher mean, and the one after it. */
  a: string;
  b: string;
  /** mean(a) ÷ mean(b) and its 95% interval (null with fewer than two values on a side). */
  ratio: number;
  ci: [number, number] | null;
  outcome: "faster" | "no-difference" | "not-comparable";
}

export interface Ranking {
  run_id: string;
  prompt: string;
  concurrency: number;
  basis: Basis;
  pairs: Pair[];
}

function valuesOf(run: StoredRun, variant: string, prompt: string, concurrency: number, basis: Basis): number[] {
  const metric = TRIAL_METRICS[basis];
  return present(run.trials.filter((t) => inClosedCell(t) && t.variant === variant && t.prompt === prompt && t.concurrency === concurrency).map((t) => metric.of(t)));
}

/** The server counted the cell's requests (all of them where they overlapped, else its figure is a subset's: metrics/coverage.ts). */
function serverCounted(run: StoredRun, variant: string, prompt: string, concurrency: number): boolean {
  const counted = valuesOf(run, variant, prompt, concurrency, "decode_tps_server").length;
  const all = run.trials.filter((t) => inClosedCell(t) && t.variant === variant && t.prompt === prompt && t.concurrency === concurrency).length;
  return counted > 0 && !partialServerFigure("decode_tps_server", counted, all, overlapped({ concurrency }));
}

/** The rankings of one run: one per prompt with at least two variants at the run's lowest concurrency level. */
export function rankingsOf(run: StoredRun, summary: RunSummary): Ranking[] {
  const levels = closedLoop(summary.levels);
  const lowest = Math.min(...levels.map((l) => l.concurrency));
  const prompts = [...new Set(levels.map((l) => l.prompt))];
  return prompts.flatMap((prompt) => {
    const variants = levels.filter((l) => l.prompt === prompt && l.concurrency === lowest).map((l) => l.variant);
    if (variants.length < 2) return [];
    const server = variants.every((v) => serverCounted(run, v, prompt, lowest));
    const basis: Basis = server ? "decode_tps_server" : "decode_tps_client";
    const ranked = variants
      .map((v) => ({ v, values: valuesOf(run, v, prompt, lowest, basis) }))
      .filter((x) => x.values.length > 0)
      .sort((x, y) => (mean(y.values) ?? 0) - (mean(x.values) ?? 0));
    const pairs: Pair[] = [];
    for (let i = 0; i + 1 < ranked.length; i++) {
      const hi = ranked[i]!;
      const lo = ranked[i + 1]!;
      const r = ratioOfMeans(lo.values, hi.values);
      if (!r) continue;
      const outcome = r.ci === null ? "not-comparable" : r.ci[0] > 1 ? "faster" : "no-difference";
      pairs.push({ a: hi.v, b: lo.v, ratio: r.ratio, ci: r.ci, outcome });
    }
    return pairs.length ? [{ run_id: summary.run_id, prompt, concurrency: lowest, basis, pairs }] : [];
  });
}

/** "×1.35, 95% CI 1.28–1.42" in the report's language. */
export function statWords(w: Words, p: Pair): string {
  const r = w.f.num(p.ratio, 2);
  return p.ci ? w.t.wording.stat(r, w.f.num(p.ci[0], 2), w.f.num(p.ci[1], 2)) : w.t.wording.statNoInterval(r);
}

/** One sentence per adjacent pair: "a is faster than b (×…, 95% CI …)" or "a and b: no measurable difference (…)". */
export function pairSentence(w: Words, p: Pair): string {
  const s = statWords(w, p);
  if (p.outcome === "faster") return w.t.wording.faster(p.a, p.b, s);
  if (p.outcome === "no-difference") return w.t.wording.noDifference(p.a, p.b, s);
  return w.t.wording.notComparable(p.a, p.b);
}

/** The sentence that opens a ranking: which prompt, which load, which counter. */
export function rankingIntro(w: Words, r: Ranking): string {
  return w.t.wording.rankingIntro(r.prompt, loadWords(w, r.concurrency), r.basis === "decode_tps_server" ? w.t.wording.basisServer : w.t.wording.basisClient);
}

export interface RunChange {
  variant: string;
  prompt: string;
  concurrency: number;
  later: string;
  basis: Basis;
  /** mean(later) ÷ mean(first) and its 95% interval. */
  ratio: number;
  ci: [number, number] | null;
  outcome: "faster" | "slower" | "no-difference" | "not-comparable";
}

/** Each later run against the first, per variant and prompt at the lowest concurrency level, on one counter per cell. */
export function runChanges(first: StoredRun, firstSummary: RunSummary, later: StoredRun): RunChange[] {
  const levels = closedLoop(firstSummary.levels);
  const lowest = Math.min(...levels.map((l) => l.concurrency));
  return levels
    .filter((l) => l.concurrency === lowest)
    .flatMap((l) => {
      const server = [first, later].every((run) => serverCounted(run, l.variant, l.prompt, lowest));
      const basis: Basis = server ? "decode_tps_server" : "decode_tps_client";
      const r = ratioOfMeans(valuesOf(first, l.variant, l.prompt, lowest, basis), valuesOf(later, l.variant, l.prompt, lowest, basis));
      if (!r) return [];
      const outcome = r.ci === null ? "not-comparable" : r.ci[0] > 1 ? "faster" : r.ci[1] < 1 ? "slower" : "no-difference";
      return [{ variant: l.variant, prompt: l.prompt, concurrency: lowest, later: later.manifest.run_id, basis, ratio: r.ratio, ci: r.ci, outcome }];
    });
}

/** "v · p: slower in run B (×0.83, 95% CI 0.78–0.88; server's counter)". */
export function runChangeSentence(w: Words, c: RunChange, prompts: number): string {
  const what = prompts > 1 ? `${c.variant} · ${c.prompt}` : c.variant;
  const stat = statWords(w, { a: "", b: "", ratio: c.ratio, ci: c.ci, outcome: "faster" });
  const basis = c.basis === "decode_tps_server" ? w.t.wording.counterServer : w.t.wording.counterClient;
  if (c.outcome === "faster") return w.t.wording.runFaster(what, c.later, stat, basis);
  if (c.outcome === "slower") return w.t.wording.runSlower(what, c.later, stat, basis);
  return w.t.wording.runNoDifference(what, c.later, stat, basis);
}
