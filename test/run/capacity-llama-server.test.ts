/**
 * The SLO search on a real llama-server (`-np 2`, self-made model): the sweep crosses the server's capacity — the
 * lowest rate meets the SLO, the highest cannot — and the reported knee lies between the last level that met the SLO
 * and the first that did not; the rates above the first miss are not run, and every request of a run level was really
 * sent at a rate (the server counted them).
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { runExperiment } from "../../src/run/runner.js";
import { readRun } from "../../src/analyse/load-run.js";
import { summarizeRun } from "../../src/analyse/summary.js";
import { capacitySentence } from "../../src/render/capacity-text.js";
import { startLlamaServer, type RunningServer } from "../helpers/llama-server.js";
import { testModel } from "../helpers/models.js";
import { tempDir, writeExperiment } from "../helpers/experiments.js";

let server: RunningServer;
before(async () => {
  server = await startLlamaServer(testModel("small", 3), { parallel: 2, ctx: 2048 });
});
after(async () => {
  await server?.stop();
});

test("llama-server -np 2: the search crosses its capacity; the knee lies between the last met and the first missed level", async () => {
  const d = tempDir();
  const file = writeExperiment(d, {
    name: "capacity-llama-server",
    backends: { ls: { type: "openai", base_url: server.baseUrl } },
    variants: [{ id: "small-np2", backend: "ls", model: "default", format: "gguf", options: { cache_prompt: false } }],
    workload: {
      prompts: [{ id: "chat", text: "Summarise the meeting notes in three sentences." }],
      max_tokens: 32,
      ignore_eos: true,
      temperature: 0.8,
      warmup: 1,
      repetitions: 3,
      // levels of 4 s: long enough for a queue to build above capacity (a short burst of requests fits through)
      sweep: { rates: [4, 16, 64, 256], arrivals: "poisson", duration_s: 4, search: true, refine: 2 },
    },
    slo: { ttft_ms: 1000, goodput: 0.9 },
    settings: { request_timeout_s: 60 },
  });
  const r = await runExperiment({ file, runsDir: join(d, "runs") });
  assert.equal(r.status, "complete");
  const cap = summarizeRun(readRun(r.dir)).capacity?.[0];
  assert.ok(cap);
  const evidence = JSON.stringify(cap.levels.map((l) => [l.rate, l.goodput, l.ttft_ms.p90, l.stopped_early]));
  assert.ok(cap.levels.some((l) => l.meets_slo === true), `a level met the SLO: ${evidence}`);
  assert.ok(cap.levels.some((l) => l.meets_slo === false), `a level missed it: ${evidence}`);
  const { last_met_rps: met, first_missed_rps: missed } = cap.knee;
  assert.ok(met !== null && missed !== null && met < missed, evidence);
  assert.equal(cap.max_rate_rps, met);
  for (const l of cap.levels) assert.equal(l.meets_slo, l.rate <= met, `level ${l.rate} is on the wrong side of the knee: ${evidence}`);
  // the climb: sweep rates from the lowest up to the first that missed the SLO, none above it
  const sweep = [4, 16, 64, 256];
  const climbed = sweep.filter((r) => cap.levels.some((l) => l.rate === r));
  const firstSweepMiss = climbed.find((r) => cap.levels.find((l) => l.rate === r)?.meets_slo === false);
  assert.ok(firstSweepMiss !== undefined, evidence);
  assert.deepEqual(climbed, sweep.slice(0, sweep.indexOf(firstSweepMiss) + 1), `the climb stops at the first miss: ${evidence}`);
  assert.ok(cap.levels.length <= climbed.length + 2, `at most 2 refining rates: ${evidence}`);
  assert.match(capacitySentence(cap), new RegExp(`serves up to ${met} requests/s`));
  const sent = cap.levels.reduce((n, l) => n + l.sent, 0);
  const measured = readRun(r.dir).trials.filter((t) => !t.warmup && !t.not_sent && !t.error);
  assert.ok(measured.every((t) => t.rate === undefined || (t.output_tokens.server === 32 && typeof t.scheduled_ms === "number")), "the server generated every requested token");
  assert.ok(sent >= 16 + 32, `${sent} requests sent in the open-loop levels`);
});
