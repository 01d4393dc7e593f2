/**
 * Cold and warm loads against the FAKE Ollama server whose model loads on the first request (and after keep_alive 0):
 * the cold load (the warm-up's load_duration) is reported apart from the warm loads of the measured requests;
 * unload_before makes every measured request a cold load on purpose; /api/ps facts land in the manifest.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { runExperiment } from "../../src/run/runner.js";
import { readRun } from "../../src/analyse/load-run.js";
import { summarizeRun } from "../../src/analyse/summary.js";
import { verboseFigures } from "../../src/analyse/verbose.js";
import { verboseTable } from "../../src/render/verbose-table.js";
import { tempDir, writeExperiment } from "../helpers/experiments.js";
import { startFakeOllama, type FakeOllama } from "../fakes/fake-ollama-server.js";

const LOAD_MS = 300;
/** A fake that sleeps LOAD_MS and times itself with performance.now() can read up to 1 ms short: Node timers fire on libuv's ms-truncated loop clock. */
const TIMER_SLACK_MS = 1;
let ollama: FakeOllama;
before(async () => {
  ollama = await startFakeOllama({ loadMs: LOAD_MS, ttftMs: 10, thinking: 0, answer: 3, gapMs: 1 });
});
after(() => ollama.close());

async function run(unload: boolean) {
  const d = tempDir();
  const file = writeExperiment(d, {
    name: `load-${unload}`,
    backends: { o: { type: "ollama", host: ollama.host } },
    variants: [{ id: "gpt", backend: "o", model: "gpt-oss:20b", format: "gguf", ...(unload ? { unload_before: true } : {}) }],
    workload: { prompts: [{ id: "p", text: "hi" }], max_tokens: 3, warmup: 1, repetitions: 3 },
  });
  const result = await runExperiment({ file, runsDir: d });
  const stored = readRun(result.dir);
  return { result, stored, summary: summarizeRun(stored) };
}

test("the cold load (first request) is reported apart from the warm loads; /api/ps facts in the manifest", async () => {
  const { result, stored, summary } = await run(false);
  const load = summary.loads.find((l) => l.variant === "gpt");
  assert.ok((load?.cold_ms ?? 0) >= LOAD_MS - TIMER_SLACK_MS, `cold ${load?.cold_ms}`);
  assert.equal(load?.cold_source, "server");
  assert.ok((load?.warm_ms ?? Infinity) < 10, `warm ${load?.warm_ms}`);
  assert.equal(load?.unloaded, 0);
  const figures = verboseFigures(stored.manifest, stored.trials);
  assert.ok((figures[0]?.load_ms ?? 0) >= LOAD_MS - TIMER_SLACK_MS);
  assert.ok((figures[0]?.warm_load_ms ?? Infinity) < 10);
  assert.match(verboseTable(figures), /cold load ms +warm load ms/);
  const facts = result.manifest.variants["gpt"]?.server_facts;
  assert.deepEqual([facts?.["size_vram_bytes"], facts?.["context_length"], facts?.["source"]], [14_790_000_000, 8192, "/api/ps"]);
  const { SECTIONS } = await import("../../src/render/report/sections/index.js");
  const text = JSON.stringify(SECTIONS.methodology.build({ runs: [stored], summaries: [summary], charts: [], generated_at: "" }));
  assert.match(text, /gpt \(\/api\/ps\): size_bytes 14\.79 GB, size_vram_bytes 14\.79 GB, context_length 8192/);
  assert.match(text, /warm load \d ms \(median of measured requests\)/);
  assert.match(text, /cold load ms/);
  assert.match(text, /Hardware\./);
  const remote = { ...stored, manifest: { ...stored.manifest, egress: [{ host: "gpu-box.lan:11434", loopback: false, requests: 5 }] } };
  const remoteText = JSON.stringify(SECTIONS.methodology.build({ runs: [remote], summaries: [summary], charts: [], generated_at: "" }));
  assert.match(remoteText, /Client machine \(runs trialbook; the servers it measures are elsewhere\)/, "a server over the network: the host block is the client's");
});

test("unload_before: every measured request is unloaded first and pays the cold load, flagged on the trial", async () => {
  const { result, summary } = await run(true);
  const measured = result.written.filter((t) => !t.warmup);
  assert.equal(measured.length, 3);
  for (const t of measured) assert.equal(t.unloaded_before, true);
  assert.equal(result.written.find((t) => t.warmup)?.unloaded_before, undefined);
  assert.equal(result.manifest.variants["gpt"]?.unload_before, true);
  const load = summary.loads.find((l) => l.variant === "gpt");
  assert.equal(load?.unloaded, 3);
  assert.ok((load?.unloaded_ms ?? 0) >= LOAD_MS - TIMER_SLACK_MS, `unloaded ${load?.unloaded_ms}`);
  assert.equal(load?.warm_ms, null);
});
