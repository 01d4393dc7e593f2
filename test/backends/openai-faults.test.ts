/**
 * The openai backend against a FAKE server that produces faults on demand: every failure lands on its own trial with
 * the right kind, the run goes on, and a stream split anywhere parses the same as one read.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { runExperiment } from "../../src/run/runner.js";
import { openAIEvents } from "../../src/backends/openai/stream.js";
import type { HttpStreamEvent } from "../../src/backends/http/stream.js";
import type { BackendEvent } from "../../src/backends/types.js";
import { tempDir, writeExperiment } from "../helpers/experiments.js";
import { sseBody, startFakeOpenAIServer, type FakeServer } from "../fakes/fake-openai-server.js";

let fake: FakeServer;
before(async () => {
  fake = await startFakeOpenAIServer({ tokens: 5, gapMs: 2 });
});
after(async () => {
  await fake.close();
});

const MODES = ["ok", "reasoning", "byte-by-byte", "die-mid-stream", "status-500", "status-429", "status-503", "broken-sse", "never", "no-done"] as const;

test("each fault is recorded on its trial with its kind; the other variants still run", async () => {
  const d = tempDir();
  const file = writeExperiment(d, {
    name: "faults",
    backends: { f: { type: "openai", base_url: fake.url } },
    variants: MODES.map((m) => ({ id: m, backend: "f", model: m, format: "other" as const })),
    workload: { prompts: [{ id: "p", text: "hi" }], max_tokens: 5, warmup: 0, repetitions: 1 },
    settings: { request_timeout_s: 0.5 },
  });
  const result = await runExperiment({ file, runsDir: d });
  assert.equal(result.status, "complete");
  const by = Object.fromEntries(result.written.map((t) => [t.variant, t]));
  const kind = (v: string) => by[v]?.error?.kind ?? null;
  assert.deepEqual(
    Object.fromEntries(MODES.map((m) => [m, kind(m)])),
    { ok: null, reasoning: null, "byte-by-byte": null, "die-mid-stream": "stream", "status-500": "http", "status-429": "http", "status-503": "http", "broken-sse": "stream", never: "timeout", "no-done": "stream" },
  );
  assert.equal(by["status-429"]?.error?.status, 429);
  assert.match(String(by["status-503"]?.error?.message), /HTTP 503.*fake 503/);
  assert.match(String(by["broken-sse"]?.error?.message), /not JSON/);
  assert.equal(by["die-mid-stream"]?.chunks.length, 2, "chunks received before the drop are kept");
  for (const v of ["ok", "byte-by-byte"]) {
    assert.equal(by[v]?.output, " w0 w1 w2 w3 w4");
    assert.deepEqual(by[v]?.output_tokens, { client: 5, server: 5 });
    assert.equal(by[v]?.prompt_tokens.server, 7);
  }
  assert.deepEqual(by["reasoning"]?.chunks.map((c) => c.kind), ["reasoning", "reasoning", "reasoning", "answer", "answer", "answer", "answer", "answer"]);
  assert.ok((by["reasoning"]?.ttft_answer_ms ?? 0) > (by["reasoning"]?.ttft_ms ?? 0));
});

test("an unreachable backend is reported once before the run, and its trials carry connection errors", async () => {
  const d = tempDir();
  const warnings: string[] = [];
  const file = writeExperiment(d, {
    name: "down",
    backends: { down: { type: "openai", base_url: "http://127.0.0.1:9/v1" } },
    variants: [{ id: "v", backend: "down", model: "m", format: "other" }],
    workload: { prompts: [{ id: "p", text: "hi" }], max_tokens: 5, warmup: 1, repetitions: 2 },
  });
  const result = await runExperiment({ file, runsDir: d, logger: { info() {}, warn: (m) => warnings.push(m) } });
  assert.equal(warnings.filter((w) => w.includes("unreachable")).length, 1);
  assert.equal(result.written.length, 3);
  for (const t of result.written) assert.equal(t.error?.kind, "connection");
  assert.equal(result.manifest.backends["down"]?.reachable, false);
  // the egress log counts every request by host: the preflight probe, the model fingerprint, the three trials and the
  // server-facts probe after the first request (/props, then /models)
  assert.deepEqual(result.manifest.egress, [{ host: "127.0.0.1:9", loopback: true, requests: 7 }]);
});

test("connections are opened before a load level starts, so no measured request pays for connecting", async () => {
  const own = await startFakeOpenAIServer({ tokens: 3, gapMs: 1 });
  try {
    const d = tempDir();
    const file = writeExperiment(d, {
      name: "warm",
      backends: { f: { type: "openai", base_url: own.url } },
      variants: [{ id: "ok", backend: "f", model: "ok", format: "other" }],
      workload: { prompts: [{ id: "p", text: "hi" }], max_tokens: 3, warmup: 0, repetitions: 2, concurrency: [4, 8] },
    });
    const result = await runExperiment({ file, runsDir: d });
    assert.equal(result.written.length, 2 * 4 + 2 * 8);
    assert.ok(result.written.every((t) => t.error === null));
    assert.equal(own.freshConnectionRequests, 0);
  } finally {
    await own.close();
  }
});

async function collect(reads: Buffer[]): Promise<BackendEvent[]> {
  async function* source(): AsyncGenerator<HttpStreamEvent> {
    yield { type: "sent", t: 0 };
    for (const [i, bytes] of reads.entries()) yield { type: "read", t: i + 1, bytes };
  }
  const out: BackendEvent[] = [];
  for await (const e of openAIEvents(source())) out.push(e);
  return out;
}

const shape = (events: BackendEvent[]) => events.filter((e) => e.type === "chunk" || e.type === "end").map((e) => (e.type === "chunk" ? `${e.kind}:${e.text}:${e.tokens}` : `end:${e.usage.completion_tokens}:${e.finish_reason}`));

test("an SSE stream split at any byte boundary (and byte by byte) parses the same as one read", async () => {
  const body = Buffer.from(sseBody("reasoning", 4).replace(" w1", " wé1 🚀"));
  const whole = shape(await collect([body]));
  assert.equal(whole.length, 3 + 4 + 1);
  for (let cut = 1; cut < body.length; cut++) {
    assert.deepEqual(shape(await collect([body.subarray(0, cut), body.subarray(cut)])), whole, `split at byte ${cut}`);
  }
  assert.deepEqual(shape(await collect([...body].map((b) => Buffer.from([b])))), whole);
});

test("an event is timed by the read that completed it", async () => {
  const body = Buffer.from(sseBody("ok", 2));
  const cut = body.indexOf("w0");
  const events = await collect([body.subarray(0, cut), body.subarray(cut)]);
  const chunks = events.filter((e) => e.type === "chunk");
  assert.equal(chunks[0]?.t, 2, "the w0 event was split; it completed in the second read");
});
