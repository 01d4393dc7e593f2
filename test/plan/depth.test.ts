/**
 * Context depth in the plan (`workload.depth`): d > 0 levels after the concurrency levels, one request at a time,
 * stable `d<depth>` keys, the filler before the prompt and a nonce on every depth trial (even with prompt_cache:
 * allow); depth 0 is the concurrency-1 level (or its own d0 level when there is none); no depth, no change. Validation
 * of repeated depths, feasibility experiments and depths beyond a declared context_size.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { planExperiment } from "../../src/plan/plan.js";
import { depthFiller, promptTokenBound } from "../../src/plan/depth.js";
import { withNonce } from "../../src/plan/nonce.js";
import { validateText } from "../../src/validate/validate.js";

const YAML = (workload: string, backend = `{ type: openai, base_url: "http://127.0.0.1:9/v1" }`) => `name: depth
backends: { s: ${backend} }
variants:
  - { id: a, backend: s, model: m.gguf, format: gguf }
workload:
  prompts: [{ id: hi, text: "Say hi." }]
  max_tokens: 8
  repetitions: 2
${workload}`;

function plan(workload: string, backend?: string) {
  const v = validateText(YAML(workload, backend));
  assert.ok(v.ok, v.ok ? "" : v.problems.map((p) => `${p.field} ${p.message}`).join("\n"));
  return planExperiment(v.experiment, { salt: "s" });
}

test("plan: depth levels after the concurrency levels, ascending, one at a time, keyed d<depth>, filler before the prompt", () => {
  const groups = plan("  concurrency: [1, 2]\n  depth: [512, 0, 128]");
  const keys = groups.flatMap((g) => g.trials.map((t) => t.key));
  assert.deepEqual(keys.filter((k) => k.includes("/d")), ["a/hi/d128/c1/r0", "a/hi/d128/c1/r1", "a/hi/d512/c1/r0", "a/hi/d512/c1/r1"]);
  assert.ok(keys.indexOf("a/hi/c2/r3") < keys.indexOf("a/hi/d128/c1/r0"), "after the concurrency levels");
  const deep = groups.filter((g) => g.depth !== undefined);
  assert.deepEqual(deep.map((g) => [g.depth, g.concurrency]), [[128, 1], [512, 1]]);
  for (const g of deep) {
    assert.ok(g.prompt.text.startsWith(depthFiller(g.depth ?? 0, 42)), "filler first");
    assert.ok(g.prompt.text.endsWith("\n\nSay hi."), "then the prompt");
    assert.equal(g.prompt.id, "hi");
    for (const t of g.trials) assert.equal(t.depth, g.depth);
  }
  const words = (d: number) => depthFiller(d, 42).split(" ").length;
  assert.deepEqual([words(128), words(512)], [128, 512]);
  assert.notEqual(depthFiller(128, 42), depthFiller(128, 43));
});

test("plan: every depth trial starts with its own nonce, even with prompt_cache: allow (the depth must be processed)", () => {
  for (const mode of ["allow", "bust", "measure"]) {
    const groups = plan(`  prompt_cache: ${mode}\n  depth: [64]`);
    const deep = groups.filter((g) => g.depth === 64);
    assert.equal(deep.length, 1, mode);
    const nonces = deep.flatMap((g) => g.trials.map((t) => t.nonce));
    assert.ok(nonces.every((n) => typeof n === "string" && n.length === 8), `${mode}: ${nonces.join(",")}`);
    assert.equal(new Set(nonces).size, nonces.length, "one nonce per trial");
    const sent = withNonce(deep[0]!.prompt, nonces[0]!);
    assert.ok(sent.text.startsWith(`[${nonces[0]}] `), "the nonce precedes the filler");
  }
});

test("plan: depth 0 is the concurrency-1 level, or a d0 level when there is none; no depth leaves the plan as it was", () => {
  const before = plan("  concurrency: [1, 2]").flatMap((g) => g.trials.map((t) => t.key));
  const withZero = plan("  concurrency: [1, 2]\n  depth: [0]").flatMap((g) => g.trials.map((t) => t.key));
  assert.deepEqual(withZero, before);
  assert.ok(before.every((k) => !k.includes("/d")));
  const noOne = plan("  concurrency: [2]\n  depth: [0, 32]").flatMap((g) => g.trials.map((t) => t.key));
  assert.deepEqual(noOne.filter((k) => k.includes("/d")), ["a/hi/d0/c1/r0", "a/hi/d0/c1/r1", "a/hi/d32/c1/r0", "a/hi/d32/c1/r1"]);
});

test("validate: a repeated depth, depth on a feasibility experiment and a depth beyond a declared context_size are positioned problems", () => {
  const rep = validateText(YAML("  depth: [0, 256, 256]"));
  assert.ok(!rep.ok && rep.problems.some((p) => p.field === "workload.depth[2]" && /repeats depth 256/.test(p.message) && p.line === 9 && p.col === 19));
  const neg = validateText(YAML("  depth: [-1]"));
  assert.ok(!neg.ok && neg.problems.some((p) => p.field.startsWith("workload.depth")));
  const small = validateText(YAML("  depth: [0, 256, 4096]", "{ type: llama-cpp, context_size: 2048 }"));
  assert.ok(!small.ok);
  if (small.ok) return;
  const hit = small.problems.find((p) => p.field === "workload.depth[2]");
  assert.ok(hit && /context_size 2048/.test(hit.message) && hit.line === 9, small.problems.map((p) => `${p.line}:${p.col} ${p.field} ${p.message}`).join("\n"));
  assert.ok(!small.problems.some((p) => p.field === "workload.depth[1]"), "256 fits");
});

test("plan: the prompt-token bound sizes depth filler by its words (1.5 a word), other text at 2 characters a token", () => {
  const groups = plan("  depth: [0, 1000]");
  const deep = groups.find((g) => g.depth === 1000)!;
  assert.equal(promptTokenBound(deep, 42), 1500 + Math.ceil("\n\nSay hi.".length / 2));
  const plain = groups.find((g) => !g.warmup && g.depth === undefined)!;
  assert.equal(promptTokenBound(plain, 42), Math.ceil("Say hi.".length / 2));
});

test("plan: a prompt whose requests differ (drawn lengths, records from a file) is filled to its depth request by request", () => {
  const v = validateText(YAML("  depth: [256]").replace(`prompts: [{ id: hi, text: "Say hi." }]`, "prompts: [{ id: hi, input_tokens: { mean: 40, sd: 10, min: 20, max: 60 } }]"));
  assert.ok(v.ok, v.ok ? "" : v.problems.map((p) => `${p.field} ${p.message}`).join("\n"));
  const deep = planExperiment(v.experiment, { salt: "s" }).filter((g) => g.depth === 256);
  assert.equal(deep.length, 1);
  const inputs = deep[0]!.trials.map((t) => t.input?.text ?? "");
  assert.equal(inputs.length, 2);
  for (const text of inputs) assert.ok(text.startsWith(`${depthFiller(256, 42)}\n\n`), "the filler starts each request's own prompt");
  assert.notEqual(inputs[0], inputs[1], "the drawn prompts still differ");
  assert.ok(promptTokenBound(deep[0]!, 42) >= 256 + 20 / 2, "the context bound counts the longest request");
});
