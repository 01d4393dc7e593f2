/**
 * Gemini `streamGenerateContent?alt=sse`: the request body, and SSE events mapped to backend events. Parts marked
 * `thought` are reasoning; `usageMetadata` gives prompt, candidate and thought token counts. The stream has no end
 * marker: it is complete when a candidate has a `finishReason`.
 */
import { BackendError, type BackendEvent, type GenerationRequest } from "../types.js";
import { sseJson, type TimedSse } from "../http/sse.js";

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

export async function* geminiEvents(events: AsyncIterable<TimedSse>): AsyncGenerator<BackendEvent> {
  let prompt: number | null = null;
  let output: number | null = null;
  let finish: string | null = null;
  for await (const ev of events) {
    if (ev.type !== "event") {
      yield ev;
      continue;
    }
    const chunk = sseJson<GeminiChunk>(ev.data);
    if (chunk.error) throw new BackendError("stream", `server error in stream: ${chunk.error.status ?? ""} ${chunk.error.message ?? ""}`.trim());
    const u = chunk.usageMetadata;
    if (u) {
      prompt = u.promptTokenCount ?? prompt;
      if (u.candidatesTokenCount !== undefined || u.thoughtsTokenCount !== undefined) output = (u.candidatesTokenCount ?? 0) + (u.thoughtsTokenCount ?? 0);
    }
    const candidate = chunk.candidates?.[0];
    for (const part of candidate?.content?.parts ?? []) {
      if (part.text) yield { type: "chunk", t: ev.t, tokens: 1, kind: part.thought ? "reasoning" : "answer", text: part.text };
    }
    if (candidate?.finishReason) finish = candidate.finishReason;
  }
  if (finish === null) throw new BackendError("stream", "stream ended before a finishReason");
  yield { type: "end", t: performance.now(), usage: { prompt_tokens: prompt, completion_tokens: output }, server: null, finish_reason: finish };
}
