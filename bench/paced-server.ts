/**
 * A PACED test server with known truth, run in its own process (ideally on its own core): it speaks OpenAI SSE
 * (`/v1/chat/completions`) and Ollama NDJSON (`/api/chat`), emits tokens on a schedule set through `POST /config`
 * (TTFT, gap, tokens per chunk, seeded jitter), and records when it actually wrote each chunk, on its own monotonic
 * clock turned into the machine-wide monotonic clock the clients share (bench/clock.ts): `GET /truth` returns and
 * clears the record. The first chunk's text is `#<id> `, so a stored trial names the
 * request it was. Overdue chunks are sent at once (a zero gap means as fast as the loop can write). The event loop
 * spins (setImmediate) instead of sleeping, so that neither the arrival of a request nor a due chunk waits for an
 * idle CPU to wake: the server owns its core for the length of the benchmark. 127.0.0.1 only.
 *
 * Start: `node --import tsx bench/paced-server.ts` — prints `PORT <n>` on stdout.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";
import { mulberry32 } from "../src/shared/rng.js";
import { toShared } from "./clock.js";

interface Pace {
  ttft_ms: number;
  gap_ms: number;
  tokens_per_chunk: number;
  jitter_ms: number;
  seed: number;
}

interface Truth {
  recv: number;
  writes: number[];
  tokens: number[];
}

let pace: Pace = { ttft_ms: 50, gap_ms: 10, tokens_per_chunk: 1, jitter_ms: 0, seed: 1 };
let truth = new Map<number, Truth>();
let nextId = 0;

interface Stream {
  id: number;
  res: http.ServerResponse;
  protocol: "sse" | "ndjson";
  left: number;
  sent: number;
  due: number;
  rand: () => number;
}

const streams = new Set<Stream>();

function chunkBody(s: Stream, n: number, first: boolean): string {
  const text = `${first ? `#${s.id} ` : ""}${" t".repeat(n)}`;
  if (s.protocol === "ndjson") return `${JSON.stringify({ model: "paced", created_at: new Date().toISOString(), message: { role: "assistant", content: text }, done: false })}\n`;
  return `data: ${JSON.stringify({ id: `p${s.id}`, object: "chat.completion.chunk", choices: [{ index: 0, delta: { content: text }, finish_reason: null }], timings: { predicted_n: s.sent + n } })}\n\n`;
}

function finish(s: Stream): void {
  const t = truth.get(s.id);
  if (s.protocol === "ndjson") {
    const evalDuration = t && t.writes.length > 1 ? ((t.writes.at(-1) ?? 0) - (t.writes[0] ?? 0)) * 1e6 : 1;
    s.res.end(`${JSON.stringify({ model: "paced", created_at: new Date().toISOString(), message: { role: "assistant", content: "" }, done: true, done_reason: "length", total_duration: 1, load_duration: 0, prompt_eval_count: 8, prompt_eval_duration: 1, eval_count: s.sent, eval_duration: Math.round(evalDuration) })}\n`);
  } else {
    s.res.write(`data: ${JSON.stringify({ id: `p${s.id}`, choices: [{ index: 0, delta: {}, finish_reason: "length" }] })}\n\n`);
    s.res.end(`data: ${JSON.stringify({ id: `p${s.id}`, choices: [], usage: { prompt_tokens: 8, completion_tokens: s.sent } })}\n\ndata: [DONE]\n\n`);
  }
  streams.delete(s);
}

function tick(): void {
  const now = performance.now();
  for (const s of streams) {
    if (s.due > now) continue;
    const n = Math.min(pace.tokens_per_chunk, s.left);
    const first = s.sent === 0;
    s.res.write(chunkBody(s, n, first));
    const t = truth.get(s.id);
    t?.writes.push(toShared(performance.now()));
    t?.tokens.push(n);
    s.sent += n;
    s.left -= n;
    if (s.left <= 0) {
      finish(s);
      continue;
    }
    const jitter = pace.jitter_ms ? (s.rand() * 2 - 1) * pace.jitter_ms : 0;
    s.due += Math.max(0, pace.gap_ms + jitter);
  }
  setImmediate(tick);
}
setImmediate(tick);

const server = http.createServer((req, res) => {
  let body = "";
  req.on("data", (b: Buffer) => (body += b.toString()));
  req.on("end", () => {
    const recv = performance.now();
    if (req.url === "/config") {
      pace = { ...pace, ...(JSON.parse(body) as Partial<Pace>) };
      res.end("{}");
      return;
    }
    if (req.url === "/ping") {
      res.end("pong");
      return;
    }
    if (req.url === "/truth") {
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify(Object.fromEntries(truth)));
      truth = new Map();
      return;
    }
    if (req.url === "/props") {
      res.statusCode = 404;
      res.end("not llama-server");
      return;
    }
    if (req.url?.endsWith("/models") || req.url === "/api/version" || req.url === "/api/tags") {
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify(req.url === "/api/version" ? { version: "paced" } : req.url === "/api/tags" ? { models: [{ name: "paced", model: "paced", modified_at: "2026-01-01T00:00:00Z", size: 0, digest: "paced" }] } : { data: [{ id: "paced" }] }));
      return;
    }
    if (req.url === "/api/show") {
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ details: { format: "gguf", family: "paced", parameter_size: "0", quantization_level: "none" } }));
      return;
    }
    const ollama = req.url === "/api/chat";
    const request = JSON.parse(body || "{}") as { max_tokens?: number; options?: { num_predict?: number } };
    const tokens = (ollama ? request.options?.num_predict : request.max_tokens) ?? 16;
    const id = nextId++;
    truth.set(id, { recv: toShared(recv), writes: [], tokens: [] });
    res.writeHead(200, { "content-type": ollama ? "application/x-ndjson" : "text/event-stream" });
    res.flushHeaders();
    const s: Stream = { id, res, protocol: ollama ? "ndjson" : "sse", left: tokens, sent: 0, due: recv + pace.ttft_ms, rand: mulberry32(pace.seed + id) };
    streams.add(s);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => {
  process.stdout.write(`PORT ${(server.address() as AddressInfo).port}\n`);
});
