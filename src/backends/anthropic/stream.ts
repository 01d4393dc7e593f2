/**
 * Anthropic Messages API streaming: the request body, and SSE events mapped to backend events. `text_delta` is
 * answer, `thinking_delta` is reasoning; token counts come from `message_start` (input) and `message_delta` (output).
 */
import { BackendError, type BackendEvent, type GenerationRequest } from "../types.js";
import { sseBackendEvents, sseJson, type SseMapper } from "../http/sse.js";
import type { HttpStreamEvent } from "../http/stream.js";

export function messagesBody(req: GenerationRequest): Record<string, unknown> {
  const body: Record<string, unknown> = {
    model: req.model,
    max_tokens: req.max_tokens,
    temperature: req.temperature,
    stream: true,
    messages: [{ role: "user", content: req.prompt.text }],
  };
  if (req.prompt.system !== undefined) body["system"] = req.prompt.system;
  return { ...body, ...req.options };
}

interface AnthropicEvent {
  type?: string;
  message?: { usage?: { input_tokens?: number; output_tokens?: number } };
  delta?: { type?: string; text?: string; thinking?: string; stop_reason?: string | null };
  usage?: { input_tokens?: number; output_tokens?: number };
  error?: { type?: string; message?: string };
}

/** Maps Messages API SSE events to backend events. */
export function anthropicMapper(): SseMapper {
  let input: number | null = null;
  let output: number | null = null;
  let finish: string | null = null;
  let stopped = false;
  return {
    event(t, raw, _name, out) {
      const data = sseJson<AnthropicEvent>(raw);
      switch (data.type) {
        case "message_start":
          input = data.message?.usage?.input_tokens ?? input;
          break;
        case "content_block_delta":
          if (data.delta?.type === "text_delta" && data.delta.text) out.push({ type: "chunk", t, tokens: 1, kind: "answer", text: data.delta.text });
          else if (data.delta?.type === "thinking_delta" && data.delta.thinking) out.push({ type: "chunk", t, tokens: 1, kind: "reasoning", text: data.delta.thinking });
          break;
        case "message_delta":
          finish = data.delta?.stop_reason ?? finish;
          output = data.usage?.output_tokens ?? output;
          input = data.usage?.input_tokens ?? input;
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
      return { type: "end", t, usage: { prompt_tokens: input, completion_tokens: output }, server: null, finish_reason: finish };
    },
  };
}

/** Timed HTTP reads of a Messages API stream → backend events. */
export const anthropicEvents = (reads: AsyncIterable<HttpStreamEvent>): AsyncGenerator<BackendEvent> => sseBackendEvents(reads, anthropicMapper());
