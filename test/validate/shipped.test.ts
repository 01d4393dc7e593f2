import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import { validateFile } from "../../src/validate/validate.js";
import { formatProblem } from "../../src/validate/problem.js";
import { experimentJsonSchema } from "../../src/validate/json-schema.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const files = readdirSync(join(root, "experiments")).filter((f) => f.endsWith(".yaml"));

test("the required experiments are shipped", () => {
  for (const f of ["demo.yaml", "feasibility-demo.yaml", "gpt-oss-speed.yaml", "llama-server-speed.yaml"]) assert.ok(files.includes(f), f);
  for (const f of ["capacity.yaml", "capacity-demo.yaml"]) assert.ok(files.includes(f), f);
});

for (const f of files) {
  test(`experiments/${f} is valid and points editors at the JSON Schema`, () => {
    const path = join(root, "experiments", f);
    const r = validateFile(path);
    assert.ok(r.ok, r.ok ? "" : r.problems.map(formatProblem).join("\n"));
    assert.equal(readFileSync(path, "utf8").split("\n")[0], "# yaml-language-server: $schema=../schema/experiment.schema.json");
  });
}

test("schema/experiment.schema.json is generated from the zod schema (run `npm run schema`)", () => {
  const committed = JSON.parse(readFileSync(join(root, "schema/experiment.schema.json"), "utf8")) as unknown;
  assert.deepEqual(committed, experimentJsonSchema());
});

test("gpt-oss-speed compares gpt-oss 20b and 120b, GGUF vs MLX, with the Japanese prompt, 3 repetitions after a warm-up", () => {
  const r = validateFile(join(root, "experiments/gpt-oss-speed.yaml"));
  assert.ok(r.ok);
  const e = r.experiment;
  assert.deepEqual(new Set(e.variants.map((v) => v.format)), new Set(["gguf", "mlx"]));
  assert.ok(e.variants.some((v) => v.model === "gpt-oss:20b") && e.variants.some((v) => v.model === "gpt-oss:120b"));
  assert.equal(e.backends["lmstudio"]?.type, "openai");
  assert.equal(e.backends["lmstudio"]?.type === "openai" && e.backends["lmstudio"].base_url, "http://localhost:1234/v1");
  assert.equal((e.workload.prompts ?? [])[0]?.text, "AI for Scienceについて詳しく解説して");
  assert.equal(e.workload.repetitions, 3);
  assert.equal(e.workload.warmup, 1);
});

test("capacity.yaml searches an open-loop sweep under an SLO on Ollama and LM Studio", () => {
  const r = validateFile(join(root, "experiments/capacity.yaml"));
  assert.ok(r.ok);
  const e = r.experiment;
  assert.deepEqual(new Set(Object.values(e.backends).map((b) => b.type)), new Set(["ollama", "openai"]));
  assert.equal(e.workload.sweep?.search, true);
  assert.equal(e.workload.sweep?.arrivals, "poisson");
  assert.ok(e.slo?.ttft_ms !== undefined && e.slo.goodput === 0.9);
  // conversations: several users levels, turns sent with their history, think time like a person's
  assert.ok((e.workload.sessions?.turns ?? 0) >= 2);
  assert.ok(Array.isArray(e.workload.sessions?.users) && e.workload.sessions.users.length > 1);
  assert.ok((e.workload.sessions?.think_time_s ?? 0) > 0);
});
