/**
 * Arrival schedules for open-loop levels, drawn up front from a seed so a level sends at the same offsets in every run
 * and on resume.
 *
 * - poisson: gaps exponential with mean 1/rate (inverse transform).
 * - constant: gaps exactly 1/rate, the first request at 0.
 * - gamma: gaps Gamma(shape k = burstiness, scale 1/(rate·k)) — mean 1/rate; k = 1 is Poisson; vLLM's --burstiness.
 *
 * A level of `requests` takes that many arrivals; a level of `duration_s` takes every arrival before the duration ends.
 * Offsets are ms from the level's start; the first poisson/gamma arrival comes after one gap, as in vLLM.
 */
import { gaussian, mulberry32 } from "../shared/rng.js";
import type { Arrivals } from "../validate/load.js";

export interface ScheduleSpec {
  rate: number;
  arrivals: Arrivals;
  burstiness?: number | undefined;
  requests?: number | undefined;
  duration_s?: number | undefined;
}

/** A Gamma(shape, 1) sample (Marsaglia–Tsang; shape < 1 through the boost u^(1/shape)). */
export function gammaSample(shape: number, rand: () => number, normal: () => number): number {
  if (shape < 1) return gammaSample(shape + 1, rand, normal) * Math.pow(Math.max(rand(), 1e-300), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = normal();
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = rand();
    if (u < 1 - 0.0331 * x ** 4 || Math.log(Math.max(u, 1e-300)) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

/** The gap generator of an arrival process, in seconds. */
function gaps(spec: ScheduleSpec, seed: number): () => number {
  const rand = mulberry32(seed);
  const mean = 1 / spec.rate;
  switch (spec.arrivals) {
    case "constant":
      return () => mean;
    case "poisson":
      return () => -Math.log(1 - rand()) * mean;
    case "gamma": {
      const k = spec.burstiness ?? 1;
      const normal = gaussian(rand);
      return () => (gammaSample(k, rand, normal) * mean) / k;
    }
  }
}

const MAX_ARRIVALS = 1_000_000;

/** Offsets (ms from the level's start, rounded to µs) at which the level's requests are due. */
export function drawSchedule(spec: ScheduleSpec, seed: number): number[] {
  const next = gaps(spec, seed);
  const out: number[] = [];
  let t = spec.arrivals === "constant" ? -1 / spec.rate : 0;
  const limit = spec.duration_s;
  for (;;) {
    t += next();
    if (spec.requests !== undefined && out.length >= spec.requests) break;
    if (spec.requests === undefined && (limit === undefined || t >= limit || out.length >= MAX_ARRIVALS)) break;
    out.push(Math.round(t * 1e6) / 1e3);
  }
  return out;
}

/** A seed for one level, the same for every variant and prompt (same schedule, fair comparison). */
export function levelSeed(seed: number, id: string): number {
  let h = 2166136261 ^ seed;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 16777619);
  return h >>> 0;
}
