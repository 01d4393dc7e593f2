/**
 * The embedded engine, for real: self-made models on node-llama-cpp. Stored numbers are checked against the engine's
 * own counters (llama.cpp's perf counters and node-llama-cpp's token meter).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { runExperiment } from "../../src/run/runner.js";
import { readTrialsFile } from "../../src/store/trials.js";
import { readManifest } from "../../src/store/manifest.js";
import { clientDecodeRate, serverDecodeRate } from "../../src/analyse/metrics/all.js";
import { median, present } from "../../src/analyse/stats.js";
import type { ExperimentInput } from "../../src/validate/schema.js";
import { tempDir, writeExperiment } from "../helpers/experiments.js";
import { testModel } from "../helpers/models.js";

const experiment = (model: string, over: Partial<ExperimentInput["workload"]> = {}): ExperimentInput => ({
  name: "embedded",
  backends: { e: { type: "llama-cpp" } },
  variants: [{ id: "m", backend: "e", model, format: "gguf", quantization: "F32" }],
  workload: { prompts: [{ id: "p", text: "the model data" }, { id: "s", synthetic_tokens: 40 }], max_tokens: 24, ignore_eos: true, temperature: 0.8, warmup: 1, repetitions: 2, ...over },
});

test("embedded: every planned trial stored once, exact-N output, counts equal to the engine's", async () => {
  const d = tempDir();
  const file = writeExperiment(d, experiment(testModel("tiny"), { concurrency: [1, 2] }));
  const result = await runExperiment({ file, runsDir: d });
  assert.equal(result.status, "complete");
  const trials = readTrialsFile(join(result.dir, "trials.jsonl")).trials;
  // 2 prompts × (1 warm-up + 2 reps at c1 + 4 at c2)
  assert.equal(trials.length, 2 * (1 + 2 + 4));
  assert.equal(new Set(trials.map((t) => t.trial)).size, trials.length);
  assert.equal(trials.filter((t) => t.warmup).length, 2);
  for (const t of trials) {
    assert.equal(t.error, null);
    assert.equal(t.chunks.length, 24);
    assert.equal(t.output_tokens.client, 24);
    assert.equal(t.output_tokens.server, 24, "node-llama-cpp's token meter");
    assert.equal(t.finish_reason, "length");
    assert.ok(t.ttft_ms !== null && t.e2e_ms !== null && t.ttft_ms > 0 && t.ttft_ms <= t.e2e_ms);
    assert.equal(t.chunks[0]?.t_ms, t.ttft_ms);
    assert.equal(t.chunks.at(-1)?.t_ms, t.e2e_ms);
    assert.ok(t.chunks.every((c, i) => i === 0 || c.t_ms >= (t.chunks[i - 1]?.t_ms ?? 0)));
    assert.equal(typeof t.output, "string");
    assert.ok(!t.output?.includes("\uFFFD"), "only whole UTF-8 characters");
    if (t.concurrency === 1) {
      const timings = t.server?.["timings"] as { prompt_n: number; predicted_n: number };
      assert.equal(timings.prompt_n, t.prompt_tokens.client, "prompt tokens: ours = engine's prompt eval count");
      assert.equal(timings.predicted_n, 23, "the engine decodes N−1 tokens after the prompt");
    }
  }
  const c2 = trials.filter((t) => t.concurrency === 2);
  assert.ok(c2.some((t) => t.in_flight === 2), "two requests really overlapped");
  const m = readManifest(result.dir);
  assert.equal(m.variants["m"]?.model?.format_reported, "gguf");
  // the GGUF file type as quantizations are named, so a declared F32 is not contradicted by "llama ?B all F32"
  assert.equal(m.variants["m"]?.model?.quantization_reported, "F32");
  assert.equal(m.variants["m"]?.contradictions, undefined);
  assert.deepEqual(m.backends["e"]?.embedded, { threads: m.backends["e"]?.embedded?.threads, gpu: null });
  assert.ok((m.backends["e"]?.embedded?.threads ?? 0) >= 1);
  assert.match(String(m.variants["m"]?.model?.digest), /^sha256:[0-9a-f]{64}$/);
  assert.ok((m.variants["m"]?.model?.load_ms ?? 0) > 0);
  assert.match(String(m.backends["e"]?.version), /node-llama-cpp 3\.21\.1/);
  assert.equal(m.host.cores > 0 && m.host.node, process.version);
  assert.deepEqual(m.egress, [], "the embedded engine makes no network request");
});

test("embedded: the same seed gives the same output; decode rate is bounded by the engine's own rate", async (ctx) => {
  const d = tempDir();
  const file = writeExperiment(d, experiment(testModel("medium"), { max_tokens: 48, prompts: [{ id: "p", text: "the model data" }], prompt_cache: "allow" }));
  const result = await runExperiment({ file, runsDir: d });
  const measured = result.written.filter((t) => !t.warmup);
  assert.equal(new Set(result.written.map((t) => t.output)).size, 1, "temperature 0.8 with a fixed seed is reproducible");
  const client = median(present(measured.map(clientDecodeRate))) ?? 0;
  const engine = median(present(measured.map(serverDecodeRate))) ?? 0;
  // The engine's counter covers llama_decode only; node-llama-cpp's per-token sampling and hand-offs come on top,
  // so trialbook's wall-clock rate is lower, never higher (beyond clock granularity).
  ctx.diagnostic(`decode tok/s trialbook ${client.toFixed(1)} vs llama.cpp perf counter ${engine.toFixed(1)} (ratio ${(client / engine).toFixed(3)})`);
  assert.ok(client <= engine * 1.02, `client ${client} > engine ${engine}`);
  assert.ok(client >= engine * 0.5, `client ${client} far below engine ${engine}`);
});
