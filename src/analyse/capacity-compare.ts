/**
 * Capacity, A against B: the highest rate meeting the SLO for the same variant and prompt in two runs (or for two
 * variants of one run, prompt by prompt). Only a rate that met the SLO is compared; a side where none did is null.
 *
 * A sweep only brackets the true capacity: it lies between the last rate that met the SLO and the first that did not
 * (the knee). So a change is said only when the brackets do not overlap: B is "higher" when it met a rate that A
 * missed, "lower" when it missed a rate that A met; otherwise there is no measurable difference, whatever the ratio of
 * the two highest rates. Two runs under different SLOs are not comparable.
 */
import type { CapacityRow } from "./capacity.js";
import type { ComparisonRow } from "./compare.js";

/** A capacity change in the shape of a comparison row (`compare --json`, CI gates). */
export type CapacityComparisonRow = Omit<ComparisonRow, "metric"> & {
  /** The highest rate meeting the SLO. */
  metric: "max_rate_rps";
  /** Each run's knee bracket: the last rate meeting the SLO and the first missing it. */
  knee_a: CapacityRow["knee"];
  knee_b: CapacityRow["knee"];
};

export type CapacityJudgement = "higher" | "lower" | "no measurable difference" | "not comparable";

interface Side {
  variant: string;
  prompt: string;
  max_rate_rps: number | null;
  knee: CapacityRow["knee"];
}

export interface CapacityChange {
  a: Side;
  b: Side;
  /** b ÷ a, when both met the SLO at some rate. */
  ratio: number | null;
  /** The two runs' SLOs differ: the rates answer different questions. */
  slo_differs: boolean;
  /** Judged from the two brackets, not from the ratio (see the module comment). */
  change: CapacityJudgement;
}

const side = (r: CapacityRow): Side => ({ variant: r.variant, prompt: r.prompt, max_rate_rps: r.max_rate_rps, knee: r.knee });

/** A's capacity lies in [last met, first missed); so does B's. Different only when the two brackets are apart. */
export function judgeCapacity(a: Side, b: Side, sloDiffers: boolean): CapacityJudgement {
  if (sloDiffers) return "not comparable";
  const tested = (s: Side) => s.knee.last_met_rps !== null || s.knee.first_missed_rps !== null;
  if (!tested(a) || !tested(b)) return "not comparable";
  const met = (s: Side) => s.knee.last_met_rps ?? 0;
  const missed = (s: Side) => s.knee.first_missed_rps ?? Number.POSITIVE_INFINITY;
  if (met(b) >= missed(a)) return "higher";
  if (missed(b) <= met(a)) return "lower";
  return "no measurable difference";
}

export function compareCapacity(a: readonly CapacityRow[], b: readonly CapacityRow[], variants?: readonly [string, string]): CapacityChange[] {
  const out: CapacityChange[] = [];
  for (const ra of a) {
    if (variants && ra.variant !== variants[0]) continue;
    // a row of conversations alone has no rate to compare (sessions-compare.ts compares it)
    if (ra.levels.length === 0) continue;
    const rb = b.find((r) => r.prompt === ra.prompt && r.variant === (variants ? variants[1] : ra.variant));
    if (!rb) continue;
    const ratio = ra.max_rate_rps && rb.max_rate_rps !== null ? rb.max_rate_rps / ra.max_rate_rps : null;
    const sloDiffers = JSON.stringify(ra.slo) !== JSON.stringify(rb.slo);
    out.push({ a: side(ra), b: side(rb), ratio, slo_differs: sloDiffers, change: judgeCapacity(side(ra), side(rb), sloDiffers) });
  }
  return out;
}

const AS_CHANGE: Record<CapacityJudgement, ComparisonRow["change"]> = {
  higher: "faster",
  lower: "slower",
  "no measurable difference": "no significant change",
  "not comparable": "not comparable",
};

/**
 * Capacity changes as rows of `compare --json` (metric `max_rate_rps`, concurrency 0 = open loop), so that a CI gate
 * trips on them too: "slower" there means B sustains a lower rate under the SLO. The interval fields are null (a
 * sweep gives a bracket, not a sample); the brackets are in `knee_a` and `knee_b`.
 */
export function capacityComparisonRows(changes: readonly CapacityChange[], labels: readonly [string, string]): CapacityComparisonRow[] {
  return changes.map((c) => ({
    a: labels[0],
    b: labels[1],
    variant_a: c.a.variant,
    variant_b: c.b.variant,
    prompt: c.a.prompt,
    concurrency: 0,
    metric: "max_rate_rps" as const,
    n_a: 1,
    n_b: 1,
    mean_a: c.a.max_rate_rps,
    mean_b: c.b.max_rate_rps,
    ratio: c.ratio,
    ci95_low: null,
    ci95_high: null,
    change: AS_CHANGE[c.change],
    knee_a: c.a.knee,
    knee_b: c.b.knee,
  }));
}
