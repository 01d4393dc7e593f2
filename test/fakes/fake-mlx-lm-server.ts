/**
 * FAKE mlx_lm server (`mlx_lm.server`). Follows mlx_lm/server.py (handle_completion, generate_response,
 * completion_usage_response, do_GET /v1/models) and the LRUPromptCache it uses:
 * - no role-only first chunk: every chunk's delta is `{role: "assistant", content?, reasoning?}`, sent when the text
 *   state machine has text (several tokens at once after a held-back stop-word prefix or control sequence); the
 *   last chunk carries finish_reason;
 * - reasoning goes to `delta.reasoning` when its state machine knows the model's thinking markers (`separate`);
 *   otherwise (an older mlx_lm, or a model it does not know) the raw `<think>`/harmony text arrives in `content`;
 * - with `stream_options.include_usage`, a last chunk with `object: "chat.completion"`, `choices: []` and usage,
 *   including `prompt_tokens_details.cached_tokens` (the prompt prefix found in its prompt cache, every time);
 * - no per-event counts (no continuous usage).
 * Listens on 127.0.0.1 only.
 */
import { FakeEngine, type EngineOptions, type LoggedRequest } from "./fake-engine.js";
import { listen, promptText, sendJson } from "./fake-http.js";

export interface FakeMlxLmOptions extends EngineOptions {
  /** The served model (default "mlx-community/Qwen3-8B-4bit"). */
  model?: string;
}

export interface FakeMlxLm {
  url: string;
  engine: FakeEngine;
  log: LoggedRequest[];
  close(): Promise<void>;
}

export async function startFakeMlxLm(options: FakeMlxLmOptions = {}): Promise<FakeMlxLm> {
  const model = options.model ?? "mlx-community/Qwen3-8B-4bit";
  const engine = new FakeEngine(options);
  const server = await listen(async (req, raw, res, arrivedAt) => {
    if (req.method === "GET" && req.url?.startsWith("/v1/models")) return sendJson(res, 200, { object: "list", data: [{ id: model, object: "model", created: 1_760_000_000 }] });
    if (req.url !== "/v1/chat/completions") return sendJson(res, 404, { error: "Not Found" });
    const body = JSON.parse(raw || "{}") as { model?: string; max_tokens?: number; max_completion_tokens?: number; stream_options?: { include_usage?: boolean }; messages?: Array<{ content?: unknown }> };
    const plan = engine.plan(promptText(body), body.max_completion_tokens ?? body.max_tokens ?? 512);
    const entry = engine.start(body as Record<string, unknown>, req.headers, plan, arrivedAt);
    const base = { id: `chatcmpl-${engine.log.length}`, system_fingerprint: "fake-mlx", model: body.model ?? model, created: Math.floor(Date.now() / 1000) };
    const chunk = (delta: Record<string, unknown>, finish: string | null) =>
      `data: ${JSON.stringify({ ...base, object: "chat.completion.chunk", choices: [{ index: 0, finish_reason: finish, delta: { role: "assistant", ...delta } }] })}\n\n`;
    res.writeHead(200, { "content-type": "text/event-stream" });
    const separate = engine.options.reasoningFormat === "separate";
    await engine.run(entry, (ev) => {
      const delta = separate ? { ...(ev.answerText ? { content: ev.answerText } : {}), ...(ev.reasoningText ? { reasoning: ev.reasoningText } : {}) } : { content: ev.text };
      res.write(chunk(delta, null));
    });
    res.write(chunk({}, plan.finish));
    if (body.stream_options?.include_usage) {
      const usage = { prompt_tokens: plan.promptTokens, completion_tokens: plan.completionTokens, total_tokens: plan.promptTokens + plan.completionTokens, prompt_tokens_details: { cached_tokens: plan.cachedTokens } };
      res.write(`data: ${JSON.stringify({ ...base, object: "chat.completion", choices: [], usage })}\n\n`);
    }
    res.end("data: [DONE]\n\n");
  });
  return { url: `${server.origin}/v1`, engine, log: engine.log, close: server.close };
}
