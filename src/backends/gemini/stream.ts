/**
 * Gemini `streamGenerateContent?alt=sse`: the request body, and SSE events mapped to backend events. Parts marked
 * `thought` are reasoning; `usageMetadata` gives prompt, candidate and thought token counts. The stream has no end
 * marker: it is complete when a candidate has a `finishReason`.
 */
import { BackendError, type BackendEvent, type GenerationRequest } from "../types.js";
import { sseBackendEvents, sseJson, type SseMapper } from "../http/sse.js";
import type { HttpStreamEvent } from "../http/stream.js";

export function generateBody(req: GenerationRequest): Record<string, unknown> {
  const body: Record<string, unknown> = {
    contents: [{ role: "user", parts: [{ text: req.prompt.text }] }],
    generationConfig: { maxOutputTokens: req.max_tokens, temperature: req.temperature, seed: req.seed },
  };
  if (req.prompt.system !== undefined) body["systemInstruction"] = { parts: [{ text: req.prompt.system }] };
  return { ...body, ...req.options };
}

interface GeminiChunk {
  candidates?: Array<{ content?: { parts?: Array<{ text?: string; thought?: boolean }> }; finishReason?: string }>;
  usageMetadata?: { promptTokenCount?: number; candidatesTokenCount?: number; thoughtsTokenCount?: number };
  error?: { code?: number; message?: string; status?: string };
}

/** Maps `streamGenerateContent` SSE events to backend events. */
export function geminiMapper(): SseMapper {
  let prompt: number | null = null;
  let output: number | null = null;
  let finish: string | null = null;
  return {
    event(t, data, _name, out) {
      const chunk = sseJson<GeminiChunk>(data);
      if (chunk.error) throw new BackendError("stream", `server error in stream: ${chunk.error.status ?? ""} ${chunk.error.message ?? ""}`.trim());
      const u = chunk.usageMetadata;
      if (u) {
        prompt = u.promptTokenCount ?? prompt;
        if (u.candidatesTokenCount !== undefined || u.thoughtsTokenCount !== undefined) output = (u.candidatesTokenCount ?? 0) + (u.thoughtsTokenCount ?? 0);
      }
      const candidate = chunk.candidates?.[0];
      for (const part of candidate?.content?.parts ?? []) {
        if (part.text) out.push({ type: "chunk", t, tokens: 1, kind: part.thought ? "reasoning" : "answer", text: part.text });
      }
      if (candidate?.finishReason) finish = candidate.finishReason;
    },
    end(t) {
      if (finish === null) throw new BackendError("stream", "stream ended before a finishReason");
      return { type: "end", t, usage: { prompt_tokens: prompt, completion_tokens: output }, server: null, finish_reason: finish };
    },
  };
}

/** Timed HTTP reads of a Gemini stream → backend events. */
export const geminiEvents = (reads: AsyncIterable<HttpStreamEvent>): AsyncGenerator<BackendEvent> => sseBackendEvents(reads, geminiMapper());
