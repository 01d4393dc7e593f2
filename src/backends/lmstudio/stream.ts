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
import type { BackendEvent, GenerationRequest, ServerReport } from "../types.js";
import { sseBackendEvents, type SseMapper } from "../http/sse.js";
import { openAIMapper, type OpenAIChunk } from "../openai/stream.js";
import type { HttpStreamEvent } from "../http/stream.js";
import { chatMessages } from "../../shared/chat.js";

/** A type, not an interface: it stands where the OpenAI chunk has a `Record<string, unknown>`. */
export type LmStudioStats = {
  tokens_per_second?: number;
  time_to_first_token?: number;
  generation_time?: number;
  stop_reason?: string;
};
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

interface Chunk extends OpenAIChunk {
  stats?: LmStudioStats;
  model_info?: LmStudioModelInfo;
  runtime?: LmStudioRuntime;
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

/**
 * The OpenAI mapper (the chunks, `[DONE]`, errors, reasoning in or beside the content), which also hands over each chunk's
 * LM Studio fields; its `end` gets LM Studio's server counters.
 */
export function lmStudioMapper(seen: LmStudioSeen): SseMapper {
  let stats: LmStudioStats | undefined;
  const base = openAIMapper((parsed) => {
    const chunk = parsed as Chunk;
    if (chunk.stats) stats = chunk.stats;
    if (chunk.model_info) seen.model_info = chunk.model_info;
    if (chunk.runtime) seen.runtime = chunk.runtime;
  });
  return {
    event: base.event,
    end(t, out): BackendEvent {
      const end = base.end(t, out);
      const server: ServerReport = { ...end.server, engine: "lmstudio" };
      if (stats) {
        server["stats"] = stats;
        const timings: Record<string, number> = {};
        if (typeof stats.tokens_per_second === "number") timings["predicted_per_second"] = stats.tokens_per_second;
        const gen = ms(stats.generation_time);
        if (gen !== undefined) timings["predicted_ms"] = gen;
        const ttft = ms(stats.time_to_first_token);
        if (ttft !== undefined) timings["time_to_first_token_ms"] = ttft;
        if (end.usage.completion_tokens !== null) timings["predicted_n"] = end.usage.completion_tokens;
        if (end.usage.prompt_tokens !== null) timings["prompt_n"] = end.usage.prompt_tokens;
        server["timings"] = timings;
      }
      if (seen.model_info) server["model_info"] = seen.model_info;
      if (seen.runtime) server["runtime"] = seen.runtime;
      return { ...end, server, finish_reason: end.finish_reason ?? stats?.stop_reason ?? null };
    },
  };
}

export const lmStudioEvents = (reads: AsyncIterable<HttpStreamEvent>, seen: LmStudioSeen): AsyncGenerator<BackendEvent> => sseBackendEvents(reads, lmStudioMapper(seen));
