/**
 * CI gates: `compare --fail-on slower|any-change` and `run --fail-on not-feasible`, and the exit codes in --help.
 * Compare gates run here on copies of the golden fixture run whose client-side times are scaled (×5 slower, ×0.2
 * faster), so the change is known exactly; test/analyse/compare-runs.test.ts gates real runs of the embedded engine
 * (a ≈5× slower self-made model, and two runs of the same model). Feasibility gates run the embedded engine on a
 * self-made model with a check it always passes (any character) or never passes ("w0" is no word piece of it).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { cpSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { cli } from "../helpers/cli.js";
import { tempDir, tempDirWith, writeExperiment } from "../helpers/experiments.js";
import { testModel } from "../helpers/models.js";
import { EXIT } from "../../src/cli/io.js";
import type { Trial } from "../../src/store/trial.js";
import type { ExperimentInput } from "../../src/validate/schema.js";

const golden = fileURLToPath(new URL("../fixtures/runs/golden", import.meta.url));

/** A copy of the golden run whose client clock ran `factor` times slower (server counters unchanged). */
function scaled(factor: number): string {
  const dir = join(tempDir(), "run");
  cpSync(golden, dir, { recursive: true });
  const file = join(dir, "trials.jsonl");
  const lines = readFileSync(file, "utf8").trim().split("\n").map((l) => {
    const t = JSON.parse(l) as Trial & Record<string, unknown>;
    for (const k of ["first_byte_ms", "ttft_ms", "ttft_answer_ms", "e2e_ms", "end_ms"] as const) {
      const v = t[k];
      if (typeof v === "number") (t as Record<string, unknown>)[k] = v * factor;
    }
    for (const c of t.chunks) c.t_ms *= factor;
    return JSON.stringify(t);
  });
  writeFileSync(file, `${lines.join("\n")}\n`);
  return dir;
}

test("compare --fail-on slower: exit 3 on a 5× slower run, naming what changed; 0 on the same run", () => {
  const same = cli(["compare", golden, golden, "--fail-on", "slower"]);
  assert.equal(same.status, EXIT.ok, same.stderr);
  assert.match(same.stderr, /fail-on slower: none of \d+ comparisons changed beyond the noise/);

  const slow = scaled(5);
  const r = cli(["compare", golden, slow, "--fail-on", "slower"]);
  assert.equal(r.status, EXIT.gated, r.stderr);
  assert.match(r.stderr, /fail-on slower: \d+ of \d+ comparisons changed beyond the noise — exit 3/);
  assert.match(r.stderr, /v\/p\/c1 {2}TTFT .*B\/A 5\.000 .*slower/);
  assert.match(r.stdout, /slower/, "the comparison table is still printed");

  const json = cli(["compare", golden, slow, "--fail-on", "slower", "--json"]);
  assert.equal(json.status, EXIT.gated);
  assert.ok(Array.isArray(JSON.parse(json.stdout)), "stdout stays pure JSON");
});

test("compare --fail-on: a faster run passes `slower` and trips `any-change`", () => {
  const fast = scaled(0.2);
  assert.equal(cli(["compare", golden, fast, "--fail-on", "slower"]).status, EXIT.ok);
  const any = cli(["compare", golden, fast, "--fail-on", "any-change"]);
  assert.equal(any.status, EXIT.gated, any.stderr);
  assert.match(any.stderr, /faster/);
});

test("compare --fail-on: an unknown gate, or a folder that holds no run, is exit 2, never a pass", () => {
  const bad = cli(["compare", golden, golden, "--fail-on", "faster"]);
  assert.equal(bad.status, EXIT.invalid);
  assert.match(bad.stderr, /Choices: "slower", "any-change"/);
  const missing = cli(["compare", golden, join(tempDir(), "nothing"), "--fail-on", "slower"]);
  assert.equal(missing.status, EXIT.invalid);
  assert.match(missing.stderr, /not a run folder \(no manifest\.json\)/);
});

function feasibility(check: { type: "regex"; pattern: string } | { type: "contains"; value: string }): ExperimentInput {
  return {
    name: "gate",
    kind: "feasibility",
    backends: { local: { type: "llama-cpp", threads: 1 } },
    variants: [
      { id: "flagship", backend: "local", model: testModel("tiny"), format: "gguf" },
      { id: "open", backend: "local", model: testModel("tiny", 2), format: "gguf" },
    ],
    datasets: { docs: { files: ["docs/*.txt"], classification: "surrogate" } },
    tasks: [{ id: "echo", dataset: "docs", prompt: "{{text}}", checks: [check] }],
    stages: { flagship: ["flagship"], open_weight: ["open"], repetitions: 1 },
    workload: { max_tokens: 4, ignore_eos: true, warmup: 0 },
  };
}

test("run --fail-on not-feasible: exit 3 when the verdict is not 'feasible locally', 0 when it is", () => {
  const d = tempDirWith({ "docs/memo.txt": "A memo." });
  const never = writeExperiment(d, feasibility({ type: "contains", value: "w0" }), "never.yaml");
  const r = cli(["run", never, "--runs-dir", join(d, "runs"), "--fail-on", "not-feasible"]);
  assert.equal(r.status, EXIT.gated, r.stderr);
  assert.match(r.stderr, /fail-on not-feasible: Not feasible yet.* — exit 3/);

  const always = writeExperiment(d, feasibility({ type: "regex", pattern: "." }), "always.yaml");
  const ok = cli(["run", always, "--runs-dir", join(d, "runs"), "--fail-on", "not-feasible", "--json"]);
  assert.equal(ok.status, EXIT.ok, ok.stderr);
  assert.equal((JSON.parse(ok.stdout) as { verdict: string }).verdict, "feasible-locally");
  assert.match(ok.stderr, /fail-on not-feasible: feasible locally/);
});

test("run --fail-on not-feasible on a speed experiment: exit 2 before anything runs", () => {
  const d = tempDir();
  const file = writeExperiment(d, {
    name: "speed",
    backends: { e: { type: "llama-cpp" } },
    variants: [{ id: "t", backend: "e", model: testModel("tiny"), format: "gguf" }],
    workload: { prompts: [{ id: "p", text: "the model" }], max_tokens: 4 },
  });
  const r = cli(["run", file, "--runs-dir", join(d, "runs"), "--fail-on", "not-feasible"]);
  assert.equal(r.status, EXIT.invalid);
  assert.match(r.stderr, /needs a feasibility experiment/);
  assert.equal(existsSync(join(d, "runs")), false, "no run was written");
});

test("--help lists the exit codes, 3 included; Japanese gate messages with TRIALBOOK_LANG=ja", () => {
  const help = cli(["--help"]);
  assert.match(help.stdout, /Exit codes:\n {2}0 .*\n {2}1 .*\n.*\n {2}2 .*\n {2}3 {4}--fail-on/);
  assert.match(cli(["compare", "--help"]).stdout, /3 {4}--fail-on/);
  const ja = cli(["compare", golden, scaled(5), "--fail-on", "slower"], { env: { ...process.env, TRIALBOOK_LANG: "ja" } });
  assert.equal(ja.status, EXIT.gated);
  assert.match(ja.stderr, /件の比較のうち \d+ 件がノイズを超えて変化しました/);
});

test("every command's --help shows examples; `completion` prints a bash script that completes commands and choices", () => {
  const commands = ["init", "run", "validate", "check", "summary", "compare", "report", "export", "notebook", "notebook run", "notebook install-kernel", "bundle", "verify", "models", "make-model", "schema"];
  const top = cli(["--help"]).stdout;
  for (const c of commands) {
    if (!c.includes(" ")) assert.match(top, new RegExp(`trialbook ${c}\\b`), `${c} in --help`);
    const r = cli([...c.split(" "), "--help"]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /\nExamples:\n {2}trialbook /, `${c} --help has examples`);
  }
  const script = cli(["completion"]);
  assert.equal(script.status, 0);
  assert.match(script.stdout, /###-begin-trialbook-completions-###/);
  assert.match(script.stdout, /--get-yargs-completions/);
  assert.deepEqual(cli(["--get-yargs-completions", "trialbook", "compare", "--fail-on", ""]).stdout.trim().split("\n"), ["slower", "any-change"]);
  assert.ok(cli(["--get-yargs-completions", "trialbook", ""]).stdout.split("\n").includes("init"));
});
