/**
 * Arrival schedules: Poisson gaps pass a Kolmogorov–Smirnov test against the exponential of the asked rate (and a
 * deliberately wrong rate fails it, so the test can fail); gamma gaps have the asked mean and the coefficient of
 * variation 1/√burstiness; constant gaps are exact; a schedule is the same for the same seed; duration levels end in
 * time; sweep rates and trial keys are stable.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { drawSchedule, levelSeed } from "../../src/plan/arrivals.js";
import { openLoopLevels, sweepRates } from "../../src/plan/load.js";
import { planExperiment } from "../../src/plan/plan.js";
import { validateText } from "../../src/validate/validate.js";
import { ksCritical01, ksExponential, gapsOf } from "../helpers/ks.js";

const gapsS = (schedule: number[]) => gapsOf([0, ...schedule]).map((ms) => ms / 1000);

test("Poisson gaps pass KS against Exp(rate) at several rates and seeds; the wrong rate is rejected", () => {
  for (const [rate, seed] of [[2, 1], [10, 42], [100, 7], [0.5, 99]] as const) {
    const s = drawSchedule({ rate, arrivals: "poisson", requests: 2000 }, seed);
    assert.equal(s.length, 2000);
    const gaps = gapsS(s);
    const d = ksExponential(gaps, rate);
    assert.ok(d < ksCritical01(gaps.length), `rate ${rate} seed ${seed}: D=${d}`);
    assert.ok(ksExponential(gaps, rate * 1.25) > ksCritical01(gaps.length), "a 25% wrong rate must fail");
  }
});

test("gamma gaps: mean 1/rate, coefficient of variation 1/sqrt(burstiness); burstiness 1 is Poisson", () => {
  for (const k of [0.25, 1, 4]) {
    const gaps = gapsS(drawSchedule({ rate: 5, arrivals: "gamma", burstiness: k, requests: 20_000 }, 3));
    const mean = gaps.reduce((a, b) => a + b, 0) / gaps.length;
    const sd = Math.sqrt(gaps.reduce((a, g) => a + (g - mean) ** 2, 0) / (gaps.length - 1));
    assert.ok(Math.abs(mean - 0.2) < 0.2 * 0.05, `k ${k}: mean ${mean}`);
    assert.ok(Math.abs(sd / mean - 1 / Math.sqrt(k)) < 0.06 / Math.sqrt(Math.min(k, 1)), `k ${k}: cv ${sd / mean}`);
  }
  const g1 = gapsS(drawSchedule({ rate: 5, arrivals: "gamma", burstiness: 1, requests: 2000 }, 11));
  assert.ok(ksExponential(g1, 5) < ksCritical01(g1.length));
});

test("constant arrivals are evenly spaced from 0; duration levels stop before the duration; seeds reproduce", () => {
  assert.deepEqual(drawSchedule({ rate: 4, arrivals: "constant", requests: 5 }, 1), [0, 250, 500, 750, 1000]);
  const d = drawSchedule({ rate: 10, arrivals: "poisson", duration_s: 30 }, 5);
  assert.ok(d.every((t) => t < 30_000) && d.length > 240 && d.length < 360, `${d.length}`);
  assert.deepEqual(drawSchedule({ rate: 3, arrivals: "poisson", requests: 50 }, 8), drawSchedule({ rate: 3, arrivals: "poisson", requests: 50 }, 8));
  assert.notDeepEqual(drawSchedule({ rate: 3, arrivals: "poisson", requests: 50 }, 8), drawSchedule({ rate: 3, arrivals: "poisson", requests: 50 }, 9));
  assert.notEqual(levelSeed(42, "poisson@2"), levelSeed(42, "poisson@4"));
});

const YAML = (workload: string, slo = "") => `name: cap
backends: { s: { type: openai, base_url: "http://127.0.0.1:9/v1" } }
variants:
  - { id: a, backend: s, model: m, format: gguf }
  - { id: b, backend: s, model: m, format: gguf }
workload:
  prompts: [{ id: hi, text: "Say hi." }]
  max_tokens: 8
${workload}
${slo}`;

test("plan: load levels then the sweep, same schedule for every variant, stable keys carrying rate and scheduled_ms", () => {
  const v = validateText(YAML(`  load: [{ rate: 2, arrivals: poisson, requests: 6 }]\n  sweep: { from: 1, to: 3, steps: 3, arrivals: constant, requests: 4, search: true }`, "slo: { ttft_ms: 500 }"));
  assert.ok(v.ok, v.ok ? "" : v.problems.map((p) => p.message).join("\n"));
  if (!v.ok) return;
  assert.deepEqual(sweepRates(v.experiment.workload.sweep!), [1, 2, 3]);
  assert.deepEqual(openLoopLevels(v.experiment).map((l) => l.id), ["poisson@2", "constant@1", "constant@2", "constant@3"]);
  const groups = planExperiment(v.experiment);
  const open = groups.filter((g) => g.load);
  assert.equal(open.length, 8);
  const a = open.find((g) => g.variant.id === "a" && g.load?.id === "poisson@2");
  const b = open.find((g) => g.variant.id === "b" && g.load?.id === "poisson@2");
  assert.deepEqual(a?.trials.map((t) => t.scheduled_ms), b?.trials.map((t) => t.scheduled_ms));
  assert.equal(a?.trials[3]?.key, "a/hi/poisson@2/r3");
  assert.equal(a?.trials[3]?.rate, 2);
  assert.equal(a?.trials[0]?.concurrency, 0);
  assert.ok(open.filter((g) => g.load?.sweep).every((g) => g.load?.search));
  assert.deepEqual(planExperiment(v.experiment).flatMap((g) => g.trials.map((t) => t.key)), groups.flatMap((g) => g.trials.map((t) => t.key)));
  assert.equal(v.experiment.slo?.goodput, 0.9);
  assert.equal(v.experiment.workload.user_interval_s, 30);
});
