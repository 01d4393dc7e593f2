/**
 * FAKE Anthropic Messages and Google Gemini APIs, replaying their streaming formats (no real flagship API can be
 * reached from here). The answer echoes the last line of the user message, word by word, after a reasoning part
 * ("thinking" for Anthropic, a `thought` part for Gemini) that checks must never see. Every request's headers and
 * body are kept, so tests can prove where a key went. Listens on 127.0.0.1 only.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface SeenRequest {
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface FakeFlagshipApis {
  url: string;
  seen: SeenRequest[];
  close(): Promise<void>;
}

const sse = (event: string | null, data: unknown) => `${event ? `event: ${event}\n` : ""}data: ${JSON.stringify(data)}\n\n`;
const REASONING = "thinking: the user wants the number";

function anthropicStream(answer: string[]): string {
  let out = sse("message_start", { type: "message_start", message: { id: "msg_fake", usage: { input_tokens: 21, output_tokens: 1 } } });
  out += sse("content_block_start", { type: "content_block_start", index: 0, content_block: { type: "thinking", thinking: "" } });
  out += sse("content_block_delta", { type: "content_block_delta", index: 0, delta: { type: "thinking_delta", thinking: REASONING } });
  out += sse("content_block_stop", { type: "content_block_stop", index: 0 });
  out += sse("ping", { type: "ping" });
  out += sse("content_block_start", { type: "content_block_start", index: 1, content_block: { type: "text", text: "" } });
  for (const w of answer) out += sse("content_block_delta", { type: "content_block_delta", index: 1, delta: { type: "text_delta", text: w } });
  out += sse("content_block_stop", { type: "content_block_stop", index: 1 });
  out += sse("message_delta", { type: "message_delta", delta: { stop_reason: "end_turn" }, usage: { output_tokens: answer.length + 6 } });
  return out + sse("message_stop", { type: "message_stop" });
}

function geminiStream(answer: string[]): string {
  let out = sse(null, { candidates: [{ content: { role: "model", parts: [{ text: REASONING, thought: true }] } }] });
  answer.forEach((w, i) => {
    const last = i === answer.length - 1;
    out += sse(null, {
      candidates: [{ content: { role: "model", parts: [{ text: w }] }, ...(last ? { finishReason: "STOP" } : {}) }],
      ...(last ? { usageMetadata: { promptTokenCount: 19, candidatesTokenCount: answer.length, thoughtsTokenCount: 6 } } : {}),
    });
  });
  return out;
}

const words = (s: string): string[] => s.split(/(?=\s)/).filter((w) => w.length > 0);

export async function startFakeFlagshipApis(): Promise<FakeFlagshipApis> {
  const seen: SeenRequest[] = [];
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (b: Buffer) => (body += b.toString()));
    req.on("end", () => {
      seen.push({ url: req.url ?? "", headers: req.headers, body });
      const url = req.url ?? "";
      const json = (status: number, value: unknown) => {
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify(value));
      };
      if (req.method === "GET" && url === "/v1/models") return json(200, { data: [{ id: "claude-fake", created_at: "2026-01-01T00:00:00Z" }] });
      if (req.method === "GET" && url === "/v1beta/models") return json(200, { models: [{ name: "models/gemini-fake" }] });
      const parsed = JSON.parse(body || "{}") as { messages?: Array<{ content: string }>; contents?: Array<{ parts: Array<{ text: string }> }> };
      if (url === "/v1/messages") {
        if (!req.headers["x-api-key"]) return json(401, { type: "error", error: { type: "authentication_error", message: "x-api-key header is required" } });
        const text = parsed.messages?.at(-1)?.content ?? "";
        res.writeHead(200, { "content-type": "text/event-stream" });
        return res.end(anthropicStream(words(text.split("\n").at(-1) ?? "")));
      }
      if (/^\/v1beta\/models\/[^/]+:streamGenerateContent\?alt=sse$/.test(url)) {
        if (!req.headers["x-goog-api-key"]) return json(403, { error: { code: 403, message: "API key missing", status: "PERMISSION_DENIED" } });
        const text = parsed.contents?.at(-1)?.parts.at(-1)?.text ?? "";
        res.writeHead(200, { "content-type": "text/event-stream" });
        return res.end(geminiStream(words(text.split("\n").at(-1) ?? "")));
      }
      json(404, { error: `no route ${req.method} ${url}` });
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
