/**
 * The consultant run, on FAKES of Ollama and LM Studio that behave like the real servers (Ollama's runner
 * prompt cache and model load, LM Studio's stats, model_info and runtime): with the default prompt_cache (bust) no
 * measured request is served from a cache, TTFT is the servers' true prompt time, the cold loads are reported apart
 * from the warm ones, and GGUF vs MLX rests on the servers' own words.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { runExperiment } from "../../src/run/runner.js";
import { readRun } from "../../src/analyse/load-run.js";
import { metricOf, summarizeRun } from "../../src/analyse/summary.js";
import { ggufAndMlx, tempDir, writeExperiment } from "../helpers/experiments.js";
import { startFakeOllama, type FakeOllama } from "../fakes/fake-ollama-server.js";
import { startFakeLmStudio, type FakeLmStudio } from "../fakes/fake-lmstudio-server.js";

const PROMPT_MS = 300;
/** A document pasted into the prompt, long enough that the chat template's shared head is a small part of it. */
const DOCUMENT = Array.from({ length: 60 }, (_, i) => `record${i}`).join(" ");
const LOAD_MS = 400;
/** A fake that sleeps LOAD_MS and times itself with performance.now() can read up to 1 ms short: Node timers fire on libuv's ms-truncated loop clock. */
const TIMER_SLACK_MS = 1;
let ollama: FakeOllama;
let lms: FakeLmStudio;
before(async () => {
  // Ollama's fake prefills at 5 ms per uncached token: the prompts below (≈70 tokens) take ≈PROMPT_MS uncached
  ollama = await startFakeOllama({ promptCache: true, loadMs: LOAD_MS, ttftMs: 5, prefillMsPerToken: 5, thinking: 0, answer: 4, gapMs: 2 });
  lms = await startFakeLmStudio({ tokens: 4, ttftMs: PROMPT_MS, gapMs: 2, loadMs: LOAD_MS });
});
after(() => Promise.all([ollama.close(), lms.close()]));

test("gpt-oss on Ollama GGUF and LM Studio MLX: no cache hit, true TTFT, cold load apart, formats from the servers", async () => {
  const d = tempDir();
  const file = writeExperiment(d, {
    name: "consultant",
    ...ggufAndMlx({ ollama: ollama.host, lmstudio: lms.host }, { ollama: "gpt-oss-20b-ollama-gguf", lmstudio: "gpt-oss-20b-lmstudio-mlx" }, { ollama: { quantization: "MXFP4" }, lmstudio: { quantization: "4bit" } }),
    workload: { prompts: [{ id: "ja", text: `AI for Scienceについて詳しく解説して。研究の現場で何が変わるのか、具体例を三つ挙げてください。 ${DOCUMENT}` }], max_tokens: 4, warmup: 1, repetitions: 3 },
  });
  const result = await runExperiment({ file, runsDir: d });
  assert.equal(result.status, "complete");
  const run = readRun(result.dir);
  const summary = summarizeRun(run);
  for (const level of summary.levels) assert.equal(level.prompt_cache_hits, 0, `${level.variant}: no measured request served from a cache`);
  for (const variant of ["gpt-oss-20b-ollama-gguf", "gpt-oss-20b-lmstudio-mlx"]) {
    const ttft = metricOf(summary, { variant, prompt: "ja", concurrency: 1 }, "ttft_ms");
    assert.ok((ttft?.min ?? 0) >= PROMPT_MS * 0.6, `${variant} TTFT ${ttft?.min} ms: the prompt was processed, not cached`);
  }
  const loads = Object.fromEntries(summary.loads.map((l) => [l.variant, l]));
  assert.ok((loads["gpt-oss-20b-ollama-gguf"]?.cold_ms ?? 0) >= LOAD_MS - TIMER_SLACK_MS);
  assert.ok((loads["gpt-oss-20b-ollama-gguf"]?.warm_ms ?? Infinity) < 10);
  assert.ok((loads["gpt-oss-20b-lmstudio-mlx"]?.cold_ms ?? 0) >= LOAD_MS - TIMER_SLACK_MS);
  assert.equal(loads["gpt-oss-20b-lmstudio-mlx"]?.cold_source, "engine");
  const m = result.manifest.variants;
  assert.equal(m["gpt-oss-20b-lmstudio-mlx"]?.server_facts?.["format"], "mlx");
  assert.match(String(m["gpt-oss-20b-lmstudio-mlx"]?.server_facts?.["engine"]), /^mlx-llm/);
  assert.equal(m["gpt-oss-20b-ollama-gguf"]?.model?.format_reported, "gguf");
  for (const v of Object.values(m)) assert.equal(v.contradictions, undefined, `${v.id} declared what the server serves`);
});

test("the same run with prompt_cache: allow — both servers answer repeats from their cache, and every such request is flagged", async () => {
  const d = tempDir();
  const file = writeExperiment(d, {
    name: "consultant-allow",
    ...ggufAndMlx({ ollama: ollama.host, lmstudio: lms.host }),
    workload: { prompts: [{ id: "p", text: `A prompt long enough that its repeats are mostly cached: tell me about the tides. ${DOCUMENT}` }], max_tokens: 4, warmup: 1, repetitions: 3, prompt_cache: "allow" },
  });
  const result = await runExperiment({ file, runsDir: d });
  const summary = summarizeRun(readRun(result.dir));
  assert.deepEqual(summary.levels.map((l) => [l.variant, l.prompt_cache_hits]), [["ollama", 3], ["lmstudio", 3]]);
});
