import { test } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { Experiment, type ExperimentInput } from "../../src/validate/schema.js";
import { planExperiment } from "../../src/plan/plan.js";
import { lengthDraws, loadPromptSources, sampleOrder } from "../../src/plan/sources.js";
import { tempDirWith } from "../helpers/experiments.js";

const lines = Array.from({ length: 10 }, (_, i) => JSON.stringify({ prompt: `question ${i}` })).join("\n");

function experiment(prompt: Record<string, unknown>, workload: Record<string, unknown> = {}, variant: Record<string, unknown> = {}): Experiment {
  const input: ExperimentInput = {
    name: "src",
    backends: { b: { type: "llama-cpp" } },
    variants: [{ id: "v", backend: "b", model: "m.gguf", format: "gguf", ...variant }],
    workload: { prompts: [{ id: "p", ...prompt } as never], max_tokens: 8, repetitions: 4, concurrency: [1, 2], warmup: 1, ...workload },
  };
  return Experiment.parse(input);
}

async function plan(e: Experiment, dir: string) {
  return planExperiment(e, { salt: "s", sources: await loadPromptSources(e, dir) });
}

test("a file source: each measured trial sends its own record, the same on every plan; keys as for a written prompt", async () => {
  const dir = tempDirWith({ "data/p.jsonl": lines });
  const e = experiment({ file: "data/p.jsonl" });
  const a = await plan(e, dir);
  const b = await plan(e, join(dir, "."));
  const measured = a.filter((g) => !g.warmup).flatMap((g) => g.trials);
  assert.deepEqual(a.flatMap((g) => g.trials.map((t) => [t.key, t.input?.text, t.source?.line])), b.flatMap((g) => g.trials.map((t) => [t.key, t.input?.text, t.source?.line])));
  // keys do not change with the source: the same as with `text`
  assert.deepEqual(a.flatMap((g) => g.trials.map((t) => t.key)), planExperiment(experiment({ text: "x" }), { salt: "s" }).flatMap((g) => g.trials.map((t) => t.key)));
  // level c2 has 8 requests: 8 different records out of 10, shuffled (not in file order), each traced to its line
  const c2 = measured.filter((t) => t.concurrency === 2);
  assert.equal(new Set(c2.map((t) => t.input?.text)).size, 8);
  assert.notDeepEqual(c2.map((t) => t.input?.text), Array.from({ length: 8 }, (_, i) => `question ${i}`));
  for (const t of c2) assert.equal(t.input?.text, `question ${(t.source?.line ?? 0) - 1}`);
  assert.ok(c2.every((t) => t.source?.file === "data/p.jsonl" && t.input?.id === "p"));
  // every level sends the same records in the same order
  assert.deepEqual(measured.filter((t) => t.concurrency === 1).map((t) => t.input?.text), c2.slice(0, 4).map((t) => t.input?.text));
  // warm-ups send the first sampled record (the group's prompt), without an input of their own
  const warm = a.find((g) => g.warmup);
  assert.equal(warm?.prompt.text, c2[0]?.input?.text);
  assert.ok(warm?.trials.every((t) => t.input === undefined));
});

test("sample: n keeps n records drawn with the seed; a level that needs more cycles through them", async () => {
  const dir = tempDirWith({ "p.jsonl": lines });
  const groups = await plan(experiment({ file: "p.jsonl", sample: 3 }, { concurrency: [2] }), dir);
  const texts = groups.filter((g) => !g.warmup).flatMap((g) => g.trials.map((t) => t.input?.text));
  assert.equal(texts.length, 8);
  assert.equal(new Set(texts).size, 3);
  assert.deepEqual(texts.slice(3, 6), texts.slice(0, 3));
  const other = await plan(experiment({ file: "p.jsonl", sample: 3 }, { concurrency: [2], seed: 7 }), dir);
  assert.notDeepEqual(other.filter((g) => !g.warmup).flatMap((g) => g.trials.map((t) => t.input?.text)), texts);
  assert.deepEqual(sampleOrder(5, 5, 1, "x").slice().sort(), [0, 1, 2, 3, 4]);
  assert.equal(sampleOrder(5, 9, 1, "x").length, 5);
});

test("open-loop levels: one group per level, each request its own record", async () => {
  const dir = tempDirWith({ "p.csv": `prompt\n${Array.from({ length: 6 }, (_, i) => `"row ${i}, quoted"`).join("\n")}\n` });
  const groups = await plan(experiment({ file: "p.csv" }, { concurrency: [1], load: [{ rate: 2, requests: 6 }] }), dir);
  const open = groups.filter((g) => g.load);
  assert.equal(open.length, 1);
  assert.equal(new Set(open[0]?.trials.map((t) => t.input?.text)).size, 6);
  assert.ok(open[0]?.trials.every((t) => t.source?.line !== undefined && t.input?.text.endsWith(", quoted")));
});

test("a ShareGPT conversation is sent with its history; the entry's system message fills in for records without one", async () => {
  const dir = tempDirWith({ "s.json": JSON.stringify([{ conversations: [{ from: "human", value: "q1" }, { from: "gpt", value: "a1" }, { from: "human", value: "q2" }, { from: "gpt", value: "ref" }] }]) });
  const groups = await plan(experiment({ file: "s.json", system: "Be brief." }, { concurrency: [1], repetitions: 2 }), dir);
  const t = groups.find((g) => !g.warmup)?.trials[1];
  assert.deepEqual(t?.input, { id: "p", system: "Be brief.", history: [{ role: "user", content: "q1" }, { role: "assistant", content: "a1" }], text: "q2" });
});

test("input_tokens {mean, sd, min, max}: drawn per request with the seed, within bounds, mean and sd as asked", () => {
  const spec = { mean: 300, sd: 80, min: 150, max: 500 };
  const draw = lengthDraws(spec, 42, "p/input");
  const xs = Array.from({ length: 4000 }, (_, r) => draw(r));
  assert.ok(xs.every((x) => Number.isInteger(x) && x >= 150 && x <= 500));
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / (xs.length - 1));
  // truncation at ±1.9 sd (lower) / +2.5 sd pulls the sd a little under 80 and the mean a little above 300
  assert.ok(Math.abs(mean - 300) < 8, `mean ${mean}`);
  assert.ok(sd > 65 && sd < 80, `sd ${sd}`);
  assert.deepEqual(Array.from({ length: 50 }, (_, r) => lengthDraws(spec, 42, "p/input")(r)), xs.slice(0, 50));
  assert.equal(lengthDraws(64, 1, "x")(9), 64);
});

test("input_tokens and output_tokens are planned per trial: synthetic text of that length and the request's max_tokens", () => {
  const groups = planExperiment(experiment({ input_tokens: { mean: 40, sd: 10, min: 20, max: 60 }, output_tokens: { mean: 16, sd: 4, min: 8, max: 24 } }), { salt: "s" });
  const trials = groups.filter((g) => !g.warmup).flatMap((g) => g.trials);
  for (const t of trials) {
    const n = t.input?.synthetic_tokens ?? 0;
    assert.ok(n >= 20 && n <= 60);
    assert.equal(t.input?.text.split(" ").length, n);
    assert.ok((t.max_tokens ?? 0) >= 8 && (t.max_tokens ?? 0) <= 24);
  }
  assert.ok(new Set(trials.map((t) => t.input?.synthetic_tokens)).size > 3);
  assert.ok(new Set(trials.map((t) => t.input?.text)).size > 3);
  // a written prompt with output_tokens keeps its text; a variant's own max_tokens wins over output_tokens
  const fixed = planExperiment(experiment({ text: "hello", output_tokens: 32 }), { salt: "s" }).filter((g) => !g.warmup);
  assert.ok(fixed.every((g) => g.prompt.text === "hello" && g.trials.every((t) => t.max_tokens === 32 && t.input === undefined)));
  const own = planExperiment(experiment({ text: "hello", output_tokens: 32 }, {}, { max_tokens: 5 }), { salt: "s" });
  assert.ok(own.flatMap((g) => g.trials).every((t) => t.max_tokens === undefined));
});

test("planning a file source without reading it first says so", () => {
  assert.throws(() => planExperiment(experiment({ file: "p.jsonl" })), /loadPromptSources/);
});

test("the shipped example plans: the file's records and the drawn lengths reach the trials", async () => {
  const { validateFile } = await import("../../src/validate/validate.js");
  const { fileURLToPath } = await import("node:url");
  const file = fileURLToPath(new URL("../../experiments/capacity-dataset.yaml", import.meta.url));
  const v = validateFile(file);
  assert.ok(v.ok);
  const groups = await plan(v.experiment, join(file, ".."));
  const chat = groups.filter((g) => !g.warmup && g.prompt.id === "chat").flatMap((g) => g.trials);
  assert.equal(new Set(chat.map((t) => t.source?.line)).size, 10);
  assert.ok(chat.some((t) => (t.input?.history?.length ?? 0) > 0));
  const tail = groups.filter((g) => !g.warmup && g.prompt.id === "long-tail").flatMap((g) => g.trials);
  assert.ok(tail.every((t) => (t.max_tokens ?? 0) >= 50 && (t.max_tokens ?? 0) <= 400 && (t.input?.synthetic_tokens ?? 0) >= 150));
});
