/**
 * FAKE OpenAI-compatible server of known capacity, for capacity tests that must run in seconds: it serves `slots`
 * requests at once, each taking `prefillMs` before its first token and then one token every `tokenMs`, and queues the
 * rest first come, first served — what llama.cpp's llama-server does with `-np N` (tools/server/server-context.cpp:
 * a task that finds no idle slot is deferred in server-queue.cpp and picked up when a slot is released). Its capacity
 * is exactly slots / (prefillMs + tokens × tokenMs) requests per second. Streams the chunk shapes of the OpenAI chat API
 * (role chunk, content chunks, finish chunk, then a usage chunk), like fake-openai-server.ts. Listens on 127.0.0.1.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface SlotsServer {
  url: string;
  /** Requests per second it can serve: slots / service time. */
  capacity: number;
  requests: number;
  /** The most requests waiting for a slot at once. */
  maxQueued: number;
  close(): Promise<void>;
}

const chunk = (delta: Record<string, unknown>, finish: string | null = null) =>
  `data: ${JSON.stringify({ id: "fake", object: "chat.completion.chunk", choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function startSlotsServer(options: { slots: number; prefillMs: number; tokenMs: number; tokens: number }): Promise<SlotsServer> {
  const state = { requests: 0, busy: 0, maxQueued: 0 };
  const waiting: Array<() => void> = [];
  const acquire = () => (state.busy < options.slots ? (state.busy++, Promise.resolve()) : new Promise<void>((r) => {
    waiting.push(r);
    state.maxQueued = Math.max(state.maxQueued, waiting.length);
  }));
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else state.busy--;
  };
  const server = http.createServer((req, res) => {
    req.resume();
    req.on("end", async () => {
      if (req.url?.endsWith("/models")) {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({ object: "list", data: [{ id: "slots", object: "model", created: 1_700_000_000 }] }));
        return;
      }
      state.requests++;
      res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
      await acquire();
      try {
        res.write(chunk({ role: "assistant", content: null }));
        await sleep(options.prefillMs);
        for (let i = 0; i < options.tokens; i++) {
          if (i > 0) await sleep(options.tokenMs);
          res.write(chunk({ content: ` w${i}` }));
        }
        res.write(chunk({}, "length"));
        res.write(`data: ${JSON.stringify({ id: "fake", choices: [], usage: { prompt_tokens: 5, completion_tokens: options.tokens } })}\n\n`);
        res.end("data: [DONE]\n\n");
      } finally {
        release();
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  const service = options.prefillMs + (options.tokens - 1) * options.tokenMs;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    capacity: (options.slots * 1000) / service,
    get requests() {
      return state.requests;
    },
    get maxQueued() {
      return state.maxQueued;
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
