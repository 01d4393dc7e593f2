/**
 * A request held by a SendGate (open-loop arrivals make each request a few ms before its due time): it takes its
 * connection at once, reaches the server only when the gate opens, and is stamped `sent` then; a closed gate drops
 * it without a byte sent. Against a local http server that notes when each request's head arrives.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { makeAgent, streamHttp, type HttpStreamEvent } from "../../src/backends/http/stream.js";
import { BackendError } from "../../src/backends/types.js";
import { SendGate } from "../../src/shared/send-gate.js";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function withServer(fn: (url: URL, arrivals: number[], agent: http.Agent) => Promise<void>): Promise<void> {
  const arrivals: number[] = [];
  const server = http.createServer((req, res) => {
    arrivals.push(performance.now());
    req.resume();
    req.on("end", () => res.end("ok"));
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/x`);
  const agent = makeAgent(url);
  try {
    await fn(url, arrivals, agent);
  } finally {
    agent.destroy();
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  }
}

/** Reads a stream to its end in the background; its events, or its failure. */
function drain(reads: AsyncIterable<HttpStreamEvent>): Promise<{ events: HttpStreamEvent[]; error: unknown }> {
  const events: HttpStreamEvent[] = [];
  return (async () => {
    try {
      for await (const ev of reads) events.push(ev);
      return { events, error: null };
    } catch (e) {
      return { events, error: e };
    }
  })();
}

/** Opens the gate and waits for the stream: it ends without error, `sent` within 5 ms after the opening; the opening's time. */
async function openAndSend(gate: SendGate, done: ReturnType<typeof drain>): Promise<number> {
  const opened = performance.now();
  gate.open();
  const { events, error } = await done;
  assert.equal(error, null);
  const sent = events.find((e) => e.type === "sent")?.t ?? NaN;
  assert.ok(sent >= opened && sent - opened < 5, `sent ${(sent - opened).toFixed(3)} ms after the gate opened`);
  return opened;
}

const free = (agent: http.Agent) => Object.values(agent.freeSockets).reduce((n, list) => n + (list?.length ?? 0), 0);

test("held: the connection is taken at once, the request reaches the server only when the gate opens, and is sent then", async () => {
  await withServer(async (url, arrivals, agent) => {
    await drain(streamHttp({ url, method: "POST", body: "{}", agent, signal: AbortSignal.timeout(5000) })); // one warm connection
    assert.equal(arrivals.length, 1);
    assert.equal(free(agent), 1);
    const gate = new SendGate();
    const done = drain(streamHttp({ url, method: "POST", body: "{}", agent, signal: AbortSignal.timeout(5000), gate }));
    await sleep(80);
    assert.equal(arrivals.length, 1, "nothing reaches the server while the request is held");
    assert.equal(free(agent), 0, "the held request has taken the warm connection");
    const opened = await openAndSend(gate, done);
    assert.equal(arrivals.length, 2);
    assert.ok((arrivals[1] ?? 0) >= opened, "the request reached the server after the gate opened");
  });
});

test("held on a new connection: sent when the gate opens, the connection having come up while held", async () => {
  await withServer(async (url, arrivals, agent) => {
    const gate = new SendGate();
    const done = drain(streamHttp({ url, method: "POST", body: "{}", agent, signal: AbortSignal.timeout(5000), gate }));
    await sleep(80);
    assert.equal(arrivals.length, 0);
    await openAndSend(gate, done);
  });
});

test("a closed gate drops the request: nothing reaches the server, the stream ends in an error", async () => {
  await withServer(async (url, arrivals, agent) => {
    const gate = new SendGate();
    const done = drain(streamHttp({ url, method: "POST", body: "{}", agent, signal: AbortSignal.timeout(5000), gate }));
    await sleep(30);
    gate.close();
    const { events, error } = await done;
    await sleep(30);
    assert.equal(arrivals.length, 0);
    assert.ok(error instanceof BackendError && /dropped unsent/.test(error.message), String(error));
    assert.equal(events.some((e) => e.type === "sent"), false);
  });
});

test("SendGate: waiters run in order inside open(); a settled gate answers at once; open and close only once", async () => {
  const gate = new SendGate();
  const seen: string[] = [];
  gate.onSettle((go) => seen.push(`a${go}`));
  gate.onSettle((go) => seen.push(`b${go}`));
  assert.equal(gate.settled, false);
  gate.open();
  assert.deepEqual(seen, ["atrue", "btrue"]);
  gate.close();
  assert.equal(gate.closed, false);
  gate.onSettle((go) => seen.push(`c${go}`));
  assert.deepEqual(seen, ["atrue", "btrue", "ctrue"]);
  assert.equal(await gate.opened, true);
  const shut = new SendGate();
  shut.close();
  assert.equal(await shut.opened, false);
  assert.equal(shut.closed, true);
});
