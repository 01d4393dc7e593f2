/**
 * One request, as stored: a line of `trials.jsonl`. Times are milliseconds from the moment the request was sent
 * (handed to the socket or the engine), taken on a monotonic clock.
 */
import type { ChunkKind, ErrorKind, ProxyReport, ServerReport, TokenCountSource } from "../backends/types.js";
import type { CheckResult } from "../check/types.js";

export interface Chunk {
  /** ms since the request was sent, when the read that completed this chunk arrived. */
  t_ms: number;
  /**
   * Tokens in the chunk: the server's count where it gives one per event, else the server's final count spread over
   * the events by text length, else 1 per streamed event (see `Trial.token_count_source`).
   */
  tokens: number;
  kind: ChunkKind;
}

/**
 * What makes a trial's figures doubtful, said on the trial itself:
 * - `tokens-estimated`: per-chunk tokens are the server's final count spread over the events by text length;
 * - `hidden-reasoning`: the server counted reasoning it did not stream (`hidden_reasoning_tokens`);
 * - `reasoning-inline`: the reasoning came inside the answer text and trialbook split it out;
 * - `proxy-counts`: the token counts are a proxy's (LiteLLM may estimate them with a tokenizer).
 */
export type TrialFlag = "tokens-estimated" | "hidden-reasoning" | "reasoning-inline" | "proxy-counts";

export interface Counted {
  /** Counted by trialbook (chunks, or the embedded engine's tokenizer); null when it cannot count. */
  client: number | null;
  /** Reported by the server or engine; null when it reports nothing. */
  server: number | null;
}

/**
 * Why a request was never sent, in figures rather than words (reports word it in their language; `error.message` keeps
 * the English sentence, which is all that runs made before this field have):
 * - `saturated-unreachable`: its search level had already missed the SLO on `missed` of `planned` requests, more than
 *   goodput `goodput` allows;
 * - `saturated-rising`: its search level's latency rose through the level (median `first_ms` in the first third,
 *   `last_ms` in the last, whole ms; null where failed requests made the median unbounded);
 * - `turn-failed`: an earlier turn (`turn`) of its conversation failed;
 * - `turn-without-answer`: resumed without an earlier turn's (`turn`) answer (`settings.keep_output: false`).
 * A turn after one not sent takes that turn's cause.
 */
export type NotSentCause =
  | { cause: "saturated-unreachable"; missed: number; planned: number; goodput: number }
  | { cause: "saturated-rising"; first_ms: number | null; last_ms: number | null }
  | { cause: "turn-failed"; turn: number }
  | { cause: "turn-without-answer"; turn: number };

export interface TrialError {
  kind: ErrorKind | "aborted";
  message: string;
  status?: number;
}

/** A check's outcome on one answer, as stored. */
export interface StoredCheck extends CheckResult {
  check: string;
}

/** What a feasibility trial was about and whether its answer passed. */
export interface FeasibilityOutcome {
  stage: "flagship" | "open_weight";
  task: string;
  dataset: string;
  classification: "public" | "surrogate" | "confidential";
  /** Every check passed (false when the request failed: a failed request is not a pass). */
  pass: boolean;
  checks: StoredCheck[];
}

export interface Trial {
  /**
   * Stable key: `variant/prompt/c<level>/r<index>` (warm-ups `variant/prompt/warmup/w<i>`, open-loop
   * `variant/prompt/<arrivals>@<rate>/r<index>`, conversations `variant/prompt/u<users>/s<conversation>/t<turn>`).
   */
  trial: string;
  variant: string;
  prompt: string;
  repetition: number;
  warmup: boolean;
  /** The load level of the group this trial belongs to (open-loop levels: their max_concurrency, or 0 for no cap). */
  concurrency: number;
  /** Requests in flight when this one was sent, itself included. */
  in_flight: number;
  /** Which runner session (0 = the first, 1 = the first resume, …) ran it; see manifest.sessions. */
  session: number;
  /** Wall-clock time the request was sent (ISO 8601, ms). */
  started_at: string;
  /** The same instant as a high-resolution epoch time in ms (monotonic within one runner process). */
  sent_epoch_ms: number;
  first_byte_ms: number | null;
  /**
   * First streamed visible token of any kind (reasoning or answer): reasoning markup (`<think>`, harmony headers) and
   * reasoning the server never streamed do not count.
   */
  ttft_ms: number | null;
  /** First answer token (after any reasoning). */
  ttft_answer_ms: number | null;
  /** Sent → last token. */
  e2e_ms: number | null;
  /** Sent → end of the response stream (after the final usage/stats message). */
  end_ms: number | null;
  chunks: Chunk[];
  /** Generated tokens, reasoning included: client = Σ chunk tokens; server = the server's completion count. */
  output_tokens: Counted;
  reasoning_tokens: number;
  prompt_tokens: Counted;
  /** `unload_before`: the model was unloaded just before this request was sent, so it paid a cold load on purpose. */
  unloaded_before?: true;
  /** The nonce that started this request's prompt (`workload.prompt_cache: bust` or `measure`); absent: sent as written. */
  prompt_nonce?: string;
  /** Prompt tokens the server says came from its prompt cache (absent or null: it said nothing). */
  prompt_cached_tokens?: number | null;
  /** How the chunks' token counts were obtained (absent on runs before this field existed: one per event). */
  token_count_source?: TokenCountSource;
  /**
   * Reasoning tokens the server counted but did not stream (Gemini thoughts, OpenAI reasoning models). They are in
   * `output_tokens.server` but not in the chunks; decode and TPOT leave them out.
   */
  hidden_reasoning_tokens?: number;
  /** The server's usage block, raw (details included). */
  usage?: Record<string, unknown>;
  /** A proxy seen in the path (LiteLLM): the token counts are its own. */
  proxy?: ProxyReport;
  /** What makes this trial's figures doubtful (see {@link TrialFlag}). */
  flags?: TrialFlag[];
  finish_reason: string | null;
  /** The server's or engine's own timing block, raw (llama-server `timings`, Ollama durations, LM Studio `stats`). */
  server: ServerReport | null;
  /** The answer text (null when the experiment says not to keep it). */
  output: string | null;
  /** The reasoning text, when the model streamed any and output is kept. */
  reasoning: string | null;
  error: TrialError | null;
  /** Feasibility: the dataset item (file or record) the request was about. */
  item?: string;
  /** Feasibility: stage, task and the checks' outcome (absent on warm-ups and speed trials). */
  feasibility?: FeasibilityOutcome;
  /** Context-depth levels (`workload.depth`): tokens of filler sent before the prompt (after the nonce). */
  depth?: number;
  /** Open-loop levels (`workload.load` / `workload.sweep`): the level's offered rate, req/s. */
  rate?: number;
  /** Open-loop: when the request was due, ms from the level's start (drawn up front from the seed). */
  scheduled_ms?: number;
  /** Open-loop: real send − due time, ms (a timer's delay, or a wait for a free slot under max_concurrency). */
  send_lateness_ms?: number;
  /**
   * Never sent: its open-loop search level was stopped early as saturated, or an earlier turn of its conversation failed
   * (the reason is in `error`, and in `not_sent_cause`).
   */
  not_sent?: boolean;
  /** Why it was not sent, language-neutral (absent on runs made before this field existed: see `error.message`). */
  not_sent_cause?: NotSentCause;
  /**
   * `input_tokens` prompts: the length this request's synthetic prompt was made to (tokens; the measured count is in
   * `prompt_tokens`).
   */
  input_tokens_target?: number;
  /** `output_tokens`: the max_tokens this request asked for (generated exactly only with `ignore_eos`). */
  output_tokens_target?: number;
  /** Prompts from a file or dataset: the record this request sent (file relative to the experiment, line or record). */
  source?: { file: string; line?: number; record?: number };
  /**
   * Conversations (`workload.sessions`): the conversation's index in its users level (key `…/u<users>/s<i>/t<turn>`;
   * `concurrency` holds the users level). Not the runner's `session`.
   */
  conversation?: number;
  /** Conversations: the turn, from 1; turn n was sent with the n − 1 earlier user messages and the model's real answers. */
  turn?: number;
  /** Conversations: the pause before this turn was sent, ms from the end of the previous turn's answer (think time + scheduling). */
  think_ms?: number;
  /** Feasibility `--since`: copied from this earlier run, whose variant was unchanged (no request was sent now). */
  carried_from?: string;
}
