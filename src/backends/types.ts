/**
 * The narrow interface every backend implements. A backend turns one request into a stream of events, each stamped
 * with `performance.now()` (monotonic, milliseconds) as close to the socket or the engine as the backend can get:
 *
 *   sent → first_byte → chunk … chunk → end
 *
 * A backend reports a failure by throwing a {@link BackendError}; the runner stores it on the trial and goes on.
 * Backends never read environment variables: secrets arrive resolved in {@link BackendContext}.
 */
import type { BackendConfig, BackendType, Variant } from "../validate/schema.js";
import type { ResolvedPrompt } from "../plan/plan.js";
import type { SendGate } from "../shared/send-gate.js";

export type ChunkKind = "reasoning" | "answer";

/**
 * How a trial's per-chunk token counts were obtained:
 * - `server-per-event`: the server counted each event (vLLM `continuous_usage_stats`, Gemini's cumulative
 *   `candidatesTokenCount`, llama-server `timings.predicted_n` on every chunk, Anthropic usage deltas);
 * - `server-spread`: the server gave only a final count, spread over the events by text length (an estimate);
 * - `one-per-event`: each event counted as one token (no server count, or the server's count agreed);
 * - `engine`: the embedded engine yields exactly one token per event.
 */
export type TokenCountSource = "server-per-event" | "server-spread" | "one-per-event" | "engine";

/** A proxy in the request path (LiteLLM answers with `x-litellm-*` headers): its token counts are its own. */
export interface ProxyReport {
  name: "litellm";
  version: string | null;
  /** The proxy's `x-litellm-*` response headers, raw. */
  headers: Record<string, string>;
}

export type BackendEvent =
  /** The request was handed to the transport (socket write finished, or engine call made). */
  | { type: "sent"; t: number }
  /** The first byte of the response body (HTTP) or the first token (embedded). */
  | { type: "first_byte"; t: number }
  /**
   * Streamed output. `tokens` is the server's count when it says, else 1 per streamed event (shared by text length
   * when one event held both reasoning and answer). `retro`: the answer text streamed so far was reasoning after all
   * (a `</think>` arrived whose `<think>` was in the prompt).
   */
  | { type: "chunk"; t: number; tokens: number; kind: ChunkKind; text: string; retro?: true }
  | {
      type: "end";
      t: number;
      usage: Usage;
      server: ServerReport | null;
      finish_reason: string | null;
      /** How the chunks' `tokens` were counted (absent: one per event). */
      token_count?: Exclude<TokenCountSource, "server-spread">;
      /** The reasoning arrived inside the answer text (`<think>` or harmony) and was split out by trialbook. */
      reasoning_inline?: true;
      proxy?: ProxyReport;
    };

/** Where a parser puts the events it makes, in order: an array will do (the SSE reader passes a reused queue). */
export interface EventOut {
  push(ev: BackendEvent): unknown;
}

export interface Usage {
  prompt_tokens: number | null;
  completion_tokens: number | null;
  /** Prompt tokens counted by trialbook itself (embedded engine only). */
  client_prompt_tokens?: number;
  /**
   * Prompt tokens the server says it took from its prompt cache (OpenAI-style `prompt_tokens_details.cached_tokens`,
   * llama-server `timings.cache_n`, Anthropic `cache_read_input_tokens`); null or absent when it says nothing.
   */
  prompt_cached_tokens?: number | null;
  /**
   * Reasoning tokens the server counted (Gemini `thoughtsTokenCount`, OpenAI-style
   * `completion_tokens_details.reasoning_tokens`), streamed or not; included in `completion_tokens`.
   */
  reasoning_tokens?: number | null;
  /** The server's usage block as it came (every detail kept). */
  raw?: Record<string, unknown>;
}

/** Whatever timing/stat block the server or engine reported, kept raw. */
export type ServerReport = Record<string, unknown>;

export interface GenerationRequest {
  model: string;
  prompt: ResolvedPrompt;
  max_tokens: number;
  ignore_eos: boolean;
  temperature: number;
  seed: number;
  /** The variant's reasoning effort, sent the way the server takes it (absent: the server's default). */
  reasoning_effort?: ReasoningEffort;
  /** Extra request fields from the variant, passed through unchanged. */
  options?: Readonly<Record<string, unknown>>;
}

export type ReasoningEffort = "low" | "medium" | "high";

export type ErrorKind = "connection" | "http" | "stream" | "timeout" | "engine" | "refused";

export class BackendError extends Error {
  readonly kind: ErrorKind;
  readonly status: number | undefined;
  constructor(kind: ErrorKind, message: string, status?: number) {
    super(message);
    this.name = "BackendError";
    this.kind = kind;
    this.status = status;
  }
}

/** What a backend says about itself before a run (for the manifest and the preflight check). */
export interface BackendInfo {
  reachable: boolean;
  /** Why not, when unreachable. */
  problem?: string;
  url?: string;
  server?: string;
  version?: string;
  /**
   * The embedded engine (`llama-cpp`): its threads and GPU backend (null: none), which `url` says in English; reports
   * word them in their language.
   */
  embedded?: { threads: number; gpu: string | null };
}

/** What is known about a variant's model once it is opened (for the manifest). */
export interface ModelFacts {
  name: string;
  digest?: string;
  file?: string;
  size_bytes?: number;
  format_reported?: string;
  quantization_reported?: string;
  parameter_size?: string;
  family?: string;
  context_size?: number;
  /** Model load time measured apart from the trials (embedded engine), ms. */
  load_ms?: number;
  details?: Record<string, unknown>;
}

/** The context a server will give a variant's requests, in tokens, and where that figure comes from. */
export interface ContextLimit {
  tokens: number;
  /** e.g. "llama-server /props n_ctx", "Ollama options.num_ctx". */
  source: string;
  /** The figure is the model's trained maximum; the server may serve less (Ollama's default num_ctx). */
  trained?: true;
  /**
   * The server behind the figure, where its default loaded context may be smaller than `tokens` (a warning names it):
   * set by whichever backend type reached it (LM Studio is reachable as `lmstudio` and as `openai`).
   */
  server?: "ollama" | "lmstudio";
}

export interface ModelListing {
  name: string;
  digest?: string;
  size_bytes?: number;
  modified_at?: string;
  /** Weight format and quantization as the server reports them (LM Studio `compatibility_type`, `quantization`). */
  format?: string;
  quantization?: string;
  /** Whether the server has the model in memory now (LM Studio `state`). */
  state?: string;
  max_context_length?: number;
  /** The engine that runs it (LM Studio: llama.cpp for GGUF, MLX for MLX models). */
  engine?: string;
}

/** A variant's model, opened (loaded, for the embedded engine) and ready for requests. */
/**
 * A stream of backend events that can also hand each event to a callback as soon as it is parsed, with no promise per
 * event (the SSE reader over node:http). A consumer that can take events that way asks {@link canPump}; the events and
 * their order are the same as iterating.
 */
export interface Pumpable {
  pump(sink: (ev: BackendEvent) => void): Promise<void>;
}
export const canPump = (events: unknown): events is Pumpable => typeof (events as Partial<Pumpable> | null)?.pump === "function";

export interface VariantSession {
  facts: ModelFacts;
  /**
   * Sends a request and streams its events. With a `gate` (sessions that declare {@link VariantSession.gated}), the
   * request is made at once and held, ready on its connection, until the gate opens: its `sent` event is the write.
   */
  generate(request: GenerationRequest, signal: AbortSignal, gate?: SendGate): AsyncIterable<BackendEvent>;
  /** `generate` honours a {@link SendGate}; other sessions are called only once the gate has opened. */
  gated?: true;
  /**
   * Opens this many keep-alive connections before a load level starts, so that its first wave of requests does not
   * pay for connecting (HTTP backends).
   */
  warm?(connections: number): Promise<void>;
  /**
   * Unloads the model from the server (Ollama `keep_alive: 0`, LM Studio unload), so that the next request pays a cold
   * load; for `unload_before`. Absent where the server has no way to do it.
   */
  unload?(): Promise<void>;
  /**
   * What the server says about the loaded model once it has served a request (Ollama `/api/ps`: size, size_vram,
   * context_length; llama-server `/props`: n_ctx, build; vLLM max_model_len; LM Studio loaded context). Null: nothing.
   */
  serverFacts?(): Promise<Record<string, unknown> | null>;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** Most requests that will be in flight at once. */
  maxConcurrency: number;
  /** Longest prompt text in characters and the output length, to size a context. */
  maxPromptChars: number;
  /**
   * A bound on the longest prompt in tokens, when the plan knows better than characters ÷ 2 (context-depth filler is
   * about one token per word of ~7 characters); absent: sized from `maxPromptChars`.
   */
  maxPromptTokens?: number;
  maxTokens: number;
  ignoreEos: boolean;
}

export interface Backend {
  readonly id: string;
  readonly type: BackendType;
  /** True when requests never leave this machine (loopback, embedded, or declared local). */
  readonly local: boolean;
  info(signal?: AbortSignal): Promise<BackendInfo>;
  listModels(signal?: AbortSignal): Promise<ModelListing[]>;
  open(variant: Variant, options: OpenOptions): Promise<VariantSession>;
  /**
   * A cheap identity of the model a variant names, without loading it: the GGUF file's sha256, Ollama's digest, or
   * (OpenAI-compatible servers, which do not expose weights) the server build and the model id. Reruns compare it.
   */
  fingerprint(variant: Variant, signal?: AbortSignal): Promise<string | null>;
  /**
   * The context the server gives this variant's requests, without loading anything (context depth checks it before a
   * run). Absent or null: the backend cannot tell.
   */
  contextLength?(variant: Variant, signal?: AbortSignal): Promise<ContextLimit | null>;
  close(): Promise<void>;
}

export interface Logger {
  info(message: string): void;
  warn(message: string): void;
}

export interface BackendContext {
  /** Folder of the experiment file; relative paths in the experiment are resolved against it. */
  baseDir: string;
  /** API key resolved from the environment variable the experiment names, if any. */
  apiKey?: string;
  logger: Logger;
  /** Where the run counts every HTTP request by host. */
  egress?: { record(url: URL): void };
}

export type BackendFactory<C extends BackendConfig> = (id: string, config: C, context: BackendContext) => Backend;
export type BackendRegistry = { [K in BackendType]: BackendFactory<Extract<BackendConfig, { type: K }>> };
