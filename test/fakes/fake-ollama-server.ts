/**
 * FAKE Ollama server: no Ollama can be installed here, so this replays the shapes of real Ollama responses
 * (/api/version, /api/tags, /api/show, streamed /api/chat and /api/generate NDJSON with `thinking` before the answer,
 * and the final message's durations in ns), pacing tokens on a known schedule. The durations it reports are the ones
 * it really spent, so a test can check figures derived from them. Listens on 127.0.0.1 only.
 *
 * Options that follow Ollama's runner more closely (off unless asked for, so the plain shapes stay as they were):
 * - `promptCache`: one cache slot holding the last prompt. As in ollama `runner/ollamarunner/cache.go` (LoadCacheSlot
 *   keeps the common prefix) and `runner/ollamarunner/runner.go` (the count of inputs is taken before the cached prefix
 *   is cut), `prompt_eval_count` stays the whole prompt while `prompt_eval_duration` covers only the uncached part:
 *   the scheduled prompt time (ttftMs × uncached share), as a server reports its compute time, so a busy test machine
 *   does not blur cached and uncached.
 * - `loadMs`: the model is loaded on the first request after start or after a request with `keep_alive: 0`
 *   (`server/sched.go` unloads then), taking this long; that request's `load_duration` says so, others a warm 1.2 ms.
 *   `/api/ps` lists the model while it is loaded (`api/types.go` ProcessModelResponse).
 */
import http from "node:http";
import type { AddressInfo } from "node:net";

export const FAKE_DIGEST = "aa4295ac10c3afb60e6d711289fc6896f5aef82258997b9efdaed6d0cc4cd8b8";
const details = { parent_model: "", format: "gguf", family: "gptoss", families: ["gptoss"], parameter_size: "20.9B", quantization_level: "MXFP4" };

export interface FakeOllama {
  host: string;
  close(): Promise<void>;
}

export async function startFakeOllama(options: { thinking?: number; answer?: number; ttftMs?: number; gapMs?: number; promptCache?: boolean; loadMs?: number } = {}): Promise<FakeOllama> {
  let cachedPrompt = "";
  let loaded = false;
  const thinking = options.thinking ?? 3;
  const answer = options.answer ?? 5;
  const ttft = options.ttftMs ?? 20;
  const gap = options.gapMs ?? 5;
  const json = (res: http.ServerResponse, body: unknown) => {
    res.writeHead(200, { "content-type": "application/json; charset=utf-8" });
    res.end(JSON.stringify(body));
  };
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (b: Buffer) => (body += b.toString()));
    req.on("end", async () => {
      const start = process.hrtime.bigint();
      if (req.url === "/api/version") return json(res, { version: "0.11.4" });
      if (req.url === "/api/ps") {
        const expires = new Date(Date.now() + 300_000).toISOString();
        return json(res, { models: loaded || options.loadMs === undefined ? [{ name: "gpt-oss:20b", model: "gpt-oss:20b", size: 14_790_000_000, digest: FAKE_DIGEST, details, expires_at: expires, size_vram: 14_790_000_000, context_length: 8192 }] : [] });
      }
      if (req.url === "/api/tags") {
        return json(res, { models: [{ name: "gpt-oss:20b", model: "gpt-oss:20b", modified_at: "2025-08-05T12:00:00.123456789+02:00", size: 13780173839, digest: FAKE_DIGEST, details }] });
      }
      if (req.url === "/api/show") {
        if ((JSON.parse(body) as { model?: string }).model !== "gpt-oss:20b") {
          res.writeHead(404, { "content-type": "application/json" });
          res.end(JSON.stringify({ error: `model '${(JSON.parse(body) as { model?: string }).model}' not found` }));
          return;
        }
        return json(res, { license: "Apache-2.0", modelfile: "FROM gpt-oss:20b", parameters: "temperature 1", template: "{{ .Prompt }}", details, model_info: { "general.architecture": "gptoss", "general.parameter_count": 20914757184 }, capabilities: ["completion", "tools", "thinking"], modified_at: "2025-08-05T12:00:00.123456789+02:00" });
      }
      const chat = req.url === "/api/chat";
      if (!chat && req.url !== "/api/generate") {
        res.writeHead(404).end("404 page not found");
        return;
      }
      const request = JSON.parse(body) as { model: string; options?: { num_predict?: number }; keep_alive?: string | number; messages?: unknown; prompt?: string; system?: string };
      if (request.model !== "gpt-oss:20b") {
        res.writeHead(404, { "content-type": "application/json" });
        res.end(JSON.stringify({ error: `model '${request.model}' not found` }));
        return;
      }
      if (!chat && !request.prompt) {
        // an empty generate loads the model, or with keep_alive 0 unloads it (`server/routes.go` GenerateHandler)
        const unload = request.keep_alive === 0 || request.keep_alive === "0";
        loaded = !unload;
        return json(res, { model: request.model, created_at: new Date().toISOString(), response: "", done: true, done_reason: unload ? "unload" : "load" });
      }
      res.writeHead(200, { "content-type": "application/x-ndjson" });
      const created = () => new Date().toISOString();
      const line = (o: unknown) => res.write(`${JSON.stringify(o)}\n`);
      let loadNs = 1_234_567;
      if (options.loadMs !== undefined && !loaded) {
        await new Promise((r) => setTimeout(r, options.loadMs));
        loadNs = Number(process.hrtime.bigint() - start);
        loaded = true;
      }
      const promptStart = process.hrtime.bigint();
      let share = 1;
      if (options.promptCache) {
        const prompt = JSON.stringify(request.messages ?? [request.system, request.prompt]);
        let common = 0;
        while (common < prompt.length && common < cachedPrompt.length && prompt[common] === cachedPrompt[common]) common++;
        share = Math.max(0.02, 1 - common / prompt.length);
        cachedPrompt = prompt;
      }
      await new Promise((r) => setTimeout(r, ttft * share));
      const promptDone = process.hrtime.bigint();
      const n = Math.min(thinking + answer, request.options?.num_predict ?? Infinity);
      for (let i = 0; i < n; i++) {
        if (i > 0) await new Promise((r) => setTimeout(r, gap));
        const isThinking = i < thinking;
        const text = isThinking ? ` t${i}` : ` a${i}`;
        if (chat) line({ model: request.model, created_at: created(), message: isThinking ? { role: "assistant", content: "", thinking: text } : { role: "assistant", content: text }, done: false });
        else line({ model: request.model, created_at: created(), ...(isThinking ? { response: "", thinking: text } : { response: text }), done: false });
      }
      const end = process.hrtime.bigint();
      const stats = {
        done: true,
        done_reason: n < thinking + answer ? "length" : "stop",
        total_duration: Number(end - start),
        load_duration: loadNs,
        prompt_eval_count: 76,
        prompt_eval_duration: options.promptCache ? Math.round(ttft * share * 1e6) : Number(promptDone - (options.loadMs === undefined ? start : promptStart)),
        eval_count: n,
        eval_duration: Number(end - promptDone),
      };
      line(chat ? { model: request.model, created_at: created(), message: { role: "assistant", content: "" }, ...stats } : { model: request.model, created_at: created(), response: "", ...stats });
      res.end();
      if (request.keep_alive === 0 || request.keep_alive === "0") loaded = false;
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return {
    host: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
