/**
 * FAKE Gemini API with a known schedule and thinking. Follows the Gemini API reference for
 * `models.streamGenerateContent` (`alt=sse`; GenerateContentResponse: candidates[].content.parts[] with `thought: true`
 * for thought summaries, `finishReason` on the last chunk; UsageMetadata: promptTokenCount, candidatesTokenCount,
 * thoughtsTokenCount, cachedContentTokenCount, totalTokenCount) and its thinking guide (`thinkingConfig.includeThoughts`
 * returns thought summaries; `thinkingBudget`; thoughts are counted in thoughtsTokenCount whether shown or not):
 * - the model thinks `thinkingTokens` tokens, then answers `answerTokens`, one token per `tokenMs`;
 * - with `includeThoughts`, a thought summary part every `summaryEvery` thinking tokens; without it, no thought is
 *   streamed but all are counted (hidden thinking);
 * - every chunk carries the cumulative usageMetadata; answer chunks hold `tokensPerEvent` tokens.
 * Listens on 127.0.0.1 only.
 */
import { listen, sendJson } from "./fake-http.js";

export interface FakeGeminiOptions {
  thinkingTokens?: number;
  answerTokens?: number;
  tokenMs?: number;
  tokensPerEvent?: number;
  summaryEvery?: number;
  /** Time before the first token, ms. */
  prefillMs?: number;
}

export interface GeminiLogEntry {
  body: { generationConfig?: { thinkingConfig?: { includeThoughts?: boolean; thinkingBudget?: number } } };
  arrivedAt: number;
  /** performance.now() of each thought summary and each answer chunk written. */
  summaryWrites: number[];
  answerWrites: number[];
}

export interface FakeGemini {
  url: string;
  log: GeminiLogEntry[];
  close(): Promise<void>;
}

const sleepUntil = async (t: number) => {
  const wait = t - performance.now();
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
};

export async function startFakeGemini(options: FakeGeminiOptions = {}): Promise<FakeGemini> {
  const thinking = options.thinkingTokens ?? 100;
  const answer = options.answerTokens ?? 40;
  const tokenMs = options.tokenMs ?? 5;
  const k = options.tokensPerEvent ?? 4;
  const every = options.summaryEvery ?? 25;
  const prefill = options.prefillMs ?? 20;
  const log: GeminiLogEntry[] = [];
  const server = await listen(async (req, raw, res, arrivedAt) => {
    if (req.method === "GET" && req.url === "/v1beta/models") return sendJson(res, 200, { models: [{ name: "models/gemini-fake-thinking" }] });
    if (!/^\/v1beta\/models\/[^/]+:streamGenerateContent\?alt=sse$/.test(req.url ?? "")) return sendJson(res, 404, { error: { code: 404, message: "not found", status: "NOT_FOUND" } });
    const body = JSON.parse(raw || "{}") as GeminiLogEntry["body"];
    const entry: GeminiLogEntry = { body, arrivedAt, summaryWrites: [], answerWrites: [] };
    log.push(entry);
    const show = body.generationConfig?.thinkingConfig?.includeThoughts === true;
    res.writeHead(200, { "content-type": "text/event-stream" });
    const usage = (thoughts: number, candidates: number | undefined) => ({ promptTokenCount: 11, ...(candidates === undefined ? {} : { candidatesTokenCount: candidates }), thoughtsTokenCount: thoughts, totalTokenCount: 11 + thoughts + (candidates ?? 0) });
    const send = (parts: Array<{ text: string; thought?: boolean }>, u: unknown, finish?: string) =>
      res.write(`data: ${JSON.stringify({ candidates: [{ content: { role: "model", parts }, ...(finish ? { finishReason: finish } : {}), index: 0 }], usageMetadata: u, modelVersion: "gemini-fake-thinking" })}\n\n`);
    const at = (token: number) => arrivedAt + prefill + token * tokenMs;
    if (show) {
      for (let n = every; n <= thinking; n += every) {
        await sleepUntil(at(n - 1));
        entry.summaryWrites.push(performance.now());
        send([{ text: `**Step ${n / every}** thinking about it`, thought: true }], usage(n, undefined));
      }
    }
    let sent = 0;
    while (sent < answer) {
      const take = sent === 0 ? 1 : Math.min(k, answer - sent);
      const words = Array.from({ length: take }, (_, i) => ` a${sent + i}`).join("");
      sent += take;
      // on schedule, and never sooner after the previous write than its tokens take (a late timer delays the rest)
      const previous = entry.answerWrites.at(-1);
      await sleepUntil(Math.max(at(thinking + sent - 1), previous === undefined ? 0 : previous + take * tokenMs));
      entry.answerWrites.push(performance.now());
      send([{ text: words }], usage(thinking, sent), sent === answer ? "STOP" : undefined);
    }
    res.end();
  });
  return { url: server.origin, log, close: server.close };
}
