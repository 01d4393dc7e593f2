/**
 * An open-loop level sent from worker threads (`settings.load_workers`), so that one machine's load generator keeps
 * its timing when one core no longer keeps up (many streams, a multi-GPU server):
 *
 * 1. the level's pending requests, in schedule order, are dealt round-robin to the workers, so every share keeps the
 *    arrival process's shape (and its `max_concurrency` is split between them);
 * 2. each worker opens its own backend from the validated config (the API key handed over in memory), asks the server
 *    who it is, warms its connections and says `ready`;
 * 3. the run's thread sets one time zero for all (a few ms ahead, on the epoch clock the threads share) and says `go`;
 *    each worker sends its share at the due times (run/open-loop.ts, the same code as in one thread);
 * 4. finished trials come back and are stored here, in this thread, as they arrive: the same fields, the same keys.
 *    The `saturated` rule of a search runs here on every finished trial; once it fires every worker is told to stop
 *    sending, and each stores its unsent requests as `not_sent`. A stopped run (Ctrl-C) aborts the workers' requests,
 *    which run again on resume, as in one thread.
 *
 * The backends' log lines (once each) and egress records are posted back too, so the manifest counts every request.
 * If a worker cannot start, the level runs in the run's own thread instead; if one stops midway (it should not), the
 * requests of its share not stored yet are stored as failed trials, so the run stays whole.
 */
import type { Worker } from "node:worker_threads";
import type { BackendConfig, Variant } from "../../validate/schema.js";
import type { BackendContext, Logger, OpenOptions, VariantSession } from "../../backends/types.js";
import type { PlanGroup, PlannedTrial } from "../../plan/plan.js";
import type { Trial } from "../../store/trial.js";
import { runOpenLoopGroup, type LevelStop, type OpenLoopOptions } from "../open-loop.js";
import { failedTrial } from "../record.js";
import { messages } from "../../shared/i18n/catalogue.js";
import { startWorker } from "./spawn.js";
import type { FromWorker, ToWorker, WorkerSetup } from "./protocol.js";

const M = messages("en").workers;

export interface WorkerPool {
  workers: number;
  backendId: string;
  config: BackendConfig;
  context: BackendContext;
  variant: Variant;
  open: OpenOptions;
  logger: Logger;
}

/** How far ahead of `go` the level's time zero is set, so every worker has the message before its first due time. */
const LEAD_MS = 20;

/** `n` shares of `total`, as even as can be (the first ones one more). */
export const split = (total: number, n: number): number[] => Array.from({ length: n }, (_, i) => Math.floor(total / n) + (i < total % n ? 1 : 0));

/** Round-robin shares of a schedule sorted by due time: share i holds requests i, i+n, i+2n, … */
export function shards<T>(sorted: readonly T[], n: number): T[][] {
  const out = Array.from({ length: n }, (): T[] => []);
  sorted.forEach((t, k) => out[k % n]?.push(t));
  return out;
}

interface Watched {
  worker: Worker;
  /** null once ready, the problem when it could not start. */
  ready: Promise<string | null>;
  done: Promise<void>;
}

function watch(index: number, worker: Worker, onMessage: (m: FromWorker) => void, onLost: (problem: string) => void): Watched {
  let ready: (problem: string | null) => void = () => undefined;
  let done: () => void = () => undefined;
  let finished = false;
  const readyP = new Promise<string | null>((r) => (ready = r));
  const doneP = new Promise<void>((r) => (done = r));
  worker.on("message", (m: FromWorker) => {
    if (m.type === "ready") ready(null);
    else if (m.type === "failed") ready(m.message);
    else if (m.type === "done") {
      finished = true;
      done();
    } else onMessage(m);
  });
  const lost = (problem: string) => {
    ready(problem);
    if (!finished) onLost(problem);
    finished = true;
    done();
  };
  worker.on("error", (e) => lost(e.message));
  worker.on("exit", (code) => lost(`exited with code ${code}`));
  return { worker, ready: readyP, done: doneP };
}

export async function runOpenLoopWorkers(pool: WorkerPool, session: VariantSession, group: PlanGroup, pending: readonly PlannedTrial[], options: OpenLoopOptions): Promise<void> {
  const level = group.load;
  if (!level) throw new Error(`group ${group.variant.id}/${group.prompt.id} is not an open-loop level`);
  const queue = [...pending].sort((a, b) => (a.scheduled_ms ?? 0) - (b.scheduled_ms ?? 0));
  const cap = level.max_concurrency ?? Number.POSITIVE_INFINITY;
  const n = Math.min(pool.workers, queue.length, cap);
  if (n <= 1 || options.stop.aborted) return runOpenLoopGroup(session, group, pending, options);
  const caps = Number.isFinite(cap) ? split(cap, n) : null;
  // the connections one thread would open before the clock starts (see open-loop.ts), shared out
  const warm = split(Math.min(queue.length, Number.isFinite(cap) ? cap : Math.max(4, Math.min(256, Math.ceil(level.rate * 2)))), n);
  const inFlight = new Int32Array(new SharedArrayBuffer(4));
  const finished: Trial[] = [];
  const logged = new Set<string>();
  let stopped: LevelStop | null = null;
  let going = false;
  const stored = new Set<string>();
  const all: Watched[] = [];
  const tell = (m: ToWorker) => {
    for (const w of all) w.worker.postMessage(m);
  };
  const onMessage = (m: FromWorker) => {
    if (m.type === "log") {
      if (logged.has(m.message)) return;
      logged.add(m.message);
      pool.logger[m.level](m.message);
    } else if (m.type === "egress") pool.context.egress?.record(new URL(m.url));
    else if (m.type === "trial") {
      if (stored.has(m.trial.trial)) return;
      stored.add(m.trial.trial);
      options.onTrial(m.trial);
      if (m.trial.not_sent) return;
      finished.push(m.trial);
      if (stopped === null && options.saturated) {
        stopped = options.saturated(finished);
        if (stopped !== null) tell({ type: "halt", reason: stopped });
      }
    }
  };
  pool.logger.info(M.started(level.id, n));
  shards(queue, n).forEach((shard, i) => {
    const base = { ...level };
    delete base.max_concurrency;
    const capped = caps?.[i];
    const setup: WorkerSetup = {
      index: i,
      backend_id: pool.backendId,
      config: pool.config,
      base_dir: pool.context.baseDir,
      variant: pool.variant,
      open: pool.open,
      group: { ...group, trials: [], load: capped === undefined ? base : { ...base, max_concurrency: capped } },
      shard,
      warm: warm[i] ?? 0,
      request: options.request,
      timeout_ms: options.timeoutMs,
      keep_output: options.keepOutput,
      session: options.session,
      in_flight: inFlight,
      ...(pool.context.apiKey === undefined ? {} : { api_key: pool.context.apiKey }),
    };
    const lost = (problem: string) => {
      if (options.stop.aborted || !going) return;
      pool.logger.warn(M.lost(i, problem));
      for (const planned of shard) {
        if (stored.has(planned.key)) continue;
        const t = failedTrial(planned, { kind: "engine", message: `load worker ${i} stopped: ${problem}` }, options.session);
        stored.add(planned.key);
        options.onTrial({ ...t, rate: level.rate, scheduled_ms: planned.scheduled_ms ?? 0 });
      }
    };
    all.push(watch(i, startWorker(setup), onMessage, lost));
  });
  const abort = () => tell({ type: "abort" });
  options.stop.addEventListener("abort", abort, { once: true });
  try {
    const problems = (await Promise.all(all.map((w) => w.ready))).filter((p): p is string => p !== null);
    if (problems.length > 0 || options.stop.aborted) {
      tell({ type: "abort" });
      await Promise.all(all.map((w) => w.done));
      if (problems.length === 0) return;
      pool.logger.warn(M.failed(level.id, problems[0] ?? ""));
      return runOpenLoopGroup(session, group, pending, options);
    }
    // A resumed level starts at its first pending arrival, as in one thread.
    const shift = pending.length < group.trials.length ? (queue[0]?.scheduled_ms ?? 0) : 0;
    going = true;
    tell({ type: "go", start_epoch_ms: performance.timeOrigin + performance.now() + LEAD_MS - shift });
    await Promise.all(all.map((w) => w.done));
  } finally {
    going = false;
    options.stop.removeEventListener("abort", abort);
    await Promise.all(all.map((w) => w.worker.terminate()));
  }
}
