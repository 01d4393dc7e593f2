/**
 * FAKE OpenAI-compatible server, for faults no real server produces on demand. The request's `model` picks the
 * behaviour: `ok`, `reasoning`, `die-mid-stream`, `status-500`, `status-429`, `status-503`, `broken-sse`, `never`,
 * `no-done` (stream ends without [DONE] or finish_reason), `byte-by-byte` (the whole response written one byte
 * per write), and `judge-<score>` (answers the grade `{"score": <score>, "reasoning": …}` as a judge would). Listens on
 * 127.0.0.1 only.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface FakeServer {
  url: string;
  requests: number;
  /** Chat/completion requests that arrived on a connection that had served nothing before. */
  freshConnectionRequests: number;
  /** The JSON body of every chat/completion request, in arrival order. */
  bodies: Record<string, unknown>[];
  /** Every distinct Authorization header the chat/completion requests came with. */
  authorizations: Set<string>;
  close(): Promise<void>;
}

const chunk = (delta: Record<string, unknown>, finish: string | null = null) =>
  `data: ${JSON.stringify({ id: "fake", object: "chat.completion.chunk", choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;

export function sseBody(model: string, tokens: number): string {
  let out = chunk({ role: "assistant", content: null });
  const judge = /^judge-([\d.]+)$/.exec(model);
  if (judge) {
    const grade = JSON.stringify({ score: Number(judge[1]), reasoning: "fake judge: graded by the model name" });
    for (let i = 0; i < grade.length; i += 8) out += chunk({ content: grade.slice(i, i + 8) });
    return out + chunk({}, "stop") + "data: [DONE]\n\n";
  }
  if (model === "reasoning") for (let i = 0; i < 3; i++) out += chunk({ reasoning_content: ` think${i}` });
  for (let i = 0; i < tokens; i++) out += chunk({ content: ` w${i}` });
  out += chunk({}, "length");
  out += `data: ${JSON.stringify({ id: "fake", choices: [], usage: { prompt_tokens: 7, completion_tokens: tokens + (model === "reasoning" ? 3 : 0) } })}\n\n`;
  return out + "data: [DONE]\n\n";
}

export async function startFakeOpenAIServer(options: { tokens?: number; gapMs?: number } = {}): Promise<FakeServer> {
  const tokens = options.tokens ?? 5;
  const gap = options.gapMs ?? 2;
  const state = { requests: 0, fresh: 0, bodies: [] as Record<string, unknown>[] };
  const authorizations = new Set<string>();
  const served = new WeakMap<object, number>();
  const server = http.createServer((req, res) => {
    const before = served.get(req.socket) ?? 0;
    served.set(req.socket, before + 1);
    let body = "";
    req.on("data", (b: Buffer) => (body += b.toString()));
    req.on("end", async () => {
      state.requests++;
      if (req.url?.endsWith("/models")) {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({ object: "list", data: [{ id: "ok", object: "model", created: 1_700_000_000 }] }));
        return;
      }
      if (before === 0) state.fresh++;
      if (req.headers.authorization) authorizations.add(req.headers.authorization);
      const parsed = JSON.parse(body || "{}") as Record<string, unknown> & { model?: string };
      state.bodies.push(parsed);
      const model = parsed.model ?? "ok";
      const status = /^status-(\d+)$/.exec(model);
      if (status) {
        res.writeHead(Number(status[1]), { "content-type": "application/json" });
        res.end(JSON.stringify({ error: { message: `fake ${status[1]}`, type: "fake" } }));
        return;
      }
      if (model === "never") return; // hold the connection, answer nothing
      res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
      if (model === "broken-sse") {
        res.write(chunk({ content: " fine" }));
        res.end("data: {not json\n\ndata: [DONE]\n\n");
        return;
      }
      const full = model === "no-done" ? chunk({ content: " a" }) + chunk({ content: " b" }) : sseBody(model, tokens);
      if (model === "byte-by-byte") {
        for (const byte of Buffer.from(full)) {
          res.write(Buffer.from([byte]));
          await new Promise((r) => setImmediate(r));
        }
        res.end();
        return;
      }
      const events = full.split(/(?<=\n\n)/);
      for (let i = 0; i < events.length; i++) {
        if (model === "die-mid-stream" && i === 3) {
          res.socket?.destroy();
          return;
        }
        res.write(events[i]);
        await new Promise((r) => setTimeout(r, gap));
      }
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    get requests() {
      return state.requests;
    },
    get freshConnectionRequests() {
      return state.fresh;
    },
    get bodies() {
      return state.bodies;
    },
    authorizations,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
