/**
 * FAKE LM Studio server: LM Studio cannot be installed here, so this replays the shapes of its native REST API as
 * lmstudio-ai/docs documents them:
 * - `1_developer/2_rest/endpoints.mdx` (REST API v0): `GET /api/v0/models` and `/api/v0/models/{model}` (id, type,
 *   publisher, arch, compatibility_type, quantization, state "loaded" | "not-loaded", max_context_length) and
 *   `POST /api/v0/chat/completions`, whose answer carries `usage`, `stats` (tokens_per_second; time_to_first_token
 *   and generation_time in seconds; stop_reason such as "eosFound" or "maxPredictedTokensReached"), `model_info`
 *   (arch, quant, format, context_length) and `runtime` (name, version, supported_formats);
 * - `1_developer/2_rest/load.md` and `unload.md` (REST API v1): `POST /api/v1/models/load` {model} → model_instance_id,
 *   config.context_length, load_time_seconds; `POST /api/v1/models/unload` {instance_id}.
 * The docs show the v0 answer unstreamed; streamed, this fake sends OpenAI-shaped `chat.completion.chunk` events and
 * puts those blocks on the last chunk (the one with finish_reason), then `[DONE]` — an assumption where the docs are
 * silent. A chat request for a model that is not loaded loads it first (LM Studio's just-in-time loading). Like its
 * llama.cpp engine, the fake keeps the last prompt per model and reprocesses only what differs from it (a shorter
 * time_to_first_token — the scheduled one, as the server reports its compute time —, `usage.prompt_tokens` still the
 * whole prompt; the v0 stats report no cached count). Tokens are
 * paced on a known schedule and the stats report the time really spent. Listens on 127.0.0.1 only.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";

interface FakeModel {
  id: string;
  publisher: string;
  arch: string;
  compatibility_type: "gguf" | "mlx";
  quantization: string;
  max_context_length: number;
  runtime: { name: string; version: string; supported_formats: string[] };
}

export const LMSTUDIO_MODELS: FakeModel[] = [
  { id: "openai/gpt-oss-20b", publisher: "lmstudio-community", arch: "gpt-oss", compatibility_type: "mlx", quantization: "4bit", max_context_length: 131072, runtime: { name: "mlx-llm-mac-arm64-apple-metal-advsimd", version: "0.26.1", supported_formats: ["safetensors"] } },
  { id: "qwen3-8b", publisher: "lmstudio-community", arch: "qwen3", compatibility_type: "gguf", quantization: "Q4_K_M", max_context_length: 40960, runtime: { name: "llama.cpp-mac-arm64-apple-metal-advsimd", version: "1.50.2", supported_formats: ["gguf"] } },
];

export interface FakeLmStudio {
  host: string;
  /** Requests by path, for tests. */
  seen: Array<{ url: string; body: unknown }>;
  close(): Promise<void>;
}

/**
 * `inlineThinking: k`: the model reasons for k tokens first and LM Studio's "separate reasoning_content" setting is off
 * (its default, api-changelog 0.3.9), so the reasoning arrives inside `content` as `<think>…</think>`, with the tags cut
 * across events as a tokenizer without them as special tokens would.
 */
export async function startFakeLmStudio(options: { tokens?: number; ttftMs?: number; gapMs?: number; loadMs?: number; contextLength?: number; inlineThinking?: number } = {}): Promise<FakeLmStudio> {
  const tokens = options.tokens ?? 5;
  const ttft = options.ttftMs ?? 30;
  const gap = options.gapMs ?? 5;
  const loadMs = options.loadMs ?? 200;
  const contextLength = options.contextLength ?? 4096;
  const loaded = new Set<string>(["qwen3-8b"]);
  const seen: FakeLmStudio["seen"] = [];
  const lastPrompt = new Map<string, string>();
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const v0 = (m: FakeModel) => ({ id: m.id, object: "model", type: "llm", publisher: m.publisher, arch: m.arch, compatibility_type: m.compatibility_type, quantization: m.quantization, state: loaded.has(m.id) ? "loaded" : "not-loaded", max_context_length: m.max_context_length });
  const json = (res: http.ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { "content-type": "application/json; charset=utf-8" });
    res.end(JSON.stringify(body));
  };
  const server = http.createServer((req, res) => {
    let raw = "";
    req.on("data", (b: Buffer) => (raw += b.toString()));
    req.on("end", async () => {
      const url = req.url ?? "";
      const body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
      seen.push({ url, body });
      if (req.method === "GET" && url === "/api/v0/models") return json(res, 200, { object: "list", data: LMSTUDIO_MODELS.map(v0) });
      if (req.method === "GET" && url.startsWith("/api/v0/models/")) {
        const m = LMSTUDIO_MODELS.find((x) => x.id === decodeURIComponent(url.slice("/api/v0/models/".length)));
        return m ? json(res, 200, v0(m)) : json(res, 404, { error: "Model not found" });
      }
      if (req.method === "POST" && url === "/api/v1/models/load") {
        const m = LMSTUDIO_MODELS.find((x) => x.id === body["model"]);
        if (!m) return json(res, 404, { error: { message: `Model not found: ${String(body["model"])}` } });
        const t0 = performance.now();
        await sleep(loadMs);
        loaded.add(m.id);
        return json(res, 200, { model_instance_id: m.id, config: { context_length: contextLength, eval_batch_size: 512, flash_attention: true, num_experts: 0, offload_kv_cache_to_gpu: true }, load_time_seconds: (performance.now() - t0) / 1000 });
      }
      if (req.method === "POST" && url === "/api/v1/models/unload") {
        lastPrompt.delete(String(body["instance_id"]));
      if (!loaded.delete(String(body["instance_id"]))) return json(res, 404, { error: { message: `No loaded instance ${String(body["instance_id"])}` } });
        return json(res, 200, { instance_id: body["instance_id"] });
      }
      if (req.method !== "POST" || url !== "/api/v0/chat/completions") return json(res, 404, { error: `Unexpected endpoint or method. (${req.method} ${url})` });
      const m = LMSTUDIO_MODELS.find((x) => x.id === body["model"]);
      if (!m) return json(res, 404, { error: { message: `Model "${String(body["model"])}" not found`, type: "invalid_request_error" } });
      res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
      if (!loaded.has(m.id)) {
        await sleep(loadMs); // just-in-time load
        loaded.add(m.id);
      }
      const prompt = JSON.stringify(body["messages"] ?? "");
      const last = lastPrompt.get(m.id) ?? "";
      let common = 0;
      while (common < prompt.length && common < last.length && prompt[common] === last[common]) common++;
      lastPrompt.set(m.id, prompt);
      const n = Math.min(tokens, typeof body["max_tokens"] === "number" ? body["max_tokens"] : Infinity);
      const base = { id: "chatcmpl-fake", object: "chat.completion.chunk", created: Math.floor(Date.now() / 1000), model: m.id, system_fingerprint: m.id };
      const send = (o: unknown) => res.write(`data: ${JSON.stringify(o)}\n\n`);
      const promptMs = ttft * Math.max(0.02, 1 - common / prompt.length);
      await sleep(promptMs);
      const first = performance.now();
      const k = options.inlineThinking ?? 0;
      const pieces = Array.from({ length: n }, (_, i) => (i < k ? ` r${i}` : ` w${i}`));
      if (k > 0 && n > 0) {
        pieces.splice(0, 1, "<thi", `nk> r0`);
        if (n > k) pieces.splice(k + 1, 1, "</th", `ink>\n w${k}`);
      }
      for (let i = 0; i < pieces.length; i++) {
        if (i > 0) await sleep(gap);
        send({ ...base, choices: [{ index: 0, delta: { role: "assistant", content: pieces[i] }, logprobs: null, finish_reason: null }] });
      }
      const end = performance.now();
      const generation = (end - first) / 1000;
      const finish = n < tokens ? "length" : "stop";
      send({
        ...base,
        choices: [{ index: 0, delta: {}, logprobs: null, finish_reason: finish }],
        usage: { prompt_tokens: 24, completion_tokens: n, total_tokens: 24 + n },
        stats: { tokens_per_second: generation > 0 ? (n - 1) / generation : 0, time_to_first_token: promptMs / 1000, generation_time: generation, stop_reason: finish === "length" ? "maxPredictedTokensReached" : "eosFound" },
        model_info: { arch: m.arch, quant: m.quantization, format: m.compatibility_type, context_length: contextLength },
        runtime: m.runtime,
      });
      res.end("data: [DONE]\n\n");
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return {
    host: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
