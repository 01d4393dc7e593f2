/**
 * When is an open-loop level clearly saturated? Used by the runner (to stop a searched level early) and by the
 * analysis (to say why a level stopped). Two rules, checked as requests finish:
 *
 * 1. unreachable — more requests have already missed the SLO than the goodput share allows over the whole level
 *    (missed > (1 − goodput) × planned): the level fails whatever the rest does;
 * 2. rising — latency grows through the level (queues without bound): with at least 12 finished requests, the median
 *    latency from the scheduled time of the latest third (by schedule) is over twice that of the first third and over
 *    the SLO.
 */
export interface LevelProgress {
  /** Due offset in the level, ms. */
  scheduled_ms: number;
  /** Latency as felt from the scheduled time (lateness + TTFT, or + E2E when only e2e_ms is set); null if it failed. */
  felt_ms: number | null;
  met: boolean;
}

export interface SaturationRule {
  planned: number;
  goodput: number;
  /** The latency limit the rising rule compares with (the SLO's TTFT, else its E2E), ms. */
  limit_ms: number | null;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = (s.length - 1) / 2;
  return ((s[Math.floor(m)] ?? 0) + (s[Math.ceil(m)] ?? 0)) / 2;
};

export type Saturation = { rule: "unreachable"; missed: number } | { rule: "rising"; first_ms: number; last_ms: number };

export function saturation(done: readonly LevelProgress[], r: SaturationRule): Saturation | null {
  const missed = done.filter((d) => !d.met).length;
  if (missed > (1 - r.goodput) * r.planned + 1e-9) return { rule: "unreachable", missed };
  if (done.length < 12 || r.limit_ms === null) return null;
  const ordered = [...done].sort((a, b) => a.scheduled_ms - b.scheduled_ms);
  const third = Math.floor(ordered.length / 3);
  const felt = (xs: LevelProgress[]) => xs.map((d) => d.felt_ms ?? Number.POSITIVE_INFINITY);
  const first = median(felt(ordered.slice(0, third)));
  const last = median(felt(ordered.slice(-third)));
  if (last > 2 * first && last > r.limit_ms) return { rule: "rising", first_ms: first, last_ms: last };
  return null;
}
