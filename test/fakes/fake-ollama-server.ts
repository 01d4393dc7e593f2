/**
 * FAKE Ollama server: no Ollama can be installed here, so this replays what Ollama sends. Follows ollama's
 * api/types.go (ChatRequest/GenerateRequest `think`: bool or "low"/"medium"/"high"; ChatResponse/GenerateResponse
 * `message.thinking`/`thinking`; Metrics in ns), server/routes.go and llm/llama_server.go (its llama-server runner:
 * `prompt_eval_count` = timings.cache_n + prompt_n, the WHOLE prompt, while `prompt_eval_duration` = prompt_ms covers
 * only the uncached part — the Go runner in runner/ollamarunner/runner.go counts the same way), and docs/api.md
 * (`keep_alive: 0` unloads after the request, prompt cache included; `load_duration` is paid by the request that
 * loads the model):
 * - /api/version, /api/tags, /api/show (gpt-oss:20b, GGUF, MXFP4), streamed /api/chat and /api/generate NDJSON;
 * - `thinking` before the answer when the request has `think` (or leaves it unset, as Ollama does for models it knows
 *   think); with `inlineThinking`, a request without `think` gets the model's raw `<think>`/harmony text in content;
 * - /api/ps lists the model while it is loaded; an empty /api/generate loads it, or unloads it with `keep_alive: 0`;
 * - a prompt cache (same prompt prefix ⇒ short prefill, full prompt_eval_count); several tokens per line
 *   (`tokensPerEvent`: the runner flushes held-back UTF-8 and stop-word prefixes together).
 * Durations it reports are the ones it really spent. Listens on 127.0.0.1 only.
 */
import { FakeEngine, type EngineOptions, type LoggedRequest } from "./fake-engine.js";
import { listen, sendJson } from "./fake-http.js";

export const FAKE_DIGEST = "aa4295ac10c3afb60e6d711289fc6896f5aef82258997b9efdaed6d0cc4cd8b8";
const details = { parent_model: "", format: "gguf", family: "gptoss", families: ["gptoss"], parameter_size: "20.9B", quantization_level: "MXFP4" };
const MODEL = "gpt-oss:20b";

export interface FakeOllamaOptions extends Pick<EngineOptions, "tokensPerEvent" | "promptCache" | "prefillMsPerToken" | "splitTags"> {
  /** Reasoning tokens (default 3) and answer tokens (default 5). */
  thinking?: number;
  answer?: number;
  /** Time to the first token before prefill, ms (default 20), and between tokens (default 5). */
  ttftMs?: number;
  gapMs?: number;
  /** Where reasoning goes when the request does not set `think` (default: the `thinking` field). */
  inlineThinking?: "think" | "harmony";
  /**
   * Model load time, ms, paid by the first request and by the first after a `keep_alive: 0` request. Unset: every
   * request reports load_duration 1.234567 ms and none waits.
   */
  loadMs?: number;
}

export interface FakeOllama {
  host: string;
  engine: FakeEngine;
  log: LoggedRequest[];
  close(): Promise<void>;
}

interface OllamaBody {
  model?: string;
  think?: boolean | "low" | "medium" | "high";
  keep_alive?: string | number;
  options?: { num_predict?: number };
  prompt?: string;
  system?: string;
  messages?: Array<{ content?: string }>;
}

export async function startFakeOllama(options: FakeOllamaOptions = {}): Promise<FakeOllama> {
  const base: EngineOptions = {
    overheadMs: options.ttftMs ?? 20,
    tokenMs: options.gapMs ?? 5,
    prefillMsPerToken: options.prefillMsPerToken ?? 0,
    tokensPerEvent: options.tokensPerEvent ?? 1,
    promptCache: options.promptCache ?? true,
    splitTags: options.splitTags ?? false,
    reasoningTokens: options.thinking ?? 3,
    answerTokens: options.answer ?? 5,
    numbering: "shared",
  };
  const separate = new FakeEngine(base);
  const engines = { separate, inline: new FakeEngine({ ...base, reasoningFormat: options.inlineThinking ?? "separate" }, separate.cache), none: new FakeEngine({ ...base, reasoningTokens: 0 }, separate.cache) };
  const log: LoggedRequest[] = [];
  let loaded = false;
  const server = await listen(async (req, raw, res, arrivedAt) => {
    if (req.url === "/api/version") return sendJson(res, 200, { version: "0.11.4" });
    if (req.url === "/api/ps") {
      // `api/types.go` ProcessModelResponse: the model is listed while it is loaded
      const expires_at = new Date(Date.now() + 300_000).toISOString();
      return sendJson(res, 200, { models: loaded || options.loadMs === undefined ? [{ name: MODEL, model: MODEL, size: 14_790_000_000, digest: FAKE_DIGEST, details, expires_at, size_vram: 14_790_000_000, context_length: 8192 }] : [] });
    }
    if (req.url === "/api/tags") return sendJson(res, 200, { models: [{ name: MODEL, model: MODEL, modified_at: "2025-08-05T12:00:00.123456789+02:00", size: 13780173839, digest: FAKE_DIGEST, details }] });
    const body = JSON.parse(raw || "{}") as OllamaBody;
    if (req.url === "/api/show") {
      if (body.model !== MODEL) return sendJson(res, 404, { error: `model '${body.model}' not found` });
      return sendJson(res, 200, { license: "Apache-2.0", modelfile: `FROM ${MODEL}`, parameters: "temperature 1", template: "{{ .Prompt }}", details, model_info: { "general.architecture": "gptoss", "general.parameter_count": 20914757184, "gptoss.context_length": 131072 }, capabilities: ["completion", "tools", "thinking"], modified_at: "2025-08-05T12:00:00.123456789+02:00" });
    }
    const chat = req.url === "/api/chat";
    if (!chat && req.url !== "/api/generate") {
      res.writeHead(404).end("404 page not found");
      return;
    }
    if (body.model !== MODEL) return sendJson(res, 404, { error: `model '${body.model}' not found` });
    if (!chat && !body.prompt) {
      // an empty generate loads the model, or with keep_alive 0 unloads it (`server/routes.go` GenerateHandler)
      const unload = body.keep_alive === 0 || body.keep_alive === "0";
      loaded = !unload;
      if (unload) separate.cache.clear();
      return sendJson(res, 200, { model: MODEL, created_at: new Date().toISOString(), response: "", done: true, done_reason: unload ? "unload" : "load" });
    }
    const loadNs = options.loadMs === undefined ? 1_234_567 : loaded ? 100_000 : options.loadMs * 1e6;
    const start = arrivedAt + (options.loadMs !== undefined && !loaded ? options.loadMs : 0);
    loaded = !(body.keep_alive === 0 || body.keep_alive === "0");
    const engine = body.think === false ? engines.none : body.think === undefined && options.inlineThinking ? engines.inline : engines.separate;
    const prompt = chat ? (body.messages ?? []).map((m) => m.content ?? "").join("\n") : `${body.system ?? ""}\n${body.prompt ?? ""}`;
    const plan = engine.plan(prompt, body.options?.num_predict ?? Number.MAX_SAFE_INTEGER);
    const entry = engine.start(body as Record<string, unknown>, req.headers, plan, start);
    log.push(entry);
    res.writeHead(200, { "content-type": "application/x-ndjson" });
    const created = () => new Date().toISOString();
    const line = (o: unknown) => res.write(`${JSON.stringify(o)}\n`);
    const apart = engine.options.reasoningFormat === "separate";
    await engine.run(entry, (ev) => {
      const thinking = apart ? ev.reasoningText : "";
      const content = apart ? ev.answerText : ev.text;
      if (chat) line({ model: MODEL, created_at: created(), message: { role: "assistant", content, ...(thinking ? { thinking } : {}) }, done: false });
      else line({ model: MODEL, created_at: created(), response: content, ...(thinking ? { thinking } : {}), done: false });
    });
    const end = performance.now();
    const firstToken = entry.writes[0] ?? end;
    const stats = {
      done: true,
      done_reason: plan.finish,
      total_duration: Math.round((end - arrivedAt) * 1e6),
      load_duration: loadNs,
      // the whole prompt, cached part included; the time of the uncached part only
      prompt_eval_count: plan.promptTokens,
      prompt_eval_duration: Math.round((firstToken - start) * 1e6),
      eval_count: plan.completionTokens,
      eval_duration: Math.round((end - firstToken) * 1e6),
    };
    line(chat ? { model: MODEL, created_at: created(), message: { role: "assistant", content: "" }, ...stats } : { model: MODEL, created_at: created(), response: "", ...stats });
    res.end();
    if (!loaded) separate.cache.clear(); // unloading the model drops its prompt cache too
  });
  return { host: server.origin, engine: engines.separate, log, close: server.close };
}
