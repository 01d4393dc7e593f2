/**
 * Keep-alive sockets that went stale together, against a FAKE server: node:http answers the first request on each
 * connection and resets every later one without answering, as cpp-httplib's idle close looks when it races a new
 * request. After a burst at concurrency 4 the agent holds four such sockets; one request must still get through.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { makeAgent, streamHttp } from "../../src/backends/http/stream.js";
import { BackendError } from "../../src/backends/types.js";

async function startStaleSocketServer(): Promise<{ url: URL; resets: () => number; close: () => Promise<void> }> {
  const served = new WeakSet<Socket>();
  let resets = 0;
  const server = http.createServer((req, res) => {
    if (served.has(req.socket)) {
      resets++;
      req.socket.resetAndDestroy();
      return;
    }
    served.add(req.socket);
    req.resume();
    req.on("end", () => setTimeout(() => res.end("ok"), 20));
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return {
    url: new URL(`http://127.0.0.1:${port}/`),
    resets: () => resets,
    close: () => new Promise((r) => {
      server.closeAllConnections();
      server.close(() => r());
    }),
  };
}

async function get(url: URL, agent: http.Agent): Promise<string> {
  const parts: Buffer[] = [];
  for await (const ev of streamHttp({ url, method: "GET", agent, signal: AbortSignal.timeout(5000) })) {
    if (ev.type === "read") parts.push(ev.bytes);
  }
  return Buffer.concat(parts).toString();
}

test("a request sent on stale keep-alive sockets is sent again until a fresh connection answers it", async () => {
  const server = await startStaleSocketServer();
  const agent = makeAgent(server.url);
  try {
    assert.deepEqual(await Promise.all([1, 2, 3, 4].map(() => get(server.url, agent))), ["ok", "ok", "ok", "ok"]);
    assert.equal(await get(server.url, agent), "ok");
    assert.ok(server.resets() >= 2, `the request met ${server.resets()} stale sockets; the test needs at least two`);
  } finally {
    agent.destroy();
    await server.close();
  }
});

test("a fresh connection that is reset is a connection error, not a retry loop", async () => {
  const server = http.createServer((req) => req.socket.resetAndDestroy());
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
  const agent = makeAgent(url);
  try {
    await assert.rejects(get(url, agent), (e: unknown) => e instanceof BackendError && e.kind === "connection" && /ECONNRESET/.test(e.message));
  } finally {
    agent.destroy();
    server.close();
  }
});
