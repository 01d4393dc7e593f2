/**
 * The SLO search against a fake server of known capacity (2 slots × 300 ms per request = 6.67 req/s; constant
 * arrivals queue only above it): the sweep climbs until a rate misses the SLO, skips the higher rates, stops a
 * saturated level early, halves the gap, and reports a highest rate within 10% of the true capacity, between the last
 * level that met the SLO and the first that did not. Resuming the finished run sends nothing more.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { runExperiment } from "../../src/run/runner.js";
import { readRun } from "../../src/analyse/load-run.js";
import { readTrialsFile } from "../../src/store/trials.js";
import { summarizeRun } from "../../src/analyse/summary.js";
import { startSlotsServer } from "../fakes/fake-slots-server.js";
import { tempDir, writeExperiment } from "../helpers/experiments.js";

test("search finds the capacity of a 2-slot server within 10%, knee between the last met and first missed level", async () => {
  const server = await startSlotsServer({ slots: 2, prefillMs: 100, tokenMs: 100, tokens: 3 });
  try {
    const d = tempDir();
    const file = writeExperiment(d, {
      name: "search",
      backends: { s: { type: "openai", base_url: server.url } },
      variants: [{ id: "v", backend: "s", model: "slots", format: "gguf" }],
      workload: {
        prompts: [{ id: "hi", text: "Say hi." }],
        max_tokens: 3,
        warmup: 0,
        repetitions: 2,
        sweep: { rates: [4, 6, 8, 10], arrivals: "constant", requests: 30, search: true, refine: 3 },
        user_interval_s: 60,
      },
      slo: { ttft_ms: 250, goodput: 0.9 },
    });
    const r = await runExperiment({ file, runsDir: join(d, "runs") });
    assert.equal(r.status, "complete");
    const cap = summarizeRun(readRun(r.dir)).capacity?.[0];
    assert.ok(cap);
    const rates = cap.levels.map((l) => l.rate);
    assert.ok(!rates.includes(10), `10 req/s is above the first failing rate and must not run: ${rates.join(", ")}`);
    assert.ok(rates.length <= 4 + 3, "bounded: steps + refine levels at most");
    const evidence = JSON.stringify(cap.levels.map((l) => [l.rate, l.goodput, l.ttft_ms.p50, l.e2e_ms.p50, l.lateness_ms.p99, l.stopped_early]));
    const max = cap.max_rate_rps;
    assert.ok(max !== null, JSON.stringify(cap.levels.map((l) => [l.rate, l.goodput, l.stopped_early])));
    // The capacity as served on this (busy) machine: 2 slots / the service time measured at the lowest rate, where
    // nothing queues (timers stretch under CPU contention, so the nominal 6.67 req/s is an upper bound).
    const served = (2 * 1000) / (cap.levels[0]?.e2e_ms.p50 ?? 300);
    assert.ok(Math.abs(max / served - 1) <= 0.1 + 1e-9, `found ${max} req/s, capacity as served ${served.toFixed(2)} (nominal ${server.capacity.toFixed(2)}); levels ${evidence}`);
    assert.equal(cap.knee.last_met_rps, max);
    assert.ok(cap.knee.first_missed_rps !== null && cap.knee.first_missed_rps > max);
    for (const l of cap.levels) assert.equal(l.meets_slo, l.rate <= max, `level ${l.rate}: ${l.goodput}`);
    assert.ok(cap.levels.some((l) => l.stopped_early !== null && l.not_sent > 0), "a saturated level stopped early");
    const unsent = readTrialsFile(join(r.dir, "trials.jsonl")).trials.filter((t) => t.not_sent);
    assert.ok(unsent.length > 0 && unsent.every((t) => t.not_sent_cause?.cause.startsWith("saturated-")), "the reason stored in figures, beside the English message");
    assert.equal(cap.max_sessions, Math.floor(max * 60));
    assert.ok(cap.unloaded_ttft_ms !== null && cap.unloaded_source === "concurrency 1");
    const again = await runExperiment({ file, runsDir: join(d, "runs"), resume: "latest" });
    assert.equal(again.written.length, 0, "a finished search sends nothing on resume");
  } finally {
    await server.close();
  }
});

test("a search stopped midway resumes with the same decisions: no trial lost or stored twice", async () => {
  const server = await startSlotsServer({ slots: 2, prefillMs: 40, tokenMs: 40, tokens: 3 });
  try {
    const d = tempDir();
    const file = writeExperiment(d, {
      name: "search-resume",
      backends: { s: { type: "openai", base_url: server.url } },
      variants: [{ id: "v", backend: "s", model: "slots", format: "gguf" }],
      workload: { prompts: [{ id: "hi", text: "Say hi." }], max_tokens: 3, warmup: 0, repetitions: 1, sweep: { rates: [5, 60], arrivals: "constant", requests: 16, search: true, refine: 1 } },
      slo: { ttft_ms: 300 },
    });
    const stop = new AbortController();
    let n = 0;
    const progress = { start() {}, note() {}, end() {}, trial() { if (++n === 8) stop.abort(); } };
    const first = await runExperiment({ file, runsDir: join(d, "runs"), stop: stop.signal, progress });
    assert.equal(first.status, "interrupted");
    const second = await runExperiment({ file, runsDir: join(d, "runs"), resume: "latest" });
    assert.equal(second.status, "complete");
    const trials = readRun(second.dir).trials;
    const keys = trials.map((t) => t.trial);
    assert.equal(new Set(keys).size, keys.length, "no trial stored twice");
    const cap = summarizeRun(readRun(second.dir)).capacity?.[0];
    assert.ok(cap);
    for (const l of cap.levels) assert.equal(l.requests, 16, `level ${l.level} complete: ${l.requests}`);
    assert.ok(cap.levels.some((l) => l.rate === 5) && cap.levels.some((l) => l.rate === 60), "both sweep rates ran");
    assert.deepEqual(cap.levels.map((l) => l.rate).sort((a, b) => a - b), [5, 32.5, 60], "one refining rate between them");
  } finally {
    await server.close();
  }
});
