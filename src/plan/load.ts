/**
 * The open-loop part of a speed plan: `workload.load` levels, then `workload.sweep` levels from the lowest rate up,
 * per variant after its concurrency levels. Each level's arrival schedule is drawn here, up front, from the seed and
 * the level's id, so that every variant and prompt gets the same schedule and a resumed run the same offsets.
 *
 * Trial keys: `variant/prompt/<arrivals>@<rate>/r<index>`, e.g. `demo/hi/poisson@2/r17` — stable across resumes.
 * A trial's `concurrency` is the level's max_concurrency, or 0 (open loop, no cap).
 */
import type { Experiment, Variant } from "../validate/schema.js";
import type { Arrivals, LoadLevel, Sweep } from "../validate/load.js";
import { drawSchedule, levelSeed } from "./arrivals.js";
import type { PlanGroup, PlannedTrial, ResolvedPrompt } from "./plan.js";

export interface OpenLoopLevel {
  /** `<arrivals>@<rate>`: names the level in trial keys. */
  id: string;
  rate: number;
  arrivals: Arrivals;
  burstiness?: number;
  max_concurrency?: number;
  /** Due offsets (ms from the level's start), one per planned trial, by repetition index. */
  schedule: number[];
  /** From `workload.sweep` (not `workload.load`). */
  sweep: boolean;
  /** The sweep searches for the highest rate meeting the SLO (levels stop early and may be skipped). */
  search: boolean;
  /** A rate added by the search between the last passing and the first failing rate. */
  refined?: boolean;
}

/** Rates to 4 significant digits, so sweep rates and keys stay readable (0.75, 2.333, 12.5). */
export const roundRate = (r: number): number => Number(r.toPrecision(4));

export const levelId = (arrivals: Arrivals, rate: number): string => `${arrivals}@${rate}`;

/** The rates of a sweep, ascending. */
export function sweepRates(s: Sweep): number[] {
  if (s.rates) return [...new Set(s.rates.map(roundRate))].sort((a, b) => a - b);
  const from = s.from ?? 1;
  const to = s.to ?? from;
  return Array.from({ length: s.steps }, (_, i) => roundRate(from + ((to - from) * i) / (s.steps - 1)));
}

type Shape = Pick<LoadLevel, "arrivals" | "burstiness" | "max_concurrency" | "requests" | "duration_s">;

function openLevel(shape: Shape, rate: number, seed: number, sweep: Sweep | null, refined = false): OpenLoopLevel {
  const id = levelId(shape.arrivals, rate);
  const schedule = drawSchedule({ rate, arrivals: shape.arrivals, burstiness: shape.burstiness, requests: shape.requests, duration_s: shape.duration_s }, levelSeed(seed, id));
  const level: OpenLoopLevel = { id, rate, arrivals: shape.arrivals, schedule, sweep: sweep !== null, search: sweep?.search ?? false };
  if (shape.burstiness !== undefined) level.burstiness = shape.burstiness;
  if (shape.max_concurrency !== undefined) level.max_concurrency = shape.max_concurrency;
  if (refined) level.refined = true;
  return level;
}

/** Per-trial additions the rest of the plan makes by key (e.g. a prompt-cache nonce). */
export type TrialExtra = (key: string) => Partial<PlannedTrial>;

export function openLoopGroup(variant: Variant, prompt: ResolvedPrompt, level: OpenLoopLevel, extra: TrialExtra = () => ({})): PlanGroup {
  const concurrency = level.max_concurrency ?? 0;
  const trials: PlannedTrial[] = level.schedule.map((scheduled_ms, r) => {
    const key = `${variant.id}/${prompt.id}/${level.id}/r${r}`;
    return { ...extra(key), key, variant: variant.id, prompt: prompt.id, concurrency, repetition: r, warmup: false, rate: level.rate, scheduled_ms };
  });
  return { variant, prompt, warmup: false, concurrency, trials, load: level };
}

/** The open-loop levels of an experiment, in the order they run (fixed levels, then the sweep from low to high). */
export function openLoopLevels(e: Experiment): OpenLoopLevel[] {
  const w = e.workload;
  const out: OpenLoopLevel[] = (w.load ?? []).map((l) => openLevel(l, roundRate(l.rate), w.seed, null));
  if (w.sweep) {
    const taken = new Set(out.map((l) => l.id));
    for (const rate of sweepRates(w.sweep)) if (!taken.has(levelId(w.sweep.arrivals, rate))) out.push(openLevel(w.sweep, rate, w.seed, w.sweep));
  }
  return out;
}

/** A level the search adds between two sweep rates (its schedule drawn like every other level's). */
export function refinedLevel(e: Experiment, rate: number): OpenLoopLevel | null {
  const s = e.workload.sweep;
  return s ? openLevel(s, roundRate(rate), e.workload.seed, s, true) : null;
}

export function planOpenLoop(e: Experiment, variant: Variant, prompts: readonly ResolvedPrompt[], extra?: TrialExtra): PlanGroup[] {
  return openLoopLevels(e).flatMap((level) => prompts.map((p) => openLoopGroup(variant, p, level, extra)));
}
