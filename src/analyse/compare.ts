/**
 * Comparisons with their uncertainty: two runs (cells matched by variant, prompt and level) or two variants of one run
 * (e.g. GGUF vs MLX; cells matched by prompt and level). A level is a concurrency, or an open-loop level's arrivals and
 * rate (`poisson@4`): two rates of a sweep are never paired, even under the same cap on requests in flight. For each
 * speed metric: the ratio of means B / A with a 95% bootstrap interval. A change is flagged only when the interval
 * excludes 1 *and* the ratio moves more than `minChange` (default 3%): smaller shifts are within what these machines do
 * from run to run.
 */
import type { Trial } from "../store/trial.js";
import { TRIAL_METRICS, type MetricId } from "./metrics/index.js";
import { overlapped, partialServerFigure } from "./metrics/coverage.js";
import { cellId, cellsOf, type Cell } from "./cells.js";
import { mean, present, ratioOfMeans } from "./stats.js";
import type { StoredRun } from "./load-run.js";

export const COMPARED: readonly MetricId[] = ["ttft_ms", "tpot_ms", "e2e_ms", "decode_tps_client", "decode_tps_server", "prefill_tps_server"];

export type Change = "faster" | "slower" | "no significant change" | "not comparable";

export interface ComparisonRow {
  a: string;
  b: string;
  variant_a: string;
  variant_b: string;
  prompt: string;
  /** The closed-loop level; for an open-loop level its cap on requests in flight; 0 for a capacity row (open loop). */
  concurrency: number;
  /** Open-loop levels: the offered rate (req/s); absent for closed-loop rows. */
  rate?: number;
  /** Open-loop levels: `<arrivals>@<rate>`, as in the trial keys; absent for closed-loop rows. */
  level?: string;
  metric: MetricId;
  n_a: number;
  n_b: number;
  mean_a: number | null;
  mean_b: number | null;
  ratio: number | null;
  ci95_low: number | null;
  ci95_high: number | null;
  change: Change;
}

export interface CompareOptions {
  minChange?: number;
  metrics?: readonly MetricId[];
}

export function judge(metric: MetricId, ratio: number | null, ci: [number, number] | null, minChange: number): Change {
  if (ratio === null || ci === null) return "not comparable";
  const up = ci[0] > 1 && ratio > 1 + minChange;
  const down = ci[1] < 1 && ratio < 1 - minChange;
  if (!up && !down) return "no significant change";
  const better = TRIAL_METRICS[metric].better === "higher" ? up : down;
  return better ? "faster" : "slower";
}

function compareCells(labels: [string, string], a: Cell, b: Cell, options: CompareOptions): ComparisonRow[] {
  const minChange = options.minChange ?? 0.03;
  const values = (trials: readonly Trial[], m: MetricId) => present(trials.filter((t) => !t.error).map((t) => TRIAL_METRICS[m].of(t)));
  return (options.metrics ?? COMPARED).flatMap((metric) => {
    const va = values(a.trials, metric);
    const vb = values(b.trials, metric);
    if (va.length === 0 && vb.length === 0) return [];
    // a server figure that covers part of a level on either side is no level's figure (metrics/coverage.ts)
    const completed = (c: Cell) => c.trials.filter((t) => !t.error).length;
    if (partialServerFigure(metric, va.length, completed(a), overlapped(a)) || partialServerFigure(metric, vb.length, completed(b), overlapped(b))) return [];
    const r = ratioOfMeans(va, vb);
    return [{
      a: labels[0], b: labels[1], variant_a: a.variant, variant_b: b.variant, prompt: a.prompt, concurrency: a.concurrency,
      ...(a.rate === undefined ? {} : { rate: a.rate, level: a.level ?? `@${a.rate}` }), metric,
      n_a: va.length, n_b: vb.length, mean_a: mean(va), mean_b: mean(vb),
      ratio: r?.ratio ?? null, ci95_low: r?.ci?.[0] ?? null, ci95_high: r?.ci?.[1] ?? null,
      change: judge(metric, r?.ratio ?? null, r?.ci ?? null, minChange),
    }];
  });
}

/** Run B against run A, cell by cell (cells present in only one run are left out). */
export function compareRuns(a: StoredRun, b: StoredRun, options: CompareOptions = {}): ComparisonRow[] {
  const cellsB = new Map(cellsOf(b.trials).map((c) => [cellId(c), c]));
  return cellsOf(a.trials).flatMap((ca) => {
    const cb = cellsB.get(cellId(ca));
    return cb ? compareCells([a.manifest.run_id, b.manifest.run_id], ca, cb, options) : [];
  });
}

/** Variant B against variant A within one run (e.g. the MLX build against the GGUF build). */
export function compareVariants(run: StoredRun, variantA: string, variantB: string, options: CompareOptions = {}): ComparisonRow[] {
  const cells = cellsOf(run.trials);
  return cells
    .filter((c) => c.variant === variantA)
    .flatMap((ca) => {
      // like levels only: the same concurrency, and for open-loop levels the same arrivals and rate
      const cb = cells.find((c) => c.variant === variantB && c.prompt === ca.prompt && c.concurrency === ca.concurrency && c.level === ca.level);
      return cb ? compareCells([variantA, variantB], ca, cb, options) : [];
    });
}
