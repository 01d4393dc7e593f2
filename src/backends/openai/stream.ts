/**
 * OpenAI-compatible streaming: builds the request body and maps SSE events to backend events.
 *
 * Content deltas are `answer` chunks; `reasoning_content` (llama-server, vLLM, DeepSeek) and `reasoning` (Ollama's and
 * LM Studio's OpenAI endpoints, OpenRouter) deltas are `reasoning` chunks. An event with no text (a role-only first
 * chunk, the usage chunk) is not a chunk: it does not start the TTFT clock (vLLM's bug #3759). Each event is counted as
 * one token unless the server reports its own running count (llama-server `timings.predicted_n`).
 */
import type { BackendEvent, GenerationRequest, ServerReport } from "../types.js";
import { BackendError } from "../types.js";
import { sseBackendEvents, sseJson, type SseMapper } from "../http/sse.js";
import type { HttpStreamEvent } from "../http/stream.js";

export function requestBody(endpoint: "chat" | "completions", req: GenerationRequest): Record<string, unknown> {
  const common: Record<string, unknown> = {
    model: req.model,
    stream: true,
    stream_options: { include_usage: true },
    max_tokens: req.max_tokens,
    temperature: req.temperature,
    seed: req.seed,
  };
  if (req.ignore_eos) common["ignore_eos"] = true;
  if (endpoint === "completions") {
    const prompt = req.prompt.system === undefined ? req.prompt.text : `${req.prompt.system}\n\n${req.prompt.text}`;
    return { ...common, prompt, ...req.options };
  }
  const messages = [];
  if (req.prompt.system !== undefined) messages.push({ role: "system", content: req.prompt.system });
  messages.push({ role: "user", content: req.prompt.text });
  return { ...common, messages, ...req.options };
}

interface Choice {
  delta?: { content?: string | null; reasoning_content?: string | null; reasoning?: string | null };
  text?: string | null;
  finish_reason?: string | null;
}
interface Chunk {
  choices?: Choice[];
  usage?: { prompt_tokens?: number; completion_tokens?: number } | null;
  timings?: Record<string, unknown> & { predicted_n?: number };
  stats?: Record<string, unknown>;
  error?: { message?: string } | string;
}

/** Maps OpenAI-compatible chat/completions SSE events to backend events. */
export function openAIMapper(): SseMapper {
  let usage: Chunk["usage"] = null;
  let finish: string | null = null;
  let sawDone = false;
  let predicted = 0;
  const server: ServerReport = {};
  return {
    event(t, data, _name, out) {
      if (data.trim() === "[DONE]") {
        sawDone = true;
        return;
      }
      const chunk = sseJson<Chunk>(data);
      if (chunk.error) throw new BackendError("stream", `server error in stream: ${typeof chunk.error === "string" ? chunk.error : chunk.error.message ?? JSON.stringify(chunk.error)}`);
      if (chunk.usage) usage = chunk.usage;
      if (chunk.timings) server["timings"] = chunk.timings;
      if (chunk.stats) server["stats"] = chunk.stats;
      const choice = chunk.choices?.[0];
      if (choice?.finish_reason) finish = choice.finish_reason;
      let tokens = 1;
      if (typeof chunk.timings?.predicted_n === "number") {
        tokens = Math.max(0, chunk.timings.predicted_n - predicted);
        predicted = chunk.timings.predicted_n;
      }
      const reasoning = choice?.delta?.reasoning_content ?? choice?.delta?.reasoning;
      const answer = choice?.delta?.content ?? choice?.text;
      if (reasoning) out.push({ type: "chunk", t, tokens: answer ? 0 : tokens, kind: "reasoning", text: reasoning });
      if (answer) out.push({ type: "chunk", t, tokens, kind: "answer", text: answer });
    },
    end(t) {
      if (!sawDone && finish === null) throw new BackendError("stream", "stream ended before [DONE] or a finish_reason");
      const timings = server["timings"] as { predicted_n?: number; prompt_n?: number } | undefined;
      return {
        type: "end",
        t,
        usage: { prompt_tokens: usage?.prompt_tokens ?? timings?.prompt_n ?? null, completion_tokens: usage?.completion_tokens ?? timings?.predicted_n ?? null },
        server: Object.keys(server).length ? server : null,
        finish_reason: finish,
      };
    },
  };
}

/** Timed HTTP reads of an OpenAI-compatible stream → backend events. */
export const openAIEvents = (reads: AsyncIterable<HttpStreamEvent>): AsyncGenerator<BackendEvent> => sseBackendEvents(reads, openAIMapper());
