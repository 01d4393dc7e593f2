/**
 * Anthropic Messages API streaming: the request body, and SSE events mapped to backend events. `text_delta` is
 * answer, `thinking_delta` is reasoning. Counters: `message_start` gives the input (`input_tokens` plus
 * `cache_read_input_tokens` and `cache_creation_input_tokens`, which the API counts apart: all three are prompt
 * tokens, the cache reads are the cached prompt); `message_delta` gives the cumulative `output_tokens` (thinking
 * included). Deltas carry several tokens each and no count of their own, so the run spreads `output_tokens` over them.
 * A variant's `reasoning_effort` becomes a thinking budget (extended thinking requires the default temperature).
 */
import { BackendError, type BackendEvent, type GenerationRequest, type ReasoningEffort } from "../types.js";
import { sseBackendEvents, sseJson, type SseMapper } from "../http/sse.js";
import type { HttpStreamEvent } from "../http/stream.js";
import { chatTurns } from "../../shared/chat.js";

/** Thinking budget in tokens per reasoning effort (Anthropic and Gemini); Anthropic's minimum is 1024. */
export const THINKING_BUDGET: Record<ReasoningEffort, number> = { low: 2048, medium: 8192, high: 24576 };

export function messagesBody(req: GenerationRequest): Record<string, unknown> {
  const body: Record<string, unknown> = {
    model: req.model,
    max_tokens: req.max_tokens,
    stream: true,
    messages: chatTurns(req.prompt),
  };
  if (req.reasoning_effort) {
    // budget_tokens must stay below max_tokens and at least 1024
    body["thinking"] = { type: "enabled", budget_tokens: Math.max(1024, Math.min(THINKING_BUDGET[req.reasoning_effort], req.max_tokens - 1)) };
  } else body["temperature"] = req.temperature;
  if (req.prompt.system !== undefined) body["system"] = req.prompt.system;
  return { ...body, ...req.options };
}

interface AnthropicUsage {
  input_tokens?: number | null;
  output_tokens?: number | null;
  cache_read_input_tokens?: number | null;
  cache_creation_input_tokens?: number | null;
}
interface AnthropicEvent {
  type?: string;
  message?: { usage?: AnthropicUsage };
  delta?: { type?: string; text?: string; thinking?: string; stop_reason?: string | null };
  usage?: AnthropicUsage;
  error?: { type?: string; message?: string };
}

/** Maps Messages API SSE events to backend events. */
export function anthropicMapper(): SseMapper {
  let usage: AnthropicUsage = {};
  let finish: string | null = null;
  let stopped = false;
  const merge = (u: AnthropicUsage | undefined) => {
    if (!u) return;
    for (const [k, v] of Object.entries(u)) if (v !== null && v !== undefined) (usage as Record<string, unknown>)[k] = v;
  };
  return {
    event(t, raw, _name, out) {
      const data = sseJson<AnthropicEvent>(raw);
      switch (data.type) {
        case "message_start":
          merge(data.message?.usage);
          break;
        case "content_block_delta":
          if (data.delta?.type === "text_delta" && data.delta.text) out.push({ type: "chunk", t, tokens: 1, kind: "answer", text: data.delta.text });
          else if (data.delta?.type === "thinking_delta" && data.delta.thinking) out.push({ type: "chunk", t, tokens: 1, kind: "reasoning", text: data.delta.thinking });
          break;
        case "message_delta":
          finish = data.delta?.stop_reason ?? finish;
          merge(data.usage);
          break;
        case "message_stop":
          stopped = true;
          break;
        case "error":
          throw new BackendError("stream", `server error in stream: ${data.error?.type ?? ""} ${data.error?.message ?? ""}`.trim());
        default:
          break;
      }
    },
    end(t) {
      if (!stopped) throw new BackendError("stream", "stream ended before message_stop");
      const read = usage.cache_read_input_tokens ?? null;
      const input = usage.input_tokens ?? null;
      const prompt = input === null ? null : input + (read ?? 0) + (usage.cache_creation_input_tokens ?? 0);
      return {
        type: "end",
        t,
        usage: { prompt_tokens: prompt, completion_tokens: usage.output_tokens ?? null, ...(read === null ? {} : { prompt_cached_tokens: read }), raw: { ...usage } },
        server: null,
        finish_reason: finish,
        token_count: "one-per-event",
      };
    },
  };
}

/** Timed HTTP reads of a Messages API stream → backend events. */
export const anthropicEvents = (reads: AsyncIterable<HttpStreamEvent>): AsyncGenerator<BackendEvent> => sseBackendEvents(reads, anthropicMapper());
