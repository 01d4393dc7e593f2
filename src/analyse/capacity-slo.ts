/**
 * The SLO as a user of an open-loop level feels it: latency counts from when the request was due (its scheduled time),
 * so a wait for a free slot under `max_concurrency` (send lateness) counts like a wait in the server's queue.
 *
 * - felt TTFT = send lateness + TTFT; felt E2E = send lateness + E2E; TPOT as usual.
 * - A request meets the SLO when it did not fail and meets every declared limit. Closed-loop trials have no
 *   lateness: for them this is exactly `meetsSlo`.
 */
import type { Slo } from "../validate/schema.js";
import type { Trial } from "../store/trial.js";
import { tpotMs } from "./metrics/tpot.js";

export const DEFAULT_GOODPUT = 0.9;

const late = (t: Trial): number => Math.max(0, t.send_lateness_ms ?? 0);

export const feltTtft = (t: Trial): number | null => (t.error || t.ttft_ms === null ? null : late(t) + t.ttft_ms);
export const feltE2e = (t: Trial): number | null => (t.error || t.e2e_ms === null ? null : late(t) + t.e2e_ms);

export function meetsFeltSlo(t: Trial, slo: Slo): boolean {
  if (t.error) return false;
  const ttft = feltTtft(t);
  const e2e = feltE2e(t);
  const tpot = tpotMs(t);
  return (slo.ttft_ms === undefined || (ttft !== null && ttft <= slo.ttft_ms))
    && (slo.tpot_ms === undefined || (tpot !== null && tpot <= slo.tpot_ms))
    && (slo.e2e_ms === undefined || (e2e !== null && e2e <= slo.e2e_ms));
}

/** The share of requests that must meet the SLO (older manifests have no `goodput`: the default). */
export const goodputShare = (slo: Slo): number => slo.goodput ?? DEFAULT_GOODPUT;

/** The latency the saturation rule watches: felt TTFT when the SLO limits TTFT, else felt E2E. */
export const watchedLatency = (t: Trial, slo: Slo): number | null => (slo.ttft_ms !== undefined || slo.e2e_ms === undefined ? feltTtft(t) : feltE2e(t));
export const watchedLimit = (slo: Slo): number | null => slo.ttft_ms ?? slo.e2e_ms ?? null;
