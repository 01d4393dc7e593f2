/**
 * Gemini `streamGenerateContent?alt=sse`: the request body, and SSE events mapped to backend events.
 *
 * - Thoughts: Gemini streams thought parts (`thought: true`, reasoning) only when asked with
 *   `thinkingConfig.includeThoughts`, which is sent to thinking models (Gemini 2.5 and later, names with "thinking")
 *   and whenever a variant sets `reasoning_effort` (then also `thinkingBudget`).
 * - Counts: every chunk's `usageMetadata` is cumulative. `candidatesTokenCount` (the answer) and `thoughtsTokenCount`
 *   (all thinking, streamed or not) grow chunk by chunk, so each event's tokens are the growth since the one before.
 *   Thinking counted while no thought part was streamed is carried to the next thought part; what is never streamed
 *   is hidden reasoning (the run keeps it apart). `cachedContentTokenCount` is the cached prompt.
 * - The stream has no end marker: it is complete when a candidate has a `finishReason`.
 */
import { BackendError, type BackendEvent, type GenerationRequest, type Usage } from "../types.js";
import { sseBackendEvents, sseJson, type SseMapper } from "../http/sse.js";
import type { HttpStreamEvent } from "../http/stream.js";
import { THINKING_BUDGET } from "../anthropic/stream.js";
import { spreadByLength } from "../../shared/reasoning-split.js";
import { chatTurns } from "../../shared/chat.js";

/** Models that think (Gemini 2.5 and later, "thinking" models): only they are sent a thinkingConfig unless asked. */
const THINKING_MODEL = /^(models\/)?gemini-(2\.5|[3-9])|thinking/;

export function generateBody(req: GenerationRequest): Record<string, unknown> {
  const thinks = req.reasoning_effort !== undefined || THINKING_MODEL.test(req.model);
  const thinkingConfig = { includeThoughts: true, ...(req.reasoning_effort ? { thinkingBudget: THINKING_BUDGET[req.reasoning_effort] } : {}) };
  const body: Record<string, unknown> = {
    contents: chatTurns(req.prompt).map((m) => ({ role: m.role === "assistant" ? "model" : "user", parts: [{ text: m.content }] })),
    generationConfig: { maxOutputTokens: req.max_tokens, temperature: req.temperature, seed: req.seed, ...(thinks ? { thinkingConfig } : {}) },
  };
  if (req.prompt.system !== undefined) body["systemInstruction"] = { parts: [{ text: req.prompt.system }] };
  return { ...body, ...req.options };
}

interface UsageMetadata {
  promptTokenCount?: number;
  candidatesTokenCount?: number;
  thoughtsTokenCount?: number;
  cachedContentTokenCount?: number;
}
interface GeminiChunk {
  candidates?: Array<{ content?: { parts?: Array<{ text?: string; thought?: boolean }> }; finishReason?: string }>;
  usageMetadata?: UsageMetadata;
  error?: { code?: number; message?: string; status?: string };
}

/** Maps `streamGenerateContent` SSE events to backend events. */
export function geminiMapper(): SseMapper {
  let usage: UsageMetadata | null = null;
  let finish: string | null = null;
  let perEvent: boolean | null = null;
  let candidates = 0;
  let thoughts = 0;
  let unplacedThoughts = 0;
  return {
    event(t, data, _name, out) {
      const chunk = sseJson<GeminiChunk>(data);
      if (chunk.error) throw new BackendError("stream", `server error in stream: ${chunk.error.status ?? ""} ${chunk.error.message ?? ""}`.trim());
      const u = chunk.usageMetadata;
      if (u) usage = u;
      const candidate = chunk.candidates?.[0];
      if (candidate?.finishReason) finish = candidate.finishReason;
      const parts = (candidate?.content?.parts ?? []).filter((p) => p.text);
      // Per-event counts when the stream carries them from its first chunk with text on.
      if (parts.length && perEvent === null) perEvent = typeof u?.candidatesTokenCount === "number" || typeof u?.thoughtsTokenCount === "number";
      let answerTokens = 1;
      let thoughtTokens = 1;
      if (perEvent && u) {
        const c = u.candidatesTokenCount ?? candidates;
        const th = u.thoughtsTokenCount ?? thoughts;
        answerTokens = Math.max(0, c - candidates);
        unplacedThoughts += Math.max(0, th - thoughts);
        candidates = c;
        thoughts = th;
        thoughtTokens = 0;
        if (parts.some((p) => p.thought)) {
          thoughtTokens = unplacedThoughts;
          unplacedThoughts = 0;
        }
      }
      const answerParts = parts.filter((p) => !p.thought);
      const thoughtParts = parts.filter((p) => p.thought);
      const answerShares = spreadByLength(answerTokens, answerParts.map((p) => p.text!.length));
      const thoughtShares = spreadByLength(thoughtTokens, thoughtParts.map((p) => p.text!.length));
      for (const p of parts) {
        const thought = p.thought === true;
        const tokens = (thought ? thoughtShares.shift() : answerShares.shift()) ?? 0;
        out.push({ type: "chunk", t, tokens, kind: thought ? "reasoning" : "answer", text: p.text! });
      }
    },
    end(t) {
      if (finish === null) throw new BackendError("stream", "stream ended before a finishReason");
      const u: UsageMetadata | null = usage;
      const result: Usage = { prompt_tokens: u?.promptTokenCount ?? null, completion_tokens: null };
      if (u && (u.candidatesTokenCount !== undefined || u.thoughtsTokenCount !== undefined)) result.completion_tokens = (u.candidatesTokenCount ?? 0) + (u.thoughtsTokenCount ?? 0);
      if (typeof u?.thoughtsTokenCount === "number") result.reasoning_tokens = u.thoughtsTokenCount;
      if (typeof u?.cachedContentTokenCount === "number") result.prompt_cached_tokens = u.cachedContentTokenCount;
      if (u) result.raw = { ...u };
      return { type: "end", t, usage: result, server: null, finish_reason: finish, token_count: perEvent ? "server-per-event" : "one-per-event" };
    },
  };
}

/** Timed HTTP reads of a Gemini stream → backend events. */
export const geminiEvents = (reads: AsyncIterable<HttpStreamEvent>): AsyncGenerator<BackendEvent> => sseBackendEvents(reads, geminiMapper());
