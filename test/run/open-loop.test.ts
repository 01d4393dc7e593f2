/**
 * Open-loop levels against fake servers (fast, in-process): requests leave at their scheduled times whatever is in
 * flight; the achieved send rate is within 2% of the asked one; Poisson send gaps pass a Kolmogorov–Smirnov test
 * against the exponential of the asked rate; max_concurrency holds requests back and stores the wait as lateness;
 * a stopped level resumes without losing or repeating a trial.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { runExperiment } from "../../src/run/runner.js";
import { readRun } from "../../src/analyse/load-run.js";
import { summarizeRun } from "../../src/analyse/summary.js";
import { planExperiment } from "../../src/plan/plan.js";
import { validateFile } from "../../src/validate/validate.js";
import type { Trial } from "../../src/store/trial.js";
import type { ExperimentInput } from "../../src/validate/schema.js";
import { startFakeOpenAIServer } from "../fakes/fake-openai-server.js";
import { startSlotsServer } from "../fakes/fake-slots-server.js";
import { startFakeOllama } from "../fakes/fake-ollama-server.js";
import { startFakeLmStudio } from "../fakes/fake-lmstudio-server.js";
import { ggufAndMlx, tempDir, writeExperiment } from "../helpers/experiments.js";
import { gapsOf, ksCritical01, ksExponential } from "../helpers/ks.js";

function experiment(url: string, workload: Partial<ExperimentInput["workload"]>, extra: Partial<ExperimentInput> = {}): ExperimentInput {
  return {
    name: "open",
    backends: { s: { type: "openai", base_url: url } },
    variants: [{ id: "v", backend: "s", model: "ok", format: "gguf" }],
    workload: { prompts: [{ id: "hi", text: "Say hi." }], max_tokens: 4, warmup: 0, repetitions: 1, ...workload },
    ...extra,
  };
}

const measured = (trials: Trial[], rate: number) => trials.filter((t) => t.rate === rate && !t.warmup).sort((a, b) => a.sent_epoch_ms - b.sent_epoch_ms);
const sendRate = (ts: Trial[]) => (ts.length - 1) / (((ts[ts.length - 1]?.sent_epoch_ms ?? 0) - (ts[0]?.sent_epoch_ms ?? 0)) / 1000);

test("constant 20 req/s: every request sent at its time, achieved send rate within 2% of 20", async () => {
  const fake = await startFakeOpenAIServer({ tokens: 3, gapMs: 2 });
  try {
    const d = tempDir();
    const file = writeExperiment(d, experiment(fake.url, { load: [{ rate: 20, arrivals: "constant", requests: 100 }] }));
    const r = await runExperiment({ file, runsDir: join(d, "runs") });
    const ts = measured(r.written, 20);
    assert.equal(ts.length, 100);
    assert.ok(ts.every((t) => t.error === null && typeof t.scheduled_ms === "number" && typeof t.send_lateness_ms === "number"));
    assert.deepEqual(ts.map((t) => t.scheduled_ms), Array.from({ length: 100 }, (_, i) => i * 50));
    const achieved = sendRate(ts);
    assert.ok(Math.abs(achieved / 20 - 1) < 0.02, `achieved ${achieved} req/s`);
    const cap = summarizeRun(readRun(r.dir)).capacity?.[0];
    assert.equal(cap?.levels[0]?.sent, 100);
    assert.ok(Math.abs((cap?.levels[0]?.sent_rps ?? 0) / 20 - 1) < 0.02);
    assert.equal(r.manifest.load?.levels[0]?.id, "constant@20");
  } finally {
    await fake.close();
  }
});

test("Poisson 10 req/s: achieved send gaps pass KS against Exp(10); achieved rate within 2% of the drawn schedule's", async () => {
  const fake = await startFakeOpenAIServer({ tokens: 3, gapMs: 2 });
  try {
    const d = tempDir();
    const file = writeExperiment(d, experiment(fake.url, { load: [{ rate: 10, arrivals: "poisson", requests: 150 }] }));
    const r = await runExperiment({ file, runsDir: join(d, "runs") });
    const ts = measured(r.written, 10);
    assert.equal(ts.length, 150);
    const gaps = gapsOf(ts.map((t) => t.sent_epoch_ms)).map((ms) => ms / 1000);
    const dStat = ksExponential(gaps, 10);
    assert.ok(dStat < ksCritical01(gaps.length), `KS D=${dStat} ≥ ${ksCritical01(gaps.length)}`);
    const sched = ts.map((t) => t.scheduled_ms ?? 0).sort((a, b) => a - b);
    const asked = (sched.length - 1) / (((sched[sched.length - 1] ?? 0) - (sched[0] ?? 0)) / 1000);
    assert.ok(Math.abs(sendRate(ts) / asked - 1) < 0.02, `achieved ${sendRate(ts)} vs schedule ${asked}`);
    // sent_epoch_ms is the real send time: due time + lateness
    const t0 = (ts[0]?.sent_epoch_ms ?? 0) - (ts[0]?.scheduled_ms ?? 0) - (ts[0]?.send_lateness_ms ?? 0);
    for (const t of ts) assert.ok(Math.abs(t.sent_epoch_ms - (t0 + (t.scheduled_ms ?? 0) + (t.send_lateness_ms ?? 0))) < 0.01);
  } finally {
    await fake.close();
  }
});

test("requests are sent whatever is in flight; max_concurrency holds them back and stores the wait as lateness", async () => {
  const slow = await startSlotsServer({ slots: 8, prefillMs: 300, tokenMs: 5, tokens: 2 });
  try {
    const d = tempDir();
    const file = writeExperiment(d, experiment(slow.url, { load: [{ rate: 50, arrivals: "constant", requests: 10 }, { rate: 49, arrivals: "constant", requests: 10, max_concurrency: 2 }] }));
    const r = await runExperiment({ file, runsDir: join(d, "runs") });
    const open = measured(r.written, 50);
    assert.ok(Math.max(...open.map((t) => t.in_flight)) >= 8, "all sent without waiting for answers");
    const capped = measured(r.written, 49);
    assert.ok(capped.every((t) => t.in_flight <= 2));
    assert.ok((capped[9]?.send_lateness_ms ?? 0) > 500, `waited for a slot: ${capped[9]?.send_lateness_ms}`);
    const cap = summarizeRun(readRun(r.dir)).capacity?.[0];
    const level = cap?.levels.find((l) => l.rate === 49);
    assert.ok((level?.lateness_ms.max ?? 0) > 500);
  } finally {
    await slow.close();
  }
});

test("a level stopped midway resumes: every planned trial stored once, at its own scheduled offset", async () => {
  const fake = await startFakeOpenAIServer({ tokens: 2, gapMs: 1 });
  try {
    const d = tempDir();
    const file = writeExperiment(d, experiment(fake.url, { load: [{ rate: 40, arrivals: "poisson", requests: 60 }] }));
    const v = validateFile(file);
    assert.ok(v.ok);
    const keys = planExperiment(v.experiment).flatMap((g) => g.trials.map((t) => t.key));
    const stop = new AbortController();
    let n = 0;
    const first = await runExperiment({ file, runsDir: join(d, "runs"), stop: stop.signal, progress: { start() {}, note() {}, end() {}, trial() { if (++n === 20) stop.abort(); } } });
    assert.equal(first.status, "interrupted");
    assert.ok(first.written.length < keys.length);
    const second = await runExperiment({ file, runsDir: join(d, "runs"), resume: "latest" });
    assert.equal(second.status, "complete");
    const all = readRun(second.dir).trials;
    assert.deepEqual(all.map((t) => t.trial).sort(), [...keys].sort());
    const plan = new Map(planExperiment(v.experiment).flatMap((g) => g.trials.map((t) => [t.key, t.scheduled_ms] as const)));
    for (const t of all) assert.equal(t.scheduled_ms, plan.get(t.trial));
    assert.equal(summarizeRun(readRun(second.dir)).capacity?.[0]?.levels[0]?.spans_sessions, true);
  } finally {
    await fake.close();
  }
});

test("Ollama and LM Studio (FAKES) hold each request to its due time as the OpenAI client does: sent at or after it, never before", async () => {
  const ollama = await startFakeOllama({ ttftMs: 5, thinking: 0, answer: 3, gapMs: 2 });
  const lms = await startFakeLmStudio({ tokens: 3, ttftMs: 5, gapMs: 2 });
  try {
    const d = tempDir();
    const file = writeExperiment(d, {
      name: "held",
      ...ggufAndMlx({ ollama: ollama.host, lmstudio: lms.host }, { ollama: "o", lmstudio: "l" }),
      workload: { prompts: [{ id: "hi", text: "Say hi." }], max_tokens: 3, warmup: 0, repetitions: 1, load: [{ rate: 25, arrivals: "constant", requests: 25 }] },
    });
    const r = await runExperiment({ file, runsDir: join(d, "runs") });
    for (const v of ["o", "l"]) {
      const ts = measured(r.written.filter((t) => t.variant === v), 25);
      assert.equal(ts.length, 25, v);
      assert.ok(ts.every((t) => t.error === null), `${v}: ${ts.find((t) => t.error)?.error?.message}`);
      // a backend that sent on making the request would stamp it ARM_MS early: lateness ≈ −5 ms
      const late = ts.map((t) => t.send_lateness_ms ?? NaN);
      assert.ok(late.every((ms) => ms >= 0), `${v}: lateness ${Math.min(...late)} ms`);
      assert.ok(Math.abs(sendRate(ts) / 25 - 1) < 0.02, `${v}: achieved ${sendRate(ts)} req/s`);
    }
  } finally {
    await Promise.all([ollama.close(), lms.close()]);
  }
});
