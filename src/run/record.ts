/**
 * Runs one request and turns its events into a stored trial. Every failure becomes a value on the trial (kind and
 * message); only a run being stopped (Ctrl-C) returns null, so that the request is run again on resume.
 */
import { BackendError, canPump, type BackendEvent, type GenerationRequest, type Usage, type VariantSession } from "../backends/types.js";
import type { PlannedTrial } from "../plan/plan.js";
import { withNonce } from "../plan/nonce.js";
import type { Trial, TrialError } from "../store/trial.js";
import { countTokens } from "./tokens.js";
import { onAbort } from "../shared/abort.js";
import type { SendGate } from "../shared/send-gate.js";
import { roundMs, StreamLog } from "./stream-log.js";

export interface RecordOptions {
  /** Requests in flight as this one is sent (read when the trial is stored, so a held request can set it on release). */
  inFlight: number;
  session: number;
  keepOutput: boolean;
  timeoutMs: number;
  stop: AbortSignal;
  /**
   * Open-loop arrivals: the request is prepared now and sent when the gate opens (a session that cannot hold one is
   * called then); a closed gate means it was never sent, and the trial is null, as for a stopped run.
   */
  gate?: SendGate;
}

/**
 * A trial's fields in one object literal, always in the same order, and the optional ones assigned after it: built
 * with spreads (`{ ...where, ..., ...counted }`), each trial got hidden classes of its own, about 13 KB allocated per
 * request — garbage that the young-generation collections meet while other streams are being timed.
 */
function trialOf(planned: PlannedTrial, inFlight: number, session: number, sent: number, measured: Measured): Trial {
  const trial: Trial = {
    trial: planned.key,
    variant: planned.variant,
    prompt: planned.prompt,
    repetition: planned.repetition,
    warmup: planned.warmup,
    concurrency: planned.concurrency,
    in_flight: inFlight,
    session,
    started_at: new Date(performance.timeOrigin + sent).toISOString(),
    sent_epoch_ms: roundMs(performance.timeOrigin + sent),
    first_byte_ms: measured.first_byte_ms,
    ttft_ms: measured.ttft_ms,
    ttft_answer_ms: measured.ttft_answer_ms,
    e2e_ms: measured.e2e_ms,
    end_ms: measured.end_ms,
    chunks: measured.chunks,
    output_tokens: measured.output_tokens,
    reasoning_tokens: measured.reasoning_tokens,
    prompt_tokens: measured.prompt_tokens,
    finish_reason: measured.finish_reason,
    server: measured.server,
    output: measured.output,
    reasoning: measured.reasoning,
    error: measured.error,
  };
  if (planned.item !== undefined) trial.item = planned.item;
  if (planned.nonce !== undefined) trial.prompt_nonce = planned.nonce;
  if (planned.input?.synthetic_tokens !== undefined) trial.input_tokens_target = planned.input.synthetic_tokens;
  if (planned.max_tokens !== undefined) trial.output_tokens_target = planned.max_tokens;
  if (planned.source !== undefined) trial.source = planned.source;
  if (planned.depth !== undefined) trial.depth = planned.depth;
  if (planned.turn !== undefined) {
    trial.conversation = planned.conversation ?? 0;
    trial.turn = planned.turn;
  }
  return trial;
}

/** What a request measured: the trial's fields that are not its place in the plan. */
type Measured = Pick<Trial, "first_byte_ms" | "ttft_ms" | "ttft_answer_ms" | "e2e_ms" | "end_ms" | "chunks" | "output_tokens" | "reasoning_tokens" | "prompt_tokens" | "finish_reason" | "server" | "output" | "reasoning" | "error">;

/**
 * The request as sent for a trial with a cache-busting nonce: the nonce starts the prompt, and a vLLM `cache_salt`
 * (set by the runner for `prompt_cache: bust`) is made the trial's own, so not even the chat template's head before
 * the nonce shares cached blocks with another request (vLLM hashes the salt into the first block).
 */
function nonced(request: GenerationRequest, nonce: string): GenerationRequest {
  const out = { ...request, prompt: withNonce(request.prompt, nonce) };
  const salt = request.options?.["cache_salt"];
  if (typeof salt === "string") out.options = { ...request.options, cache_salt: `${salt}-${nonce}` };
  return out;
}

export async function recordTrial(session: VariantSession, request: GenerationRequest, planned: PlannedTrial, options: RecordOptions): Promise<Trial | null> {
  const gate = options.gate;
  if (gate && !session.gated && !(await gate.opened)) return null;
  // One controller for the request, aborted by its own time limit or by the run's stop.
  const abort = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    abort.abort(new Error("timeout"));
  }, options.timeoutMs);
  const offStop = onAbort(options.stop, () => abort.abort(options.stop.reason));
  const signal = abort.signal;
  let sent = performance.now();
  // held: sent when the gate opens (the stream's own `sent` stamp, the write, comes right after and is kept)
  if (gate && !gate.settled)
    gate.onSettle((go) => {
      if (go) sent = performance.now();
    });
  let firstByte: number | null = null;
  let firstToken: number | null = null;
  let firstAnswer: number | null = null;
  let last: number | null = null;
  let end: number | null = null;
  const log = new StreamLog(planned.max_tokens ?? request.max_tokens);
  let usage: Usage = { prompt_tokens: null, completion_tokens: null };
  let server: Trial["server"] = null;
  let finish: string | null = null;
  let ended: Extract<BackendEvent, { type: "end" }> | null = null;
  let error: TrialError | null = null;
  try {
    const own = planned.max_tokens === undefined ? request : { ...request, max_tokens: planned.max_tokens };
    const asked = planned.input === undefined ? own : { ...own, prompt: planned.input };
    const sending = planned.nonce === undefined ? asked : nonced(asked, planned.nonce);
    // every event of the stream, in order: handed over as parsed where the stream can (no promise per event)
    const handle = (ev: BackendEvent): void => {
      switch (ev.type) {
        case "sent":
          sent = ev.t;
          break;
        case "first_byte":
          firstByte = ev.t;
          break;
        case "chunk":
          firstToken ??= ev.t;
          if (ev.retro) {
            // a `</think>` whose `<think>` was in the prompt: what looked like answer was reasoning
            log.allReasoning();
            firstAnswer = null;
          }
          if (ev.kind === "answer") firstAnswer ??= ev.t;
          last = ev.t;
          log.push(ev.t, ev.tokens, ev.kind, ev.text);
          break;
        case "end":
          ended = ev;
          end = ev.t;
          usage = ev.usage;
          server = ev.server;
          finish = ev.finish_reason;
          break;
      }
    };
    const events = gate && session.gated ? session.generate(sending, signal, gate) : session.generate(sending, signal);
    if (canPump(events)) await events.pump(handle);
    else for await (const ev of events) handle(ev);
    if (timedOut && !options.stop.aborted) throw new BackendError("timeout", "timeout");
  } catch (e) {
    if (options.stop.aborted || gate?.closed) return null;
    if (timedOut) error = { kind: "timeout", message: `no complete answer within ${options.timeoutMs / 1000} s` };
    else if (e instanceof BackendError) error = e.status === undefined ? { kind: e.kind, message: e.message } : { kind: e.kind, message: e.message, status: e.status };
    else error = { kind: "engine", message: (e as Error).message ?? String(e) };
  } finally {
    clearTimeout(timer);
    offStop();
  }
  // a request that failed while held (its connection refused) is stored as sent at its due time, or not at all
  if (gate && !gate.settled && !(await gate.opened)) return null;
  if (options.stop.aborted && error === null && end === null) return null;
  const rel = (t: number | null): number | null => (t === null ? null : roundMs(t - sent));
  const chunks = log.chunks(sent);
  const counted = countTokens(chunks, log.textLengths(), usage, ended);
  const clientTokens = chunks.reduce((n, c) => n + c.tokens, 0);
  const reasoningTokens = chunks.reduce((n, c) => (c.kind === "reasoning" ? n + c.tokens : n), 0);
  const trial = trialOf(planned, options.inFlight, options.session, sent, {
    first_byte_ms: rel(firstByte),
    ttft_ms: rel(firstToken),
    ttft_answer_ms: rel(firstAnswer),
    e2e_ms: error ? null : rel(last ?? end),
    end_ms: rel(end),
    chunks,
    output_tokens: { client: clientTokens, server: usage.completion_tokens },
    reasoning_tokens: reasoningTokens,
    prompt_tokens: { client: usage.client_prompt_tokens ?? null, server: usage.prompt_tokens },
    finish_reason: finish,
    server,
    output: options.keepOutput ? log.answer() : null,
    reasoning: options.keepOutput ? log.reasoning() || null : null,
    error,
  });
  if (usage.prompt_cached_tokens !== undefined) trial.prompt_cached_tokens = usage.prompt_cached_tokens;
  return Object.assign(trial, counted); // only the fields countTokens found
}

/** A trial that never ran because its variant could not be opened (model missing, server down). */
export function failedTrial(planned: PlannedTrial, error: TrialError, session: number): Trial {
  return trialOf(planned, 0, session, performance.now(), {
    first_byte_ms: null,
    ttft_ms: null,
    ttft_answer_ms: null,
    e2e_ms: null,
    end_ms: null,
    chunks: [],
    output_tokens: { client: null, server: null },
    reasoning_tokens: 0,
    prompt_tokens: { client: null, server: null },
    finish_reason: null,
    server: null,
    output: null,
    reasoning: null,
    error,
  });
}
