/**
 * Measured against true: the errors of stored trials (or a baseline's chunk times) against the paced server's record,
 * every time on the machine-wide monotonic clock (bench/clock.ts).
 *
 * True TTFT is the server's first write − the client's request write: everything a real user waits for, the server's
 * own queueing of the request included. Measured TTFT is the client's stamp of the first token − the same request
 * write, so the TTFT error is how late the client saw the first token the server wrote. How long the request took to
 * reach the server's handler (server receive − client send) is reported beside it as the request leg. True ITLs are the
 * gaps between the server's writes.
 */
import { median, quantile } from "../src/analyse/stats.js";
import type { Trial } from "../src/store/trial.js";
import { toShared } from "./clock.js";

/** The paced server's record, per request id: when it received the request and wrote each chunk, and its tokens. */
export type TruthRecord = Record<string, { recv: number; writes: number[]; tokens: number[] }>;

export interface Observed {
  id: number;
  /** When the client wrote the request, on the shared clock. */
  sent: number;
  ttft_ms: number;
  /** Chunk arrival times, ms since sent. */
  chunks: number[];
  tokens: number;
}

export interface Errors {
  n: number;
  ttft_median: number;
  ttft_p99: number;
  itl_median: number;
  itl_p99: number;
  /** Median relative error of (N − 1) / (E2E − TTFT), %. */
  rate_pct: number;
  /** Median of server receive − client send, ms: request transit plus the server's own queueing (context). */
  request_leg_median: number;
  /** Median true ITL (gap between the server's writes), ms. */
  true_itl_median: number;
}

export function fromTrials(trials: readonly Trial[]): Observed[] {
  return trials
    .filter((t) => !t.warmup && !t.error && t.output)
    .map((t) => ({ id: Number(/^#(\d+) /.exec(t.output ?? "")?.[1] ?? -1), sent: toShared(t.sent_epoch_ms - performance.timeOrigin), ttft_ms: t.ttft_ms ?? NaN, chunks: t.chunks.map((c) => c.t_ms), tokens: t.output_tokens.server ?? t.output_tokens.client ?? 0 }));
}

export function errorsAgainst(observed: readonly Observed[], truth: TruthRecord): Errors {
  const ttft: number[] = [];
  const itl: number[] = [];
  const rate: number[] = [];
  const leg: number[] = [];
  const gaps: number[] = [];
  for (const o of observed) {
    const t = truth[String(o.id)];
    if (!t || t.writes.length !== o.chunks.length || t.writes.length < 2) continue;
    ttft.push(Math.abs(o.ttft_ms - ((t.writes[0] ?? 0) - o.sent)));
    leg.push(t.recv - o.sent);
    for (let i = 1; i < t.writes.length; i++) gaps.push((t.writes[i] ?? 0) - (t.writes[i - 1] ?? 0));
    for (let i = 1; i < o.chunks.length; i++) itl.push(Math.abs((o.chunks[i] ?? 0) - (o.chunks[i - 1] ?? 0) - ((t.writes[i] ?? 0) - (t.writes[i - 1] ?? 0))));
    const n = t.tokens.reduce((a, b) => a + b, 0);
    const measured = (n - 1) / ((o.chunks.at(-1) ?? 0) - (o.chunks[0] ?? 0));
    const real = (n - 1) / ((t.writes.at(-1) ?? 0) - (t.writes[0] ?? 0));
    rate.push((100 * Math.abs(measured - real)) / real);
  }
  return {
    n: ttft.length,
    ttft_median: median(ttft) ?? NaN,
    ttft_p99: quantile(ttft, 0.99) ?? NaN,
    itl_median: median(itl) ?? NaN,
    itl_p99: quantile(itl, 0.99) ?? NaN,
    rate_pct: median(rate) ?? NaN,
    request_leg_median: median(leg) ?? NaN,
    true_itl_median: median(gaps) ?? NaN,
  };
}

/**
 * The rate a level really streamed, from the server's record of the level's own requests (`ids`; whatever the client
 * sent before the level, such as trialbook's preflight probe, would stretch the span): Σ `count` ÷ (last write − first
 * write), per second.
 */
export function streamedRate(truth: TruthRecord, ids: ReadonlySet<string>, count: (t: TruthRecord[string]) => number): number {
  const all = Object.entries(truth).filter(([id]) => ids.has(id)).map(([, t]) => t);
  const first = Math.min(...all.map((t) => t.writes[0] ?? Infinity));
  const last = Math.max(...all.map((t) => t.writes.at(-1) ?? -Infinity));
  const n = all.reduce((a, t) => a + count(t), 0);
  return last > first ? n / ((last - first) / 1000) : 0;
}

export const idsOf = (observed: readonly Observed[]): Set<string> => new Set(observed.map((o) => String(o.id)));
