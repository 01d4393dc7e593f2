/**
 * OpenAI-compatible streaming: builds the request body and maps SSE events to backend events.
 *
 * - Text: `reasoning_content` (llama-server, older vLLM, DeepSeek) and `reasoning` (vLLM, mlx_lm, Ollama's and
 *   LM Studio's OpenAI endpoints) deltas are reasoning; `content` is the answer, split further where the reasoning
 *   arrives inside it (`<think>…</think>`, gpt-oss harmony channels: LM Studio with "separate reasoning_content" off,
 *   llama-server `--reasoning-format none`, vLLM without `--reasoning-parser`). An event with no text (a role-only
 *   first chunk, the usage chunk) is not a chunk: it does not start the TTFT clock (vLLM's bug #3759).
 * - Tokens per event: the server's running count where it gives one on every chunk — vLLM's
 *   `stream_options.continuous_usage_stats` (cumulative `usage.completion_tokens`, which also takes in tokens the
 *   server did not stream, such as a reasoning parser's control tokens) or llama-server's `timings.predicted_n` —
 *   else one per event (the run spreads the final count later).
 * - Counters: `usage` is kept raw; `prompt_tokens_details.cached_tokens` (vLLM with --enable-prompt-tokens-details,
 *   mlx_lm, llama-server) or llama-server `timings.cache_n` is the cached prompt; `completion_tokens_details.
 *   reasoning_tokens` is the server's reasoning count (OpenAI reasoning models count reasoning they never stream).
 */
import type { BackendEvent, EventOut, GenerationRequest, ProxyReport, ServerReport, Usage } from "../types.js";
import { BackendError } from "../types.js";
import { sseBackendEvents, sseJson, type SseMapper } from "../http/sse.js";
import type { HttpStreamEvent } from "../http/stream.js";
import { ChunkEmitter } from "../chunks.js";
import { chatMessages, flatText } from "../../shared/chat.js";

/** What differs between OpenAI-compatible servers in the request. */
export interface OpenAIFlavour {
  /** A hosted OpenAI reasoning model (o-series, gpt-5 family): `max_completion_tokens` and no `temperature`. */
  reasoningModel: boolean;
  /**
   * Ask for usage on every chunk (`stream_options.continuous_usage_stats`): only where the server is vLLM, which
   * defines it; other servers (OpenAI itself) may refuse a field they do not know.
   */
  continuousUsage: boolean;
}

/** `vllm`: the server answered vLLM's `/version` (see {@link isVllm}). */
export function openAIFlavour(baseUrl: string, model: string, vllm = false): OpenAIFlavour {
  const hosted = new URL(baseUrl).hostname === "api.openai.com";
  return { reasoningModel: hosted && /^(o\d|gpt-5)/.test(model), continuousUsage: vllm && !hosted };
}

const PLAIN: OpenAIFlavour = { reasoningModel: false, continuousUsage: false };

export function requestBody(endpoint: "chat" | "completions", req: GenerationRequest, flavour: OpenAIFlavour = PLAIN): Record<string, unknown> {
  const common: Record<string, unknown> = {
    model: req.model,
    stream: true,
    stream_options: flavour.continuousUsage ? { include_usage: true, continuous_usage_stats: true } : { include_usage: true },
  };
  if (flavour.reasoningModel) common["max_completion_tokens"] = req.max_tokens;
  else {
    common["max_tokens"] = req.max_tokens;
    common["temperature"] = req.temperature;
  }
  common["seed"] = req.seed;
  if (req.ignore_eos) common["ignore_eos"] = true;
  if (req.reasoning_effort) common["reasoning_effort"] = req.reasoning_effort;
  if (endpoint === "completions") {
    return { ...common, prompt: flatText(req.prompt), ...req.options };
  }
  return { ...common, messages: chatMessages(req.prompt), ...req.options };
}

interface Choice {
  delta?: { content?: string | null; reasoning_content?: string | null; reasoning?: string | null };
  text?: string | null;
  finish_reason?: string | null;
}
interface OpenAIUsage {
  prompt_tokens?: number;
  completion_tokens?: number;
  prompt_tokens_details?: { cached_tokens?: number | null } | null;
  completion_tokens_details?: { reasoning_tokens?: number | null } | null;
}
/** One streamed chunk as parsed (servers add their own fields: LM Studio's native endpoint `stats`, `model_info`). */
export interface OpenAIChunk {
  choices?: Choice[];
  usage?: OpenAIUsage | null;
  timings?: Record<string, unknown> & { predicted_n?: number; prompt_n?: number; cache_n?: number };
  stats?: Record<string, unknown>;
  error?: { message?: string } | string;
}

export interface OpenAIMapper extends SseMapper {
  /** The proxy seen in the response headers, if any. */
  proxy: ProxyReport | null;
  end(t: number, out: EventOut): Extract<BackendEvent, { type: "end" }>;
}

/**
 * Maps OpenAI-compatible chat/completions SSE events to backend events. `onChunk` sees every parsed chunk first, for a
 * server's own fields (LM Studio's native endpoint).
 */
export function openAIMapper(onChunk?: (chunk: OpenAIChunk) => void): OpenAIMapper {
  let usage: OpenAIUsage | null = null;
  let finish: string | null = null;
  let sawDone = false;
  let counted = 0;
  let perEvent = false;
  let firstChoice = true;
  const emitter = new ChunkEmitter();
  const server: ServerReport = {};
  const mapper: OpenAIMapper = {
    proxy: null,
    event(t, data, _name, out) {
      if (data.trim() === "[DONE]") {
        sawDone = true;
        return;
      }
      const chunk = sseJson<OpenAIChunk>(data);
      if (chunk.error) throw new BackendError("stream", `server error in stream: ${typeof chunk.error === "string" ? chunk.error : chunk.error.message ?? JSON.stringify(chunk.error)}`);
      onChunk?.(chunk);
      const choice = chunk.choices?.[0];
      if (chunk.usage) usage = chunk.usage;
      if (chunk.timings) server["timings"] = chunk.timings;
      if (chunk.stats) server["stats"] = chunk.stats;
      if (choice?.finish_reason) finish = choice.finish_reason;
      if (!choice) return; // the usage chunk (choices: [])
      // A running count is per event only when the stream carries it from its first chunk on (vLLM's role chunk says
      // completion_tokens 0); a count that first appears on the last chunk is the final one, not this event's.
      const running = typeof chunk.timings?.predicted_n === "number" ? chunk.timings.predicted_n : chunk.usage?.completion_tokens;
      if (firstChoice) {
        firstChoice = false;
        perEvent = typeof running === "number";
      }
      let tokens = 1;
      if (perEvent && typeof running === "number") {
        tokens = Math.max(0, running - counted);
        counted = running;
      }
      emitter.text(t, choice.delta?.reasoning_content ?? choice.delta?.reasoning, choice.delta?.content ?? choice.text, tokens, out);
    },
    end(t, out) {
      if (!sawDone && finish === null) throw new BackendError("stream", "stream ended before [DONE] or a finish_reason");
      emitter.flush(t, out);
      const timings = server["timings"] as OpenAIChunk["timings"] | undefined;
      const u: OpenAIUsage | null = usage;
      const result: Usage = {
        prompt_tokens: u?.prompt_tokens ?? timings?.prompt_n ?? null,
        completion_tokens: u?.completion_tokens ?? timings?.predicted_n ?? null,
      };
      const cached = u?.prompt_tokens_details?.cached_tokens ?? timings?.cache_n;
      if (typeof cached === "number") result.prompt_cached_tokens = cached;
      const reasoning = u?.completion_tokens_details?.reasoning_tokens;
      if (typeof reasoning === "number") result.reasoning_tokens = reasoning;
      if (u) result.raw = u as Record<string, unknown>;
      return {
        type: "end",
        t,
        usage: result,
        server: Object.keys(server).length ? server : null,
        finish_reason: finish,
        token_count: perEvent ? "server-per-event" : "one-per-event",
        ...(emitter.inline ? { reasoning_inline: true as const } : {}),
        ...(mapper.proxy ? { proxy: mapper.proxy } : {}),
      };
    },
  };
  return mapper;
}

/** Timed HTTP reads of an OpenAI-compatible stream → backend events. */
export const openAIEvents = (reads: AsyncIterable<HttpStreamEvent>, mapper: OpenAIMapper = openAIMapper()): AsyncGenerator<BackendEvent> => sseBackendEvents(reads, mapper);
