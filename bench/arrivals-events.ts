/**
 * How many streamed events per second the open-loop load generator takes, per core, in the run's own thread
 * (`settings.load_workers: 1`) and on worker threads, one per core: open-loop levels against the paced server at
 * rising offered event rates (each request streams 64 one-token SSE events 2 ms apart, arrivals constant, about
 * 4 s per level), each judged against the server's record as bench/capacity.ts judges its levels — a level
 * "drifts" when the median |ITL error| exceeds 0.5 ms (a quarter of the 2 ms gap asked; the true gaps shrink when the
 * paced server itself falls behind, and that is not the client's drift). The ramp goes on past a drifting level
 * until two in a row drift. The figure is the highest event rate the server really streamed before the first level
 * that drifts, divided by the cores the client had.
 *
 * Beside it, a figure a busy machine disturbs less: streamed events per CPU-second of the client process (every
 * thread: `process.cpuUsage()`), taken between the first and the last trial of a level stored, so the threads'
 * start-up is left out — what one core would take if the client had it to itself. Each worker thread is a fresh
 * isolate that loads and JIT-compiles the client anew, so on short levels part of that cost still falls in the window.
 *
 * Cores: the bench pins itself to CPU 1 and the paced server to CPU 0 (bench/server-process.ts). The worker run
 * widens the process to every CPU first, so its threads take the CPUs the machine has — on a 2-core machine that
 * includes the server's core, which the paced server (it spins) shares with them.
 */
import { execFileSync } from "node:child_process";
import { cpus } from "node:os";
import { join } from "node:path";
import { runExperiment } from "./built.js";
import { tempDir, writeExperiment } from "../test/helpers/experiments.js";
import type { PacedServer } from "./server-process.js";
import type { Trial } from "../src/store/trial.js";
import { errorsAgainst, fromTrials, idsOf, streamedRate, type Errors } from "./truth.js";

const TOKENS = 64;
const GAP_MS = 2;
const TTFT_MS = 5;
const LEVEL_S = 4;
const DRIFT_MS = Math.min(0.5, GAP_MS / 4);
export const EVENT_RATES = [2_500, 5_000, 10_000, 20_000, 30_000, 40_000, 60_000, 80_000, 120_000];

export interface EventsLevel {
  /** Offered events/s: arrival rate × events per request. */
  offered: number;
  /** Really streamed, from the server's record: Σ events / (last write − first write). */
  achieved: number;
  errors: Errors;
  drifted: boolean;
  /** Events of the level's trials stored after its first, per CPU-second the client process spent meanwhile. */
  per_cpu_s: number;
}

export interface EventsCase {
  workers: number;
  /** CPUs the client's threads could run on. */
  cores: number;
  levels: EventsLevel[];
  /** Highest achieved events/s before the first level that drifts. */
  best: number;
  /** Events per client CPU-second, the most of any level (fixed costs — timers, the send spin — weigh least there). */
  per_cpu_s: number;
}

/** Sets the CPUs of this process's main thread (threads started after it inherit them); false without taskset. */
function pinMain(list: string): boolean {
  try {
    execFileSync("taskset", ["-p", "-c", list, String(process.pid)], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/** Runs `fn` with this process's new threads free to take every CPU (then back to CPU 1, where bench/run.ts pins it). */
export async function withAllCores<T>(fn: () => Promise<T>): Promise<T> {
  const widened = pinMain(`0-${cpus().length - 1}`);
  try {
    return await fn();
  } finally {
    if (widened) pinMain("1");
  }
}

async function level(server: PacedServer, offered: number, workers: number): Promise<EventsLevel> {
  const rate = Math.round(offered / TOKENS);
  const d = tempDir("trialbook-bench-");
  const file = writeExperiment(d, {
    name: `events-${workers}w-${offered}`,
    backends: { paced: { type: "openai", base_url: `${server.url}/v1` } },
    variants: [{ id: "paced", backend: "paced", model: "paced", format: "other" }],
    workload: { prompts: [{ id: "p", text: "hi" }], max_tokens: TOKENS, warmup: 0, repetitions: 1, concurrency: [1], load: [{ rate, arrivals: "constant", requests: Math.round(rate * LEVEL_S) }] },
    settings: { load_workers: workers },
  });
  await server.truth(); // clear
  const at: { first: NodeJS.CpuUsage | null; last: NodeJS.CpuUsage | null } = { first: null, last: null };
  let events = 0;
  const progress = {
    start() {},
    note() {},
    end() {},
    trial(t: Trial) {
      if (t.rate === undefined) return;
      if (at.first === null) at.first = process.cpuUsage();
      else events += t.chunks.length;
      at.last = process.cpuUsage();
    },
  };
  const result = await runExperiment({ file, runsDir: join(d, "runs"), progress });
  const truth = await server.truth();
  const observed = fromTrials(result.written.filter((t) => t.rate !== undefined));
  const errors = errorsAgainst(observed, truth);
  const { first, last } = at;
  const spent = first && last ? (last.user - first.user + last.system - first.system) / 1e6 : 0;
  return { offered, achieved: streamedRate(truth, idsOf(observed), (t) => t.writes.length), errors, drifted: !(errors.itl_median <= DRIFT_MS), per_cpu_s: spent > 0 ? events / spent : 0 };
}

/** The ramp for one client setting; `all` widens the process to every CPU while it runs (see the file's comment). */
export async function eventsPerCore(server: PacedServer, workers: number, maxRate = Infinity): Promise<EventsCase> {
  await server.configure({ ttft_ms: TTFT_MS, gap_ms: GAP_MS, tokens_per_chunk: 1, jitter_ms: 0 });
  const cores = workers > 1 ? cpus().length : 1;
  const ramp = async (): Promise<EventsCase> => {
    await level(server, EVENT_RATES[0] ?? 2_500, workers); // warm: JIT, connections, outside the record
    const levels: EventsLevel[] = [];
    for (const offered of EVENT_RATES.filter((r) => r <= maxRate)) {
      const l = await level(server, offered, workers);
      levels.push(l);
      if (l.drifted && levels.at(-2)?.drifted) break;
    }
    let best = 0;
    for (const l of levels) {
      if (l.drifted) break;
      best = Math.max(best, l.achieved);
    }
    return { workers, cores, levels, best, per_cpu_s: Math.max(0, ...levels.map((l) => l.per_cpu_s)) };
  };
  return workers > 1 ? withAllCores(ramp) : ramp();
}
