import { test } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { cli } from "../helpers/cli.js";
import { tempDir, writeExperiment } from "../helpers/experiments.js";
import { testModel } from "../helpers/models.js";
import { readTrialsFile } from "../../src/store/trials.js";
import { clientDecodeRate, serverDecodeRate } from "../../src/analyse/metrics/all.js";
import { median, present } from "../../src/analyse/stats.js";

test("run --json: the result, and per-variant figures that equal those computed from trials.jsonl", () => {
  const d = tempDir();
  const file = writeExperiment(d, {
    name: "cli",
    backends: { e: { type: "llama-cpp" } },
    variants: [{ id: "t", backend: "e", model: testModel("tiny"), format: "gguf" }],
    workload: { prompts: [{ id: "p", text: "the model" }], max_tokens: 12, ignore_eos: true, temperature: 0.8, warmup: 1, repetitions: 3 },
  });
  const r = cli(["run", file, "--runs-dir", join(d, "runs"), "--json"]);
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { run_id: string; dir: string; status: string; planned: number; stored: number; errors: number; variants: Array<Record<string, number | string | null>> };
  assert.equal(out.status, "complete");
  assert.equal(out.planned, 4);
  assert.equal(out.stored, 4);
  assert.equal(out.errors, 0);
  assert.match(out.run_id, /^\d{8}-\d{6}-[0-9a-f]{4}$/);
  const trials = readTrialsFile(join(out.dir, "trials.jsonl")).trials.filter((t) => !t.warmup);
  const v = out.variants[0];
  assert.equal(v?.["trials"], 3);
  assert.equal(v?.["decode_tps_client"], median(present(trials.map(clientDecodeRate))));
  assert.equal(v?.["decode_tps_server"], median(present(trials.map(serverDecodeRate))));
  assert.equal(v?.["ttft_ms"], median(trials.map((t) => t.ttft_ms ?? NaN)));
  assert.ok(existsSync(join(out.dir, "experiment.yaml")));
  assert.equal(readFileSync(join(out.dir, "experiment.yaml"), "utf8"), readFileSync(file, "utf8"));
});

test("run prints the `ollama run --verbose` figures, server and client side by side", () => {
  const d = tempDir();
  const file = writeExperiment(d, {
    name: "cli-table",
    backends: { e: { type: "llama-cpp" } },
    variants: [{ id: "tiny-f32", backend: "e", model: testModel("tiny"), format: "gguf" }],
    workload: { prompts: [{ id: "p", text: "the model" }], max_tokens: 8, ignore_eos: true, warmup: 0, repetitions: 2 },
  });
  const r = cli(["run", file, "--runs-dir", join(d, "runs")]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /load ms\s+TTFT ms\s+prompt eval tok\/s \(server\|client\)\s+eval tok\/s \(server\|client\)/);
  assert.match(r.stdout, /^tiny-f32\s+1\s+2\s+0\s+\d+/m);
  assert.match(r.stderr, /\[2\/2\] tiny-f32\/p\/c1\/r1/, "plain progress lines when not on a terminal");
});

test("make-model and models: a folder of GGUF files is listed; an experiment's backend id too", () => {
  const d = tempDir();
  const models = join(d, "models");
  const r = cli(["make-model", join(models, "m.gguf"), "--preset", "tiny", "--seed", "3"]);
  assert.equal(r.status, 0, r.stderr);
  mkdirSync(join(d, "exp"));
  copyFileSync(testModel("tiny"), join(models, "other.gguf"));
  const listed = cli(["models", models, "--json"]);
  assert.equal(listed.status, 0, listed.stderr);
  const found = JSON.parse(listed.stdout) as { type: string; models: Array<{ name: string }> };
  assert.equal(found.type, "llama-cpp");
  assert.deepEqual(found.models.map((m) => m.name.split("/").pop()), ["m.gguf", "other.gguf"]);
  const file = writeExperiment(join(d, "exp"), {
    name: "x",
    backends: { e: { type: "llama-cpp", models_dir: "../models" } },
    variants: [{ id: "t", backend: "e", model: "../models/m.gguf", format: "gguf" }],
    workload: { prompts: [{ id: "p", text: "a" }], max_tokens: 1 },
  });
  const byId = cli(["models", "e", "--experiment", file]);
  assert.equal(byId.status, 0, byId.stderr);
  assert.match(byId.stdout, /m\.gguf/);
  const bad = cli(["models", "nope", "--experiment", file]);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /declares no backend "nope"/);
});

test("unknown commands and options exit 2 with a hint", () => {
  const r = cli(["rnu", "x"]);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /Did you mean run|Unknown/i);
});

test("run exits 1 when every measured request failed (the errors are still stored)", () => {
  const d = tempDir();
  const file = writeExperiment(d, {
    name: "all-fail",
    backends: { down: { type: "openai", base_url: "http://127.0.0.1:9/v1" } },
    variants: [{ id: "v", backend: "down", model: "m", format: "other" }],
    workload: { prompts: [{ id: "p", text: "hi" }], max_tokens: 2, warmup: 0, repetitions: 2 },
  });
  const r = cli(["run", file, "--runs-dir", join(d, "runs"), "--quiet"]);
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stderr, /every measured request failed/);
  assert.match(r.stderr, /unreachable/);
});
