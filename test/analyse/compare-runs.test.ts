/**
 * `trialbook compare` and `summary` on real runs of the embedded engine, and reruns with `--since`.
 *
 * This 2-core VM drifts by up to ~40% between back-to-back runs of the same model (measured while writing this
 * test: five back-to-back runs gave 648–862 decode tok/s), more than any within-run interval shows. The two runs of
 * the same experiment therefore run at the same time, one per core (threads: 1 each), so that they share the
 * machine's drift; "no change" is judged with --min-change 1, a change of 100% (one run saw a TPOT ratio of 1.7 between
 * the two simultaneous runs while the machine had other load, a CI run 1.94 on its own — a 24-token answer of this
 * small model decoded in ≈40 ms, so one scheduling hiccup moved TPOT a lot — answers are 64 tokens now; a Mac Studio or a
 * dedicated box needs far less). The bigger model is ≈5–7× slower (rates ×0.15–0.2, a change of 0.8), flagged with
 * --min-change 0.5.
 */
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { cli, cliAsync } from "../helpers/cli.js";
import { tempDir, writeExperiment } from "../helpers/experiments.js";
import { testModel } from "../helpers/models.js";
import { readTrialsFile } from "../../src/store/trials.js";
import type { ComparisonRow } from "../../src/analyse/compare.js";
import type { RunSummary } from "../../src/analyse/summary.js";
import { describe, present } from "../../src/analyse/stats.js";
import type { ExperimentInput } from "../../src/validate/schema.js";

const d = tempDir();
const runs = join(d, "runs");
const model = join(d, "model.gguf");
const experiment = (): ExperimentInput => ({
  name: "speed",
  backends: { e: { type: "llama-cpp", threads: 1 } },
  variants: [{ id: "m", backend: "e", model: "model.gguf", format: "gguf" }],
  // A 256-token prompt keeps TTFT well above timer and scheduling noise.
  workload: { prompts: [{ id: "p", synthetic_tokens: 256 }], max_tokens: 64, ignore_eos: true, temperature: 0.8, warmup: 1, repetitions: 6 },
});
const run = (args: string[] = []): string => {
  const r = cli(["run", join(d, "speed.yaml"), "--runs-dir", runs, "--json", ...args]);
  assert.equal(r.status, 0, r.stderr);
  return (JSON.parse(r.stdout) as { dir: string }).dir;
};
/** Two runs of the same experiment at once, each on its own core. */
async function twoAtOnce(): Promise<string[]> {
  const start = () =>
    new Promise<string>((resolve, reject) => {
      const child = cliAsync(["run", join(d, "speed.yaml"), "--runs-dir", runs, "--json"]);
      let out = "";
      child.stdout?.on("data", (b: Buffer) => (out += b.toString()));
      child.once("exit", (code) => (code === 0 ? resolve((JSON.parse(out) as { dir: string }).dir) : reject(new Error(`run exited ${code}`))));
    });
  return Promise.all([start(), start()]);
}
const dirs: string[] = [];
let smallAlone = "";

before(async () => {
  copyFileSync(testModel("small", 4), model);
  writeExperiment(d, experiment(), "speed.yaml");
  dirs.push(...(await twoAtOnce()));
  smallAlone = run(); // the small model alone, as the slower model runs: the ≈5× comparison does not ride on the simultaneous runs' noise
  copyFileSync(testModel("medium", 4), model); // same variant id, a model that is ≈5× slower
  dirs.push(run());
});

test("summary --json: the figures equal those computed by hand from trials.jsonl", () => {
  const r = cli(["summary", dirs[0] ?? "", "--json"]);
  assert.equal(r.status, 0, r.stderr);
  const s = JSON.parse(r.stdout) as RunSummary;
  const trials = readTrialsFile(join(dirs[0] ?? "", "trials.jsonl")).trials.filter((t) => !t.warmup && !t.error);
  assert.equal(trials.length, 6);
  const byHand = {
    ttft_ms: trials.map((t) => t.ttft_ms),
    tpot_ms: trials.map((t) => ((t.e2e_ms ?? 0) - (t.ttft_ms ?? 0)) / ((t.output_tokens.server ?? 0) - 1)),
    decode_tps_client: trials.map((t) => ((t.output_tokens.server ?? 0) - 1) / (((t.e2e_ms ?? 0) - (t.ttft_ms ?? 0)) / 1000)),
    decode_tps_server: trials.map((t) => (t.server?.["timings"] as { predicted_per_second: number }).predicted_per_second),
  };
  for (const [metric, values] of Object.entries(byHand)) {
    const row = s.metrics.find((m) => m.metric === metric);
    const expected = describe(present(values));
    for (const k of ["n", "mean", "median", "p90", "p99", "min", "max"] as const) {
      assert.ok(Math.abs((row?.[k] ?? NaN) - (expected[k] ?? NaN)) < 1e-9, `${metric}.${k}: ${row?.[k]} vs ${expected[k]}`);
    }
  }
  const table = cli(["summary", dirs[0] ?? ""]);
  assert.match(table.stdout, /TTFT p50\s+TTFT p90\s+TPOT p50\s+decode tok\/s server/);
});

test("compare: two runs of the same experiment show no change; the slower model is flagged slower", (ctx) => {
  const same = cli(["compare", dirs[0] ?? "", dirs[1] ?? "", "--json", "--min-change", "1"]);
  assert.equal(same.status, 0, same.stderr);
  const rows = JSON.parse(same.stdout) as ComparisonRow[];
  ctx.diagnostic(`same experiment, B/A: ${rows.map((r) => `${r.metric} ${r.ratio?.toFixed(3)}`).join(", ")}`);
  assert.ok(rows.length >= 5);
  assert.deepEqual(rows.filter((r) => r.change === "faster" || r.change === "slower").map((r) => `${r.metric} ${r.ratio}`), []);
  const slower = cli(["compare", smallAlone, dirs[2] ?? "", "--json", "--min-change", "0.5"]);
  const rows2 = JSON.parse(slower.stdout) as ComparisonRow[];
  for (const metric of ["tpot_ms", "decode_tps_client", "decode_tps_server"]) {
    assert.equal(rows2.find((r) => r.metric === metric)?.change, "slower", metric);
  }
  const text = cli(["compare", smallAlone, dirs[2] ?? ""]);
  assert.match(text.stdout, /slower/);
});

test("compare --fail-on slower (CI gate): exit 3 on the ≈5× slower model, 0 on two runs of the same model", () => {
  const same = cli(["compare", dirs[0] ?? "", dirs[1] ?? "", "--min-change", "1", "--fail-on", "slower"]);
  assert.equal(same.status, 0, same.stderr);
  const slower = cli(["compare", smallAlone, dirs[2] ?? "", "--min-change", "0.5", "--fail-on", "slower"]);
  assert.equal(slower.status, 3, slower.stderr);
  assert.match(slower.stderr, /m\/p\/c1 {2}.* slower/, "the gate names the slower cell and metric");
});

test("run --since: unchanged variants are skipped, a changed model is run again, and the runs are linked", () => {
  const again = run(["--since", dirs[2] ?? ""]);
  const m = JSON.parse(readFileSync(join(again, "manifest.json"), "utf8")) as { since: { run_id: string }; skipped_variants: Record<string, string>; planned_trials: number };
  assert.equal(m.since.run_id, dirs[2]?.split("/").pop());
  assert.match(m.skipped_variants["m"] ?? "", /unchanged since run/);
  assert.equal(m.planned_trials, 0);
  copyFileSync(testModel("small", 4), model);
  const changed = run(["--since", dirs[2] ?? ""]);
  const m2 = JSON.parse(readFileSync(join(changed, "manifest.json"), "utf8")) as { skipped_variants?: Record<string, string>; planned_trials: number };
  assert.equal(m2.skipped_variants, undefined);
  assert.equal(m2.planned_trials, 7);
});

test("models --runs-dir marks the GGUF files no run has measured yet", () => {
  copyFileSync(testModel("tiny", 9), join(d, "fresh.gguf"));
  const r = cli(["models", d, "--runs-dir", runs, "--json"]);
  assert.equal(r.status, 0, r.stderr);
  const found = JSON.parse(r.stdout) as { models: Array<{ name: string; last_run: string | null }> };
  const by = Object.fromEntries(found.models.map((x) => [x.name.split("/").pop(), x.last_run]));
  assert.equal(by["fresh.gguf"], null);
  assert.match(String(by["model.gguf"]), /^speed\//);
});
