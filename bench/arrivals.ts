/**
 * Open-loop arrivals against the paced server: at 100 requests/s (constant and Poisson, 1,000 requests each) how late
 * does trialbook send each request after its scheduled time (p50/p99; target p99 ≤ 1 ms on one core), how close is the
 * achieved send rate to the asked one, and do Poisson send gaps pass a Kolmogorov–Smirnov test against the exponential?
 * `workers` sets `settings.load_workers` (1: the run's own thread; n: n worker threads sharing the schedule).
 */
import { join } from "node:path";
import { PerformanceObserver, constants, type PerformanceEntry } from "node:perf_hooks";
import { runExperiment } from "./built.js";
import { quantile } from "../src/analyse/stats.js";
import { tempDir, writeExperiment } from "../test/helpers/experiments.js";
import { gapsOf, ksCritical01, ksExponential } from "../test/helpers/ks.js";
import type { PacedServer } from "./server-process.js";

export interface ArrivalsCase {
  arrivals: "constant" | "poisson";
  rate: number;
  workers: number;
  n: number;
  lateness_p50: number;
  lateness_p99: number;
  /** achieved send rate ÷ the schedule's own rate − 1, in %. */
  rate_error_pct: number;
  /** Poisson only: KS D of the achieved send gaps against Exp(rate), and the 1% critical value. */
  ks: { d: number; critical: number } | null;
  /**
   * The young-generation collections of this thread during the level, as V8 reports them: run ahead in the gaps between
   * sends (forced) and by V8 on its own; the sends more than 1 ms late, and how many of them a collection's pause
   * (young or old generation) overlapped.
   */
  gc: { ahead: number; by_v8: number; late: number; late_in_gc: number };
}

interface Collection {
  start: number;
  end: number;
  /** young generation (a scavenge), or old (a pause of mark-compact) */
  minor: boolean;
  forced: boolean;
}

/** Watches this thread's garbage-collection pauses until the returned function is called. */
function watchCollections(): () => Promise<Collection[]> {
  const seen: Collection[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries() as Array<PerformanceEntry & { detail?: { kind: number; flags: number } }>) {
      if (!e.detail) continue;
      const minor = e.detail.kind === constants.NODE_PERFORMANCE_GC_MINOR;
      seen.push({ start: e.startTime, end: e.startTime + e.duration, minor, forced: (e.detail.flags & constants.NODE_PERFORMANCE_GC_FLAGS_FORCED) !== 0 });
    }
  });
  observer.observe({ entryTypes: ["gc"] });
  return async () => {
    await new Promise((r) => setTimeout(r, 50)); // entries are delivered asynchronously
    observer.disconnect();
    return seen;
  };
}

export async function arrivals(server: PacedServer, kind: "constant" | "poisson", rate = 100, requests = 1000, workers = 1): Promise<ArrivalsCase> {
  await server.configure({ ttft_ms: 40, gap_ms: 8, jitter_ms: 3, seed: 7, tokens_per_chunk: 2 });
  const d = tempDir("trialbook-bench-");
  const file = writeExperiment(d, {
    name: `arrivals-${kind}`,
    backends: { paced: { type: "openai", base_url: `${server.url}/v1` } },
    variants: [{ id: "paced", backend: "paced", model: "paced", format: "other" }],
    workload: { prompts: [{ id: "p", text: "hi" }], max_tokens: 16, warmup: 1, repetitions: 1, load: [{ rate, arrivals: kind, requests }] },
    settings: { load_workers: workers },
  });
  const collections = watchCollections();
  const result = await runExperiment({ file, runsDir: join(d, "runs") });
  const pauses = await collections();
  await server.truth(); // clear what the server kept
  const ts = result.written.filter((t) => t.rate !== undefined && !t.error).sort((a, b) => a.sent_epoch_ms - b.sent_epoch_ms);
  const late = ts.map((t) => t.send_lateness_ms ?? 0);
  const span = (xs: number[]) => ((xs[xs.length - 1] ?? 0) - (xs[0] ?? 0)) / 1000;
  const sched = ts.map((t) => t.scheduled_ms ?? 0).sort((a, b) => a - b);
  const sends = ts.map((t) => t.sent_epoch_ms);
  const achieved = (sends.length - 1) / span(sends);
  const asked = (sched.length - 1) / span(sched);
  const gaps = gapsOf(sends).map((ms) => ms / 1000);
  // a late send's stretch, from its due time to its write, on this thread's performance clock
  const lateSends = ts.filter((t) => (t.send_lateness_ms ?? 0) > 1).map((t) => ({ to: t.sent_epoch_ms - performance.timeOrigin, from: t.sent_epoch_ms - performance.timeOrigin - (t.send_lateness_ms ?? 0) }));
  return {
    arrivals: kind,
    rate,
    workers,
    n: ts.length,
    lateness_p50: quantile(late, 0.5) ?? Number.NaN,
    lateness_p99: quantile(late, 0.99) ?? Number.NaN,
    rate_error_pct: 100 * (achieved / asked - 1),
    ks: kind === "poisson" ? { d: ksExponential(gaps, rate), critical: ksCritical01(gaps.length) } : null,
    gc: {
      ahead: pauses.filter((c) => c.minor && c.forced).length,
      by_v8: pauses.filter((c) => c.minor && !c.forced).length,
      late: lateSends.length,
      late_in_gc: lateSends.filter((l) => pauses.some((c) => c.start <= l.to && c.end >= l.from)).length,
    },
  };
}
