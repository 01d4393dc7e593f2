/**
 * A depth beyond the model's context stops `run` and `check` before anything is written (exit 2, FILE:LINE:COL at the
 * depth's entry): the embedded engine's GGUF file says its trained context (read from the header, no model loaded).
 * The GGUF reader finds `<arch>.context_length` past the tokenizer arrays. The embedded engine sizes its context for
 * the filler by its words, and processes every depth request whole.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { cli } from "../helpers/cli.js";
import { tempDir, writeExperiment } from "../helpers/experiments.js";
import { writeModel, MODEL_PRESETS } from "../../src/gguf/model.js";
import { ggufContextLength } from "../../src/gguf/reader.js";
import { writeGguf } from "../../src/gguf/writer.js";
import { runExperiment } from "../../src/run/runner.js";
import { testModel } from "../helpers/models.js";

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

test("gguf: the trained context is read from the header, past the tokenizer's arrays", () => {
  const { d } = setup([0]);
  assert.equal(ggufContextLength(join(d, "m.gguf")), 1024);
  const late = join(d, "late.gguf");
  const tokens = Array.from({ length: 70_000 }, (_, i) => `token-${i}`);
  writeGguf(late, [
    ["general.architecture", { type: "string", value: "qwen3" }],
    ["tokenizer.ggml.tokens", { type: "string[]", value: tokens }],
    ["tokenizer.ggml.scores", { type: "f32[]", value: new Float32Array(tokens.length) }],
    ["qwen3.context_length", { type: "u32", value: 40_960 }],
  ], []);
  assert.equal(ggufContextLength(late), 40_960);
  const none = join(d, "none.gguf");
  writeGguf(none, [["general.architecture", { type: "string", value: "x" }]], []);
  assert.equal(ggufContextLength(none), null);
});

test("run and check: a depth beyond the GGUF's trained context is exit 2 at the depth's line and column, nothing written", () => {
  const { d, file } = setup([0, 512, 2048]);
  for (const args of [["run", file, "--runs-dir", join(d, "runs")], ["check", file]]) {
    const r = cli(args);
    assert.equal(r.status, 2, `${args[0]}: ${r.stdout}${r.stderr}`);
    const line = (r.stdout + r.stderr).split("\n").find((l) => l.includes("workload.depth[2]"));
    assert.ok(line, r.stdout + r.stderr);
    assert.match(line, /experiment\.yaml:\d+:\d+ {2}workload\.depth\[2\] {2}needs about \d+ tokens of context \(depth 2048 .*gets 1024/);
    // the parts named add up to the need
    const m = /needs about (\d+) tokens of context \(depth (\d+) \+ prompt ~(\d+) \+ max_tokens (\d+) \+ (\d+) for the chat template and nonce\)/.exec(line);
    assert.ok(m, line);
    assert.equal(Number(m[1]), Number(m[2]) + Number(m[3]) + Number(m[4]) + Number(m[5]));
    assert.ok(!(r.stdout + r.stderr).includes("workload.depth[1]"), "512 fits");
  }
  assert.ok(!existsSync(join(d, "runs")) || readdirSync(join(d, "runs")).length === 0, "nothing written");
});

test("embedded engine: depth runs in a context sized by the filler's words, and every request processes its whole prompt", async () => {
  const d = tempDir();
  const file = writeExperiment(d, {
    name: "depth-embedded",
    backends: { local: { type: "llama-cpp" } },
    variants: [{ id: "tiny", backend: "local", model: testModel("tiny", 2), format: "gguf" }],
    workload: { prompts: [{ id: "q", text: "Say hi." }], max_tokens: 4, ignore_eos: true, warmup: 0, repetitions: 2, depth: [0, 1200] },
  });
  const r = await runExperiment({ file, runsDir: join(d, "runs") });
  assert.equal(r.status, "complete");
  const deep = r.written.filter((t) => t.depth === 1200);
  assert.equal(deep.length, 2);
  for (const t of deep) {
    assert.equal(t.error, null);
    assert.ok((t.prompt_tokens.server ?? 0) >= 1200, `${t.trial}: ${t.prompt_tokens.server} prompt tokens`);
  }
  const ctx = r.manifest.variants["tiny"]?.model?.context_size ?? 0;
  // filler at 1.5 tokens a word (~2,000), not ~7 characters a word ÷ 2 (~4,000, the trained 4,096)
  assert.ok(ctx >= 1800 + 4 && ctx < 2400, `context ${ctx}`);
});
