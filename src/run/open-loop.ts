/**
 * Runs one open-loop level: each pending request is sent at its scheduled offset from the level's start, whatever is
 * in flight (up to `max_concurrency`, when set: a request due while the cap is reached waits for a free slot, and the
 * wait is stored as its send lateness). The level ends when its schedule is spent and every request sent has finished
 * or timed out.
 *
 * Timing: each request is made ARM_MS before its due time and held (a {@link SendGate}): its body, its trial's
 * bookkeeping and its connection are ready, so at the due time only the write remains. A timer wakes the scheduler
 * 2 ms before the next due time, then it yields turn by turn (timers fire up to ~1 ms late) and opens the gate of every
 * request due by then in the same turn. `sent_epoch_ms` stays the real send time (the backend's `sent` stamp: the
 * write); `send_lateness_ms` = real send − due time. Between sends, the young generation is collected ahead when it is
 * filling ({@link YoungGc}), so that V8's own collection rarely falls on a due time.
 *
 * With a `saturated` rule (sweep search), the level stops sending once the rule says it is clearly saturated: the
 * requests not yet sent are stored as `not_sent` (so a resume does not send them), those in flight finish.
 */
import type { VariantSession } from "../backends/types.js";
import type { PlanGroup, PlannedTrial } from "../plan/plan.js";
import type { NotSentCause, Trial } from "../store/trial.js";
import { failedTrial, recordTrial, type RecordOptions } from "./record.js";
import { SendGate } from "../shared/send-gate.js";
import type { GroupOptions } from "./group.js";
import { YoungGc } from "./young-gc.js";

/** Why a level stopped sending: the sentence stored in the unsent trials' `error` (English) and its cause in figures. */
export interface LevelStop {
  message: string;
  cause?: NotSentCause;
}

export interface OpenLoopOptions extends GroupOptions {
  /** Called after each finished request with the level's finished trials (this session's): a reason stops the level. */
  saturated?: (finished: readonly Trial[]) => LevelStop | null;
  /**
   * Worker threads (run/workers/): the level's time zero on this thread's `performance.now()` clock, set by the thread
   * that shares one schedule among several (the caller has warmed the connections already); default now.
   */
  start?: number;
  /** Worker threads: stop sending when aborted (its reason is the {@link LevelStop}); those in flight finish. */
  halt?: AbortSignal;
  /** Worker threads: the requests in flight in every thread, counted in shared memory (slot 0), for `in_flight`. */
  inFlight?: Int32Array;
}

const round = (ms: number): number => Math.round(ms * 1000) / 1000;
/** How close to a due time the scheduler stops sleeping and yields turn by turn. */
export const SPIN_MS = 2;
/** How far ahead of its due time a request is made and held (see {@link SendGate}). */
export const ARM_MS = 5;
/** How long before a held request's due time no other request is made (it waits until that send has gone). */
export const QUIET_MS = 1;

/**
 * Resolves once `performance.now()` reaches `due` (or `halted()` says so), checking once per event-loop turn so every
 * socket read is still stamped as it comes. One closure serves the whole stretch: a promise per turn (hundreds per
 * send at 100 req/s) was enough garbage to call a young-generation collection every few hundred ms, and those pauses
 * were the sends that came late.
 */
export function spinUntil(due: number, halted: () => boolean = () => false): Promise<void> {
  return new Promise<void>((resolve) => {
    const turn = (): void => {
      if (performance.now() >= due || halted()) resolve();
      else setImmediate(turn);
    };
    setImmediate(turn);
  });
}

export async function runOpenLoopGroup(session: VariantSession, group: PlanGroup, pending: readonly PlannedTrial[], options: OpenLoopOptions): Promise<void> {
  const level = group.load;
  if (!level) throw new Error(`group ${group.variant.id}/${group.prompt.id} is not an open-loop level`);
  const cap = level.max_concurrency ?? Number.POSITIVE_INFINITY;
  const queue = [...pending].sort((a, b) => (a.scheduled_ms ?? 0) - (b.scheduled_ms ?? 0));
  // Connections opened before the clock starts, so arrivals do not pay for a handshake: the cap, or about two seconds'
  // worth of arrivals (4 to 256) when the level has none.
  const warm = options.start !== undefined ? 0 : Math.min(queue.length, Number.isFinite(cap) ? cap : Math.max(4, Math.min(256, Math.ceil(level.rate * 2))));
  if (warm > 0) await session.warm?.(warm).catch(() => undefined);
  const finished: Trial[] = [];
  const running = new Set<Promise<void>>();
  let inFlight = 0;
  let stopped: LevelStop | null = null;
  let wake: (() => void) | null = null;
  const poke = () => {
    const w = wake;
    wake = null;
    w?.();
  };
  options.stop.addEventListener("abort", poke, { once: true });
  const halt = () => {
    const reason: unknown = options.halt?.reason;
    stopped ??= typeof reason === "object" && reason !== null && "message" in reason ? (reason as LevelStop) : { message: String(reason ?? "stopped") };
    poke();
  };
  if (options.halt?.aborted) halt();
  else options.halt?.addEventListener("abort", halt, { once: true });
  // A resumed level starts at its first pending arrival (its schedule is kept; the gap before it is not waited out).
  const shift = pending.length < group.trials.length ? (queue[0]?.scheduled_ms ?? 0) : 0;
  const t0 = options.start ?? performance.now() - shift;
  const shared = options.inFlight;
  /** Requests made ahead of their due time and held (oldest due first), each with its gate and its record options. */
  const held: Array<{ planned: PlannedTrial; due: number; gate: SendGate; record: RecordOptions; sent: boolean }> = [];
  // Made ARM_MS ahead and held: the request's body, its trial's bookkeeping and its connection are ready at the due
  // time, so the send is only the write (and a young-generation collection the making calls is over by then).
  const arm = (planned: PlannedTrial) => {
    inFlight++; // the slot is taken from now, for max_concurrency
    const due = t0 + (planned.scheduled_ms ?? 0);
    const gate = new SendGate();
    const record: RecordOptions = { inFlight, session: options.session, keepOutput: options.keepOutput, timeoutMs: options.timeoutMs, stop: options.stop, gate };
    const entry = { planned, due, gate, record, sent: false };
    held.push(entry);
    const p = recordTrial(session, options.request, planned, record).then((trial) => {
      inFlight--;
      if (entry.sent && shared) Atomics.sub(shared, 0, 1);
      if (trial) {
        const sent = trial.sent_epoch_ms - performance.timeOrigin;
        // set on the trial itself, in this order (the keys a spread copy had): the copy, kept for the whole level, held
        // about 1.2 KB per trial by the heap profiler's count, copied by every young-generation collection until promoted
        trial.rate = level.rate;
        trial.scheduled_ms = planned.scheduled_ms ?? 0;
        trial.send_lateness_ms = round(sent - due);
        finished.push(trial);
        options.onTrial(trial);
        if (stopped === null && options.saturated) stopped = options.saturated(finished);
      }
      running.delete(p);
      poke();
    });
    running.add(p);
  };
  const release = () => {
    const h = held.shift()!;
    h.sent = true;
    // in flight as it goes out: every thread's sent requests (shared memory), or this thread's, the held ones left out
    h.record.inFlight = shared ? Atomics.add(shared, 0, 1) + 1 : inFlight - held.length;
    h.gate.open();
  };
  const halted = () => stopped !== null || options.stop.aborted;
  const young = new YoungGc();
  while ((queue.length > 0 || held.length > 0) && !halted()) {
    const now = performance.now();
    const releaseAt = held[0]?.due ?? Number.POSITIVE_INFINITY;
    if (releaseAt <= now) {
      release();
      continue;
    }
    const next = queue[0];
    const armAt = next && inFlight < cap ? t0 + (next.scheduled_ms ?? 0) - ARM_MS : Number.POSITIVE_INFINITY;
    // making a request takes a fraction of a millisecond: a send due sooner than QUIET_MS goes first, and this request
    // is made right after it (requests are made in due order, so it is never kept waiting for more than the sends due
    // before its own)
    const armLater = armAt <= now && releaseAt - now <= QUIET_MS;
    if (armAt <= now && !armLater) {
      arm(queue.shift()!);
      continue;
    }
    // the young generation collected while the next send is far enough away, not by V8 in the middle of one
    if (young.collectIfDue(Math.min(releaseAt, next ? t0 + (next.scheduled_ms ?? 0) : Number.POSITIVE_INFINITY) - now)) continue;
    if (armAt === Number.POSITIVE_INFINITY && releaseAt === Number.POSITIVE_INFINITY) {
      await new Promise<void>((resolve) => (wake = resolve)); // at max_concurrency: a slot frees when a request ends
      continue;
    }
    // only a release needs the last stretch yielded turn by turn (timers fire up to ~1 ms late); making one does not
    const precise = releaseAt <= armAt || armLater;
    const wait = Math.min(releaseAt, armLater ? Number.POSITIVE_INFINITY : armAt) - now - (precise ? SPIN_MS : 0);
    if (wait > 0) {
      const blocked = next !== undefined && inFlight >= cap;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          wake = null;
          resolve();
        }, wait);
        // woken early to notice a stop, or the slot the next request waits for; the schedule itself is kept
        const check = (): void => {
          if (blocked || halted()) {
            clearTimeout(timer);
            resolve();
          } else wake = check; // a poke takes the waiter: keep listening for the next one
        };
        wake = check;
      });
      continue;
    }
    await spinUntil(releaseAt, halted);
  }
  // a level that stopped drops what it held: those were never sent, and go with the queue's
  for (const h of held.splice(0).reverse()) {
    queue.unshift(h.planned);
    h.gate.close();
  }
  await Promise.all(running);
  options.stop.removeEventListener("abort", poke);
  options.halt?.removeEventListener("abort", halt);
  // set by the callbacks above, which the compiler's narrowing does not see
  const why = stopped as LevelStop | null;
  if (why !== null && !options.stop.aborted) {
    for (const planned of queue) {
      const t = failedTrial(planned, { kind: "aborted", message: `not sent: ${why.message}` }, options.session);
      options.onTrial({ ...t, rate: level.rate, scheduled_ms: planned.scheduled_ms ?? 0, not_sent: true, ...(why.cause ? { not_sent_cause: why.cause } : {}) });
    }
  }
}
