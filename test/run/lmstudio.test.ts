/**
 * The `lmstudio` backend against the FAKE LM Studio server (LM Studio's REST docs): streamed /api/v0 chat, stats in
 * seconds become ms counters, model_info and runtime per variant in the manifest, a declared format the server
 * contradicts is reported, the cold load measured apart, unload_before through /api/v1/models/unload, discovery.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { runExperiment } from "../../src/run/runner.js";
import { readRun } from "../../src/analyse/load-run.js";
import { summarizeRun } from "../../src/analyse/summary.js";
import { serverDecodeRate } from "../../src/analyse/metrics/all.js";
import { discoverModels } from "../../src/discover/models.js";
import { tempDir, writeExperiment } from "../helpers/experiments.js";
import { startFakeLmStudio, type FakeLmStudio } from "../fakes/fake-lmstudio-server.js";

const LOAD_MS = 250;
/** A fake that sleeps LOAD_MS and times itself with performance.now() can read up to 1 ms short: Node timers fire on libuv's ms-truncated loop clock. */
const TIMER_SLACK_MS = 1;
let lms: FakeLmStudio;
before(async () => {
  lms = await startFakeLmStudio({ tokens: 6, ttftMs: 40, gapMs: 8, loadMs: LOAD_MS, contextLength: 8192 });
});
after(() => lms.close());

test("lmstudio: stats → ms counters, model_info/runtime in the manifest, cold load apart, contradictions reported", async () => {
  const d = tempDir();
  const warnings: string[] = [];
  const file = writeExperiment(d, {
    name: "lmstudio",
    backends: { lms: { type: "lmstudio", host: lms.host } },
    variants: [
      { id: "oss-mlx", backend: "lms", model: "openai/gpt-oss-20b", format: "mlx", quantization: "4bit" },
      { id: "qwen-said-mlx", backend: "lms", model: "qwen3-8b", format: "mlx", quantization: "Q4_K_M" },
    ],
    workload: { prompts: [{ id: "p", text: "Explain in a few sentences why the sky is blue, for a reader who knows no physics at all." }], max_tokens: 6, warmup: 1, repetitions: 2 },
  });
  const result = await runExperiment({ file, runsDir: d, logger: { info() {}, warn: (m) => warnings.push(m) } });
  assert.equal(result.status, "complete");
  for (const t of result.written) {
    assert.equal(t.error, null, JSON.stringify(t.error));
    const stats = t.server?.["stats"] as { time_to_first_token: number; generation_time: number; tokens_per_second: number };
    const timings = t.server?.["timings"] as { time_to_first_token_ms: number; predicted_ms: number; predicted_per_second: number };
    assert.equal(timings.time_to_first_token_ms, stats.time_to_first_token * 1000, "seconds → ms");
    assert.equal(timings.predicted_ms, stats.generation_time * 1000);
    assert.equal(serverDecodeRate(t), stats.tokens_per_second, "the server's decode rate is LM Studio's own");
    assert.ok(timings.time_to_first_token_ms >= 20 && timings.time_to_first_token_ms < (t.ttft_ms ?? 0) + 1, `server TTFT ${timings.time_to_first_token_ms} ms within trialbook's ${t.ttft_ms} ms`);
    assert.equal(t.output_tokens.server, 6);
  }
  const oss = result.manifest.variants["oss-mlx"];
  assert.ok((oss?.model?.load_ms ?? 0) >= LOAD_MS - TIMER_SLACK_MS, `cold load ${oss?.model?.load_ms}`);
  assert.equal(oss?.model?.format_reported, "mlx");
  assert.deepEqual([oss?.server_facts?.["engine"], oss?.server_facts?.["context_length"], oss?.server_facts?.["max_context_length"], oss?.server_facts?.["state"]], ["mlx-llm-mac-arm64-apple-metal-advsimd 0.26.1", 8192, 131072, "loaded"]);
  assert.deepEqual((oss?.server_facts?.["runtime"] as { supported_formats: string[] }).supported_formats, ["safetensors"]);
  assert.equal(oss?.contradictions, undefined);
  const qwen = result.manifest.variants["qwen-said-mlx"];
  assert.deepEqual(qwen?.contradictions, ["declared format mlx, but the server reports gguf"]);
  assert.equal(qwen?.model?.load_ms, undefined, "already loaded: no cold load by trialbook");
  assert.ok(warnings.some((w) => w === "variant qwen-said-mlx: declared format mlx, but the server reports gguf"), warnings.join("\n"));
  const run = readRun(result.dir);
  const loads = summarizeRun(run).loads;
  assert.deepEqual(loads.map((l) => [l.variant, l.cold_source]), [["oss-mlx", "engine"], ["qwen-said-mlx", null]]);
  const { SECTIONS } = await import("../../src/render/report/sections/index.js");
  const text = JSON.stringify(SECTIONS.methodology.build({ runs: [run], summaries: [summarizeRun(run)], charts: [], generated_at: "" }));
  assert.match(text, /qwen-said-mlx \(\/api\/v0 \(model_info, runtime, models\)\): engine llama\.cpp-mac-arm64-apple-metal-advsimd 1\.50\.2, format gguf.*declared format mlx, but the server reports gguf/);
});

test("lmstudio unload_before: /api/v1/models/unload before each measured request, which then pays the JIT load", async () => {
  const d = tempDir();
  const file = writeExperiment(d, {
    name: "lmstudio-cold",
    backends: { lms: { type: "lmstudio", host: lms.host } },
    variants: [{ id: "q", backend: "lms", model: "qwen3-8b", format: "gguf", unload_before: true }],
    workload: { prompts: [{ id: "p", text: "hi" }], max_tokens: 3, warmup: 1, repetitions: 2 },
  });
  const before = lms.seen.filter((r) => r.url === "/api/v1/models/unload").length;
  const result = await runExperiment({ file, runsDir: d });
  assert.equal(lms.seen.filter((r) => r.url === "/api/v1/models/unload").length - before, 2);
  const measured = result.written.filter((t) => !t.warmup);
  for (const t of measured) {
    assert.equal(t.unloaded_before, true);
    assert.ok((t.ttft_ms ?? 0) >= LOAD_MS - TIMER_SLACK_MS, `cold TTFT ${t.ttft_ms}`);
  }
  assert.ok((result.written.find((t) => t.warmup)?.ttft_ms ?? Infinity) < LOAD_MS);
});

test("lmstudio discovery: format, quantization, engine, loaded state and max context from /api/v0/models", async () => {
  const found = await discoverModels(lms.host);
  assert.equal(found.type, "lmstudio");
  assert.deepEqual(found.models.find((m) => m.name === "openai/gpt-oss-20b"), { name: "openai/gpt-oss-20b", format: "mlx", quantization: "4bit", state: found.models[0]?.state, max_context_length: 131072, engine: "MLX" });
  assert.equal(found.models.find((m) => m.name === "qwen3-8b")?.engine, "llama.cpp");
});

test("lmstudio with separate reasoning_content off (its default): <think> inside content is reasoning, cut tags and all", async () => {
  const own = await startFakeLmStudio({ tokens: 6, ttftMs: 20, gapMs: 20, loadMs: 10, inlineThinking: 3 });
  try {
    const d = tempDir();
    const file = writeExperiment(d, {
      name: "lms-think",
      backends: { l: { type: "lmstudio", host: own.host } },
      variants: [{ id: "q", backend: "l", model: "qwen3-8b", format: "gguf" }],
      workload: { prompts: [{ id: "p", text: "why is the sky blue" }], max_tokens: 6, warmup: 0, repetitions: 2 },
    });
    const result = await runExperiment({ file, runsDir: d });
    assert.equal(result.written.length, 2);
    for (const t of result.written) {
      assert.equal(t.error, null);
      assert.equal(t.reasoning?.trim(), "r0 r1 r2");
      assert.equal(t.output?.trim(), "w3 w4 w5", "the answer holds no reasoning and no tag");
      assert.ok(t.reasoning_tokens > 0);
      // the answer starts four events (≈80 ms) after the first reasoning text, not with it
      assert.ok(t.ttft_ms !== null && t.ttft_answer_ms !== null && t.ttft_answer_ms - t.ttft_ms >= 50, `first token ${t.ttft_ms} ms, answer ${t.ttft_answer_ms} ms`);
    }
  } finally {
    await own.close();
  }
});
