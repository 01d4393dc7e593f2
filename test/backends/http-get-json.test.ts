/**
 * `getJson`, the GET behind model lists, probes and `warm`: its time limit is a `timeout` error that names the host,
 * and once an answer is in, nothing of the limit stays behind (a level's `warm` sends one per connection, and a timer
 * left for the whole limit keeps the request's signal and listeners alive into the level).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import { getEventListeners } from "node:events";
import type { AddressInfo } from "node:net";
import { getJson } from "../../src/backends/http/stream.js";
import { BackendError } from "../../src/backends/types.js";

async function serve(handler: http.RequestListener): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer(handler);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, close: () => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))) };
}

const timers = () => process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;

test("getJson: a server that never answers is a `timeout` error naming the host, after the limit", async () => {
  const s = await serve(() => undefined);
  try {
    const t0 = performance.now();
    await assert.rejects(getJson(new URL(`${s.url}/v1/models`), { timeoutMs: 150 }), (e: unknown) => {
      assert.ok(e instanceof BackendError);
      assert.equal(e.kind, "timeout");
      assert.match(e.message, new RegExp(`no answer from 127\\.0\\.0\\.1:\\d+ within 150 ms`));
      return true;
    });
    assert.ok(performance.now() - t0 >= 140, "rejected before its limit");
  } finally {
    await s.close();
  }
});

test("getJson: an answer clears the limit's timer at once; the caller's signal still stops it", async () => {
  const s = await serve((req, res) => {
    if (req.url === "/slow") return;
    res.setHeader("content-type", "application/json");
    res.end(JSON.stringify({ data: [{ id: "m" }] }));
  });
  const agent = new http.Agent({ keepAlive: true });
  try {
    const before = timers();
    const stop = new AbortController();
    const answers = await Promise.all(Array.from({ length: 20 }, () => getJson(new URL(`${s.url}/v1/models`), { timeoutMs: 60_000, agent, signal: stop.signal })));
    assert.deepEqual(answers[0], { data: [{ id: "m" }] });
    assert.equal(timers() - before, 0, "a 60 s timer outlived the answers (it would also hold the process open)");
    // one listener on the caller's signal however many requests used it, not one left per request
    assert.ok(getEventListeners(stop.signal, "abort").length <= 1, `${getEventListeners(stop.signal, "abort").length} listeners left on the caller's signal`);
    const pending = getJson(new URL(`${s.url}/slow`), { timeoutMs: 60_000, signal: stop.signal });
    setTimeout(() => stop.abort(new Error("stopped")), 50);
    await assert.rejects(pending, (e: unknown) => e instanceof Error && !(e instanceof BackendError && e.kind === "timeout"));
    assert.equal(timers() - before, 0, "the stopped request's timer was left running");
  } finally {
    agent.destroy();
    await s.close();
  }
});
