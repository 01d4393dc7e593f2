/**
 * Context depth on a real llama-server (self-made model): the server's own prompt count grows with the depth (about
 * depth + prompt tokens) and nothing came from its prompt cache — even with `prompt_cache: allow`, which would let
 * llama-server reuse the shared filler — so the depth was really processed. The summary's depth rows carry the
 * server's prompt rate.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { runExperiment } from "../../src/run/runner.js";
import { silentProgress } from "../../src/run/progress.js";
import { readRun } from "../../src/analyse/load-run.js";
import { summarizeRun } from "../../src/analyse/summary.js";
import { startLlamaServer, type RunningServer } from "../helpers/llama-server.js";
import { testModel } from "../helpers/models.js";
import { tempDir, writeExperiment } from "../helpers/experiments.js";

let server: RunningServer;
before(async () => {
  server = await startLlamaServer(testModel("tiny", 5), { ctx: 2048 });
});
after(async () => {
  await server?.stop();
});

type Timings = { prompt_n?: number; cache_n?: number };
const timings = (t: { server: Record<string, unknown> | null }) => (t.server?.["timings"] ?? {}) as Timings;

test("llama-server: depth really fills the context — the server's prompt count grows with the depth, none of it cached", async () => {
  const d = tempDir();
  const file = writeExperiment(d, {
    name: "depth-llama-server",
    backends: { ls: { type: "openai", base_url: server.baseUrl } },
    variants: [{ id: "tiny", backend: "ls", model: "default", format: "gguf" }],
    workload: {
      prompts: [{ id: "q", text: "Summarise the notes above in one sentence." }],
      max_tokens: 8,
      ignore_eos: true,
      warmup: 1,
      repetitions: 2,
      // allow: llama-server would reuse the shared filler from its cache; depth levels must bust it anyway
      prompt_cache: "allow",
      depth: [0, 256, 512],
    },
    settings: { request_timeout_s: 60 },
  });
  const r = await runExperiment({ file, runsDir: join(d, "runs") });
  assert.equal(r.status, "complete");
  const run = readRun(r.dir);
  const measured = run.trials.filter((t) => !t.warmup);
  assert.ok(measured.every((t) => t.error === null), JSON.stringify(measured.map((t) => t.error)));
  const at = (depth: number) => measured.filter((t) => (depth === 0 ? t.depth === undefined && t.concurrency === 1 : t.depth === depth));
  assert.deepEqual([0, 256, 512].map((x) => at(x).length), [2, 2, 2]);
  const promptN = (depth: number) => at(depth).map((t) => timings(t).prompt_n ?? -1);
  const base = Math.max(...promptN(0));
  for (const depth of [256, 512]) {
    for (const t of at(depth)) {
      const n = timings(t).prompt_n ?? -1;
      const total = t.prompt_tokens.server ?? -1;
      assert.ok(n - base >= 0.9 * depth && n - base <= 2.5 * depth, `${t.trial}: server processed ${n} prompt tokens, ${base} at depth 0`);
      assert.ok(n >= total - 4, `${t.trial}: server processed ${n} of ${total} prompt tokens (the rest came from its cache)`);
      assert.equal(timings(t).cache_n ?? 0, 0, `${t.trial}: cache_n`);
      assert.match(t.prompt_nonce ?? "", /^[0-9a-f]{8}$/);
    }
  }
  const rows = summarizeRun(run).depth;
  assert.ok(rows);
  assert.deepEqual(rows.map((x) => x.depth), [0, 256, 512]);
  for (const row of rows) {
    assert.equal(row.prefill_source, "server", JSON.stringify(row));
    assert.ok((row.prefill_tps?.mean ?? 0) > 0 && (row.decode_tps?.mean ?? 0) > 0, JSON.stringify(row));
  }
  assert.ok((rows[2]?.prompt_tokens ?? 0) > (rows[1]?.prompt_tokens ?? 0) + 200, JSON.stringify(rows.map((x) => x.prompt_tokens)));
});

test("llama-server: a depth beyond the server's n_ctx stops the run before anything is written, at the depth's entry", async () => {
  const d = tempDir();
  const file = writeExperiment(d, {
    name: "depth-too-deep",
    backends: { ls: { type: "openai", base_url: server.baseUrl } },
    variants: [{ id: "tiny", backend: "ls", model: "default", format: "gguf" }],
    workload: { prompts: [{ id: "q", text: "Say hi." }], max_tokens: 8, depth: [0, 1024, 4096] },
  });
  await assert.rejects(runExperiment({ file, runsDir: join(d, "runs") }), (err: Error & { problems?: Array<{ field: string; message: string; line: number }> }) => {
    assert.equal(err.name, "ExperimentError");
    const fields = (err.problems ?? []).map((p) => p.field);
    assert.deepEqual(fields, ["workload.depth[2]"], JSON.stringify(err.problems));
    assert.match(err.problems?.[0]?.message ?? "", /gets 2048 \(llama-server \/props n_ctx/);
    return true;
  });
  assert.ok(!existsSync(join(d, "runs")), "nothing written");
});

test("llama-server: a depth run stopped midway resumes with the same d<depth> keys, every planned trial stored once", async () => {
  const d = tempDir();
  const file = writeExperiment(d, {
    name: "depth-resume",
    backends: { ls: { type: "openai", base_url: server.baseUrl } },
    variants: [{ id: "tiny", backend: "ls", model: "default", format: "gguf" }],
    workload: { prompts: [{ id: "q", text: "Say hi." }], max_tokens: 4, warmup: 0, repetitions: 3, concurrency: [2], depth: [0, 128] },
  });
  const stop = new AbortController();
  let deep = 0;
  const progress = { ...silentProgress, trial: (t: { depth?: number }) => void (t.depth !== undefined && ++deep === 2 && stop.abort()) };
  const first = await runExperiment({ file, runsDir: join(d, "runs"), stop: stop.signal, progress });
  assert.equal(first.status, "interrupted");
  const second = await runExperiment({ file, runsDir: join(d, "runs"), resume: "latest" });
  assert.equal(second.status, "complete");
  const keys = readRun(second.dir).trials.map((t) => t.trial);
  const expected = ["c2/r0", "c2/r1", "c2/r2", "c2/r3", "c2/r4", "c2/r5", "d0/c1/r0", "d0/c1/r1", "d0/c1/r2", "d128/c1/r0", "d128/c1/r1", "d128/c1/r2"].map((k) => `tiny/q/${k}`);
  assert.deepEqual([...keys].sort(), expected.sort());
  assert.ok(second.written.length < expected.length, `the resume ran only what was missing (${second.written.length})`);
});
