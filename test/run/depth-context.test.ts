/**
 * A depth beyond the model's context stops `run` and `check` before anything is written (exit 2, FILE:LINE:COL at the
 * depth's entry): the embedded engine's GGUF file says its trained context (read from the header, no model loaded).
 * The GGUF reader finds `<arch>.context_length` past the tokenizer arrays.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { cli } from "../helpers/cli.js";
import { tempDir, writeExperiment } from "../helpers/experiments.js";
import { writeModel, MODEL_PRESETS } from "../../src/gguf/model.js";
import { ggufContextLength } from "../../src/gguf/reader.js";

function setup(depth: number[]) {
  const d = tempDir();
  writeModel(join(d, "m.gguf"), { ...MODEL_PRESETS.tiny, seed: 1, contextLength: 1024 });
  const file = writeExperiment(d, {
    name: "depth-context",
    backends: { local: { type: "llama-cpp" } },
    variants: [{ id: "tiny", backend: "local", model: "m.gguf", format: "gguf" }],
    workload: { prompts: [{ id: "q", text: "Say hi." }], max_tokens: 8, depth },
  });
  return { d, file };
}

test("gguf: the trained context is read from the header", () => {
  const { d } = setup([0]);
  assert.equal(ggufContextLength(join(d, "m.gguf")), 1024);
});

test("run and check: a depth beyond the GGUF's trained context is exit 2 at the depth's line and column, nothing written", () => {
  const { d, file } = setup([0, 512, 2048]);
  for (const args of [["run", file, "--runs-dir", join(d, "runs")], ["check", file]]) {
    const r = cli(args);
    assert.equal(r.status, 2, `${args[0]}: ${r.stdout}${r.stderr}`);
    const line = (r.stdout + r.stderr).split("\n").find((l) => l.includes("workload.depth[2]"));
    assert.ok(line, r.stdout + r.stderr);
    assert.match(line, /experiment\.yaml:\d+:\d+ {2}workload\.depth\[2\] {2}needs about \d+ tokens of context \(depth 2048 .*gets 1024/);
    assert.ok(!(r.stdout + r.stderr).includes("workload.depth[1]"), "512 fits");
  }
  assert.ok(!existsSync(join(d, "runs")) || readdirSync(join(d, "runs")).length === 0, "nothing written");
});
