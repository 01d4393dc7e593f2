/**
 * workload.prompt_cache against the FAKE Ollama server with a prompt cache that behaves like Ollama's runner (whole
 * prompt in prompt_eval_count, only the uncached part in prompt_eval_duration): bust sends every prompt with its own
 * nonce, so nothing is cached; allow flags the repeats and leaves them out of prefill; measure runs cold then warm.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { runExperiment } from "../../src/run/runner.js";
import { readRun } from "../../src/analyse/load-run.js";
import { summarizeRun, metricOf } from "../../src/analyse/summary.js";
import { planExperiment } from "../../src/plan/plan.js";
import { withNonce, nonceFor } from "../../src/plan/nonce.js";
import { cacheSwitches } from "../../src/run/runner.js";
import { tempDir, writeExperiment } from "../helpers/experiments.js";
import { startFakeOllama, type FakeOllama } from "../fakes/fake-ollama-server.js";
import type { ExperimentInput } from "../../src/validate/schema.js";
import { Experiment } from "../../src/validate/schema.js";

let ollama: FakeOllama;
before(async () => {
  ollama = await startFakeOllama({ promptCache: true, ttftMs: 5, prefillMsPerToken: 10, thinking: 0, answer: 3, gapMs: 1 }); // ≈10 ms per uncached prompt token: a cached repeat takes a few ms, far below a quarter even on a busy machine
});
after(() => ollama.close());

const TEXT = "Summarise the following quarterly figures for the board in three sentences: revenue rose by eleven percent, costs fell, and the new plant opened on time.";

const experiment = (mode: "bust" | "allow" | "measure"): ExperimentInput => ({
  name: `cache-${mode}`,
  backends: { o: { type: "ollama", host: ollama.host } },
  variants: [{ id: "gpt", backend: "o", model: "gpt-oss:20b", format: "gguf" }],
  workload: { prompts: [{ id: "p", text: TEXT }], max_tokens: 3, warmup: 1, repetitions: 3, prompt_cache: mode },
});

async function runMode(mode: "bust" | "allow" | "measure") {
  const d = tempDir();
  const result = await runExperiment({ file: writeExperiment(d, experiment(mode)), runsDir: d });
  const run = readRun(result.dir);
  return { result, run, summary: summarizeRun(run) };
}

test("the nonce starts the first message, differs per trial and is kept in the plan", () => {
  assert.equal(withNonce({ id: "p", text: "hi" }, "0123abcd").text, "[0123abcd] hi");
  assert.deepEqual(withNonce({ id: "p", text: "hi", system: "sys" }, "0123abcd"), { id: "p", text: "hi", system: "[0123abcd] sys" });
  const e = Experiment.parse(experiment("bust"));
  const trials = planExperiment(e, { salt: "s" }).flatMap((g) => g.trials);
  assert.equal(new Set(trials.map((t) => t.nonce)).size, trials.length);
  assert.equal(trials[0]?.nonce, nonceFor("s", trials[0]?.key ?? ""));
  assert.ok(planExperiment(Experiment.parse(experiment("allow"))).flatMap((g) => g.trials).every((t) => t.nonce === undefined));
  const measured = planExperiment(Experiment.parse(experiment("measure")), { salt: "s" }).filter((g) => !g.warmup);
  assert.deepEqual(measured.map((g) => g.prompt.id), ["p", "p:warm", "p", "p:warm", "p", "p:warm"]);
  assert.deepEqual(measured[1]?.trials.map((t) => t.nonce), measured[0]?.trials.map((t) => t.nonce), "warm reuses the cold nonces");
});

test("cached: at least a fifth of the prompt from the cache (a template head shared before the nonce is not)", async () => {
  const { promptCacheHit } = await import("../../src/analyse/metrics/prefill.js");
  const base = { error: null, server: null, prompt_tokens: { client: null, server: 100 } } as unknown as Parameters<typeof promptCacheHit>[0];
  assert.equal(promptCacheHit({ ...base, prompt_cached_tokens: 5 }, null), false);
  assert.equal(promptCacheHit({ ...base, prompt_cached_tokens: 60 }, null), true);
  assert.equal(promptCacheHit({ ...base, server: { timings: { cache_n: 4, prompt_n: 96 } } }, null), false);
  assert.equal(promptCacheHit({ ...base, server: { timings: { cache_n: 95, prompt_n: 5 } } }, null), true);
});

test("server switches go only to servers known to take them", () => {
  assert.deepEqual(cacheSwitches("bust", "llama-server", "x"), { cache_prompt: false });
  assert.deepEqual(cacheSwitches("bust", "vllm", "x"), { cache_salt: "x" });
  assert.deepEqual(cacheSwitches("bust", "openai-compatible", "x"), {});
  assert.deepEqual(cacheSwitches("allow", "llama-server", "x"), {});
});

test("bust (default): every prompt starts with its own nonce, no request is cached, prefill from all", async () => {
  const { result, summary } = await runMode("bust");
  assert.equal(result.manifest.prompt_cache, "bust");
  const nonces = result.written.map((t) => t.prompt_nonce);
  assert.equal(new Set(nonces).size, result.written.length);
  assert.ok(nonces.every((n) => typeof n === "string" && /^[0-9a-f]{8}$/.test(n)));
  const level = summary.levels[0];
  assert.equal(level?.prompt_cache_hits, 0);
  assert.equal(metricOf(summary, { variant: "gpt", prompt: "p", concurrency: 1 }, "prefill_tps_server")?.n, 3);
});

test("allow: repeats of the same prompt are served from the cache, flagged, and left out of prefill", async () => {
  const { result, summary } = await runMode("allow");
  assert.ok(result.written.every((t) => t.prompt_nonce === undefined));
  // Ollama's counters: whole prompt counted, a fraction of the time
  const measured = result.written.filter((t) => !t.warmup);
  const whole = ollama.log.at(-1)!.plan.promptTokens;
  for (const t of measured) assert.equal(t.prompt_tokens.server, whole, "prompt_eval_count: the whole prompt, cached part included");
  assert.equal(summary.levels[0]?.prompt_cache_hits, 3);
  assert.equal(metricOf(summary, { variant: "gpt", prompt: "p", concurrency: 1 }, "prefill_tps_server"), undefined, "no uncached request: no prefill figure");
  const { verboseFigures } = await import("../../src/analyse/verbose.js");
  const run = readRun(result.dir);
  assert.equal(verboseFigures(run.manifest, run.trials)[0]?.prefill_tps_server, null, "the end-of-run table too");
});

test("measure: each wave cold then warm; the warm rows are the cached ones", async () => {
  const { result, summary } = await runMode("measure");
  const cold = summary.levels.find((l) => l.prompt === "p");
  const warm = summary.levels.find((l) => l.prompt === "p:warm");
  assert.equal(cold?.prompt_cache_hits, 0);
  assert.equal(warm?.prompt_cache_hits, 3);
  const byKey = new Map(result.written.map((t) => [t.trial, t]));
  assert.equal(byKey.get("gpt/p:warm/c1/r0")?.prompt_nonce, byKey.get("gpt/p/c1/r0")?.prompt_nonce);
  const ttft = (p: string) => metricOf(summary, { variant: "gpt", prompt: p, concurrency: 1 }, "ttft_ms")?.median ?? 0;
  assert.ok(ttft("p") > 2 * ttft("p:warm"), `cold TTFT ${ttft("p")} ms vs warm ${ttft("p:warm")} ms`);
});

test("a deeper context or a longer synthetic prompt is another prompt: a plain request is not judged cached against it", async () => {
  const { promptCacheHit, promptRefKey, uncachedReferences } = await import("../../src/analyse/metrics/prefill.js");
  type T = Parameters<typeof promptCacheHit>[0];
  const trial = (tokens: number, extra: Partial<T>): T =>
    ({ variant: "v", prompt: "p", concurrency: 1, error: null, server: null, prompt_tokens: { client: null, server: tokens }, ...extra }) as unknown as T;
  const trials = [trial(84, {}), trial(602, { depth: 512 }), trial(1114, { depth: 1024 }), trial(40, { input_tokens_target: 32 }), trial(300, { input_tokens_target: 256 })];
  const refs = uncachedReferences(trials);
  for (const t of trials) assert.equal(promptCacheHit(t, refs.get(promptRefKey(t)) ?? null), false, `${t.depth ?? 0}/${t.input_tokens_target ?? "-"}`);
  // the same prompt at the same depth with fewer tokens than before still reads as served from the cache (older Ollama)
  const fewer = trial(500, { depth: 512 });
  assert.equal(promptCacheHit(fewer, uncachedReferences([...trials, fewer]).get(promptRefKey(fewer)) ?? null), true);
});

test("the embedded engine: its counter is judged against its own exact count, and only where the request ran alone", async () => {
  const { promptCacheHit, promptRefKey, uncachedReferences } = await import("../../src/analyse/metrics/prefill.js");
  type T = Parameters<typeof promptCacheHit>[0];
  const trial = (server: number, extra: Partial<T>): T =>
    ({ variant: "v", prompt: "p", concurrency: 1, in_flight: 1, error: null, server: null, prompt_tokens: { client: 84, server }, ...extra }) as unknown as T;
  // two sequences at once: the context-wide counter said 168 for one request (both prompts)
  const trials = [trial(84, {}), trial(84, {}), trial(168, { concurrency: 2, rate: 19 }), ...Array.from({ length: 5 }, () => trial(84, { concurrency: 2, rate: 19 }))];
  const refs = uncachedReferences(trials);
  assert.equal(refs.get(promptRefKey(trials[0]!))?.tokens, 84, "a mixed counter is no reference");
  assert.deepEqual(trials.map((t) => promptCacheHit(t, refs.get(promptRefKey(t)) ?? null)), trials.map(() => false));
  // a request that ran alone and evaluated only 20 of its 84 tokens reused a cached prefix
  assert.equal(promptCacheHit(trial(20, {}), refs.get(promptRefKey(trials[0]!)) ?? null), true);
  assert.equal(promptCacheHit(trial(20, { concurrency: 2 }), null), false, "not judged beside other sequences");
});
