/**
 * FAKE vLLM OpenAI-compatible server. Follows vllm/entrypoints/openai/chat_completion/serving.py
 * (chat_completion_stream_generator) and the protocol models (protocol.py: UsageInfo, PromptTokenUsageInfo,
 * StreamOptions, DeltaMessage):
 * - the first chunk is the role (`delta: {role: "assistant", content: ""}`); then one chunk per engine step, which may
 *   hold several tokens (speculative decoding, `--stream-interval`); the chunk of the last step carries finish_reason;
 * - `stream_options.continuous_usage_stats` puts a cumulative `usage` on every chunk (the role chunk says 0
 *   completion tokens); `include_usage` adds a last chunk with `choices: []` and the totals;
 * - with a reasoning parser (`--reasoning-parser`) reasoning goes to `delta.reasoning` (older releases:
 *   `reasoning_content`) and `completion_tokens_details.reasoning_tokens` is counted; without one, the model's raw text
 *   (`<think>` tags, gpt-oss harmony channels) arrives in `content`;
 * - automatic prefix caching is on by default (16-token blocks); `prompt_tokens_details.cached_tokens` appears only
 *   with `--enable-prompt-tokens-details`; a `cache_salt` keeps a request from sharing cached blocks.
 * Listens on 127.0.0.1 only.
 */
import { FakeEngine, type EngineOptions, type LoggedRequest } from "./fake-engine.js";
import { listen, promptText, sendJson } from "./fake-http.js";

export interface FakeVllmOptions extends EngineOptions {
  /** The served model name (default "openai/gpt-oss-20b"). */
  model?: string;
  /** Started with `--reasoning-parser`: reasoning arrives in its own field (default false: inside `content`). */
  reasoningParser?: boolean;
  /** The reasoning field's name (default "reasoning"; vLLM before 0.10.2: "reasoning_content"). */
  reasoningField?: "reasoning" | "reasoning_content";
  /** Started with `--enable-prompt-tokens-details` (default false, as vLLM). */
  promptTokensDetails?: boolean;
}

export interface FakeVllm {
  /** Base URL including /v1. */
  url: string;
  engine: FakeEngine;
  log: LoggedRequest[];
  close(): Promise<void>;
}

interface ChatBody {
  model?: string;
  max_tokens?: number;
  max_completion_tokens?: number;
  stream?: boolean;
  stream_options?: { include_usage?: boolean; continuous_usage_stats?: boolean };
  cache_salt?: string;
  messages?: Array<{ content?: unknown }>;
}

export async function startFakeVllm(options: FakeVllmOptions = {}): Promise<FakeVllm> {
  const model = options.model ?? "openai/gpt-oss-20b";
  const parser = options.reasoningParser ?? false;
  const field = options.reasoningField ?? "reasoning";
  const engine = new FakeEngine({ cacheBlock: 16, ...options, ...(parser && options.reasoningFormat !== "hidden" ? { reasoningFormat: "separate" } : {}) });
  const server = await listen(async (req, raw, res, arrivedAt) => {
    if (req.method === "GET" && req.url === "/v1/models") return sendJson(res, 200, { object: "list", data: [{ id: model, object: "model", created: 1_760_000_000, owned_by: "vllm", max_model_len: 32768 }] });
    if (req.method === "GET" && req.url === "/version") return sendJson(res, 200, { version: "0.11.0" });
    if (req.url !== "/v1/chat/completions") return sendJson(res, 404, { detail: "Not Found" });
    const body = JSON.parse(raw || "{}") as ChatBody;
    if (body.model !== model) return sendJson(res, 404, { error: { message: `The model \`${body.model}\` does not exist.`, type: "NotFoundError", code: 404 } });
    const plan = engine.plan(promptText(body), body.max_completion_tokens ?? body.max_tokens ?? 16, body.cache_salt);
    const entry = engine.start(body as Record<string, unknown>, req.headers, plan, arrivedAt);
    const id = `chatcmpl-${engine.log.length}`;
    const created = Math.floor(Date.now() / 1000);
    const includeUsage = body.stream_options?.include_usage === true;
    const continuous = includeUsage && body.stream_options?.continuous_usage_stats === true;
    const usage = (completion: number, final: boolean) => ({
      prompt_tokens: plan.promptTokens,
      total_tokens: plan.promptTokens + completion,
      completion_tokens: completion,
      ...(parser ? { completion_tokens_details: { reasoning_tokens: final ? plan.reasoningTokens : Math.min(completion, plan.reasoningTokens) } } : {}),
      ...(final && options.promptTokensDetails ? { prompt_tokens_details: { cached_tokens: plan.cachedTokens } } : {}),
    });
    const chunk = (delta: Record<string, unknown>, finish: string | null, completion: number | null) =>
      `data: ${JSON.stringify({
        id,
        object: "chat.completion.chunk",
        created,
        model,
        choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
        ...(continuous && completion !== null ? { usage: usage(completion, false) } : {}),
      })}\n\n`;
    res.writeHead(200, { "content-type": "text/event-stream; charset=utf-8" });
    const last = plan.events.length - 1;
    await engine.run(entry, (ev, k) => {
      let out = k === 0 ? chunk({ role: "assistant", content: "" }, null, 0) : "";
      const delta = parser ? { ...(ev.reasoningText ? { [field]: ev.reasoningText } : {}), ...(ev.answerText ? { content: ev.answerText } : {}) } : { content: ev.text };
      out += chunk(delta, k === last ? plan.finish : null, ev.cumulative);
      res.write(out);
    });
    if (includeUsage) res.write(`data: ${JSON.stringify({ id, object: "chat.completion.chunk", created, model, choices: [], usage: usage(plan.completionTokens, true) })}\n\n`);
    res.end("data: [DONE]\n\n");
  });
  return { url: `${server.origin}/v1`, engine, log: engine.log, close: server.close };
}
