/**
 * LM Studio's native streamed chat completions (`POST /api/v0/chat/completions`, lmstudio-ai/docs
 * `1_developer/2_rest/endpoints.mdx`): OpenAI-shaped chunks whose last one carries, besides `usage`, LM Studio's own
 * `stats` (tokens_per_second; time_to_first_token and generation_time in SECONDS; stop_reason), `model_info` (arch,
 * quant, format, context_length) and `runtime` (engine name and version).
 *
 * The stats become the trial's server counters, converted to ms and stored under llama-server's `timings` names
 * (`predicted_per_second`, `predicted_ms`, `predicted_n`, `prompt_n`) beside the raw block, so the server's decode rate
 * is LM Studio's own figure.
 */
import { BackendError, type BackendEvent, type GenerationRequest, type ServerReport } from "../types.js";
import { sseBackendEvents, sseJson, type SseMapper } from "../http/sse.js";
import type { HttpStreamEvent } from "../http/stream.js";
import { ChunkEmitter } from "../chunks.js";
import { chatMessages } from "../../shared/chat.js";

export interface LmStudioStats {
  tokens_per_second?: number;
  time_to_first_token?: number;
  generation_time?: number;
  stop_reason?: string;
}
export interface LmStudioModelInfo {
  arch?: string;
  quant?: string;
  format?: string;
  context_length?: number;
}
export interface LmStudioRuntime {
  name?: string;
  version?: string;
  supported_formats?: string[];
}

interface Chunk {
  choices?: Array<{ delta?: { content?: string | null; reasoning_content?: string | null; reasoning?: string | null }; finish_reason?: string | null }>;
  usage?: { prompt_tokens?: number; completion_tokens?: number } | null;
  stats?: LmStudioStats;
  model_info?: LmStudioModelInfo;
  runtime?: LmStudioRuntime;
  error?: { message?: string } | string;
}

export function lmStudioBody(req: GenerationRequest): Record<string, unknown> {
  return { model: req.model, messages: chatMessages(req.prompt), stream: true, max_tokens: req.max_tokens, temperature: req.temperature, seed: req.seed, ...req.options };
}

/** What a response said about the model and engine, for the variant's server facts. */
export interface LmStudioSeen {
  model_info?: LmStudioModelInfo;
  runtime?: LmStudioRuntime;
}

const ms = (s: number | undefined): number | undefined => (typeof s === "number" ? s * 1000 : undefined);

export function lmStudioMapper(seen: LmStudioSeen): SseMapper {
  let usage: Chunk["usage"] = null;
  let stats: LmStudioStats | undefined;
  let finish: string | null = null;
  let done = false;
  const emitter = new ChunkEmitter();
  return {
    event(t, data, _name, out) {
      if (data.trim() === "[DONE]") {
        done = true;
        return;
      }
      const chunk = sseJson<Chunk>(data);
      if (chunk.error) throw new BackendError("stream", `server error in stream: ${typeof chunk.error === "string" ? chunk.error : chunk.error.message ?? JSON.stringify(chunk.error)}`);
      if (chunk.usage) usage = chunk.usage;
      if (chunk.stats) stats = chunk.stats;
      if (chunk.model_info) seen.model_info = chunk.model_info;
      if (chunk.runtime) seen.runtime = chunk.runtime;
      const choice = chunk.choices?.[0];
      if (choice?.finish_reason) finish = choice.finish_reason;
      // LM Studio's "separate reasoning_content" setting is off by default: the reasoning then arrives inside content
      // as <think>…</think> or harmony text, which the emitter splits off
      emitter.text(t, choice?.delta?.reasoning_content ?? choice?.delta?.reasoning, choice?.delta?.content, 1, out);
    },
    end(t, out): BackendEvent {
      if (!done && finish === null) throw new BackendError("stream", "stream ended before [DONE] or a finish_reason");
      emitter.flush(t, out);
      const server: ServerReport = { engine: "lmstudio" };
      if (stats) {
        server["stats"] = stats;
        const timings: Record<string, number> = {};
        if (typeof stats.tokens_per_second === "number") timings["predicted_per_second"] = stats.tokens_per_second;
        const gen = ms(stats.generation_time);
        if (gen !== undefined) timings["predicted_ms"] = gen;
        const ttft = ms(stats.time_to_first_token);
        if (ttft !== undefined) timings["time_to_first_token_ms"] = ttft;
        if (typeof usage?.completion_tokens === "number") timings["predicted_n"] = usage.completion_tokens;
        if (typeof usage?.prompt_tokens === "number") timings["prompt_n"] = usage.prompt_tokens;
        server["timings"] = timings;
      }
      if (seen.model_info) server["model_info"] = seen.model_info;
      if (seen.runtime) server["runtime"] = seen.runtime;
      return {
        type: "end",
        t,
        usage: { prompt_tokens: usage?.prompt_tokens ?? null, completion_tokens: usage?.completion_tokens ?? null },
        server,
        finish_reason: finish ?? stats?.stop_reason ?? null,
        ...(emitter.inline ? { reasoning_inline: true as const } : {}),
      };
    },
  };
}

export const lmStudioEvents = (reads: AsyncIterable<HttpStreamEvent>, seen: LmStudioSeen): AsyncGenerator<BackendEvent> => sseBackendEvents(reads, lmStudioMapper(seen));
