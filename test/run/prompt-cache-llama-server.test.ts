/**
 * workload.prompt_cache against a REAL llama-server (which caches prompts by default): bust sends cache_prompt: false
 * and a nonce, so every request processes its whole prompt; allow lets the repeats hit the cache (cache_n > 0), counted
 * and left out of prefill; measure's warm rows are the cached ones.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { runExperiment } from "../../src/run/runner.js";
import { readRun } from "../../src/analyse/load-run.js";
import { metricOf, summarizeRun } from "../../src/analyse/summary.js";
import { tempDir, writeExperiment } from "../helpers/experiments.js";
import { testModel } from "../helpers/models.js";
import { startLlamaServer, type RunningServer } from "../helpers/llama-server.js";

let server: RunningServer;
before(async () => {
  server = await startLlamaServer(testModel("tiny", 3), { parallel: 1, ctx: 2048 });
});
after(async () => {
  await server?.stop();
});

async function runMode(mode: "bust" | "allow" | "measure") {
  const d = tempDir();
  const file = writeExperiment(d, {
    name: `llama-cache-${mode}`,
    backends: { ls: { type: "openai", base_url: server.baseUrl } },
    variants: [{ id: "ls", backend: "ls", model: "default", format: "gguf" }],
    workload: { prompts: [{ id: "p", synthetic_tokens: 200 }], max_tokens: 4, ignore_eos: true, warmup: 1, repetitions: 3, prompt_cache: mode },
  });
  const result = await runExperiment({ file, runsDir: d });
  assert.equal(result.status, "complete");
  for (const t of result.written) assert.equal(t.error, null, JSON.stringify(t.error));
  return { result, summary: summarizeRun(readRun(result.dir)) };
}

const cacheN = (t: { server: Record<string, unknown> | null }) => (t.server?.["timings"] as { cache_n?: number } | undefined)?.cache_n;

test("bust: nonce and cache_prompt: false — no request reuses the cache, prefill from every request", async () => {
  const { result, summary } = await runMode("bust");
  assert.equal(result.manifest.backends["ls"]?.server, "llama-server");
  const facts = result.manifest.variants["ls"]?.server_facts;
  assert.equal(facts?.["n_ctx"], 2048, "server facts from /props");
  assert.match(String(facts?.["build"]), /^b\d+-[0-9a-f]+$/);
  for (const t of result.written) assert.equal(cacheN(t), 0, `${t.trial} cache_n ${cacheN(t)}`);
  assert.equal(summary.levels[0]?.prompt_cache_hits, 0);
  assert.equal(metricOf(summary, { variant: "ls", prompt: "p", concurrency: 1 }, "prefill_tps_server")?.n, 3);
});

test("allow: the repeated prompt hits llama-server's cache; counted and left out of prefill", async () => {
  const { result, summary } = await runMode("allow");
  const measured = result.written.filter((t) => !t.warmup);
  for (const t of measured) assert.ok((cacheN(t) ?? 0) > 0, `${t.trial} cache_n ${cacheN(t)}`);
  assert.equal(summary.levels[0]?.prompt_cache_hits, 3);
  assert.equal(metricOf(summary, { variant: "ls", prompt: "p", concurrency: 1 }, "prefill_tps_server"), undefined);
});

test("measure: cold rows uncached, warm rows cached", async () => {
  const { summary } = await runMode("measure");
  assert.equal(summary.levels.find((l) => l.prompt === "p")?.prompt_cache_hits, 0);
  assert.equal(summary.levels.find((l) => l.prompt === "p:warm")?.prompt_cache_hits, 3);
});
