/**
 * Before a depth run, the context each server will give a variant (fakes replaying Ollama's /api/show model_info and
 * LM Studio's /api/v0/models max_context_length): a depth beyond it is a problem at the depth's entry; Ollama without
 * options.num_ctx, and LM Studio, get a warning that the served context may be smaller than the model's maximum.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { preflight } from "../../src/run/preflight.js";
import { quietLogger } from "../../src/run/runner.js";
import { Experiment, type ExperimentInput } from "../../src/validate/schema.js";
import { startFakeOllama } from "../fakes/fake-ollama-server.js";
import { startFakeLmStudio } from "../fakes/fake-lmstudio-listings.js";

async function findings(input: ExperimentInput) {
  const e = Experiment.parse(input);
  const contexts = Object.fromEntries(Object.keys(e.backends).map((id) => [id, { baseDir: ".", logger: quietLogger }]));
  const pf = await preflight(e, contexts, quietLogger);
  await Promise.all([...pf.backends.values()].map((b) => b.close()));
  return pf.findings.filter((f) => f.kind === "context").map((f) => ({ severity: f.severity, at: f.path.join("."), message: f.message }));
}

const workload = (depth: number[]) => ({ prompts: [{ id: "q", text: "Say hi." }], max_tokens: 64, depth });

test("Ollama: num_ctx is the context a request gets; without it, the model's trained context and a warning", async () => {
  const fake = await startFakeOllama({ answer: 2 });
  try {
    const backends = { o: { type: "ollama" as const, host: fake.host } };
    const capped = await findings({ name: "o", backends, variants: [{ id: "gguf", backend: "o", model: "gpt-oss:20b", format: "gguf", options: { num_ctx: 8192 } }], workload: workload([0, 4096, 16384]) });
    assert.deepEqual(capped.map((f) => [f.severity, f.at]), [["problem", "workload.depth.2"]]);
    assert.match(capped[0]?.message ?? "", /variant gguf gets 8192 \(Ollama options\.num_ctx\)/);
    const open = await findings({ name: "o", backends, variants: [{ id: "gguf", backend: "o", model: "gpt-oss:20b", format: "gguf" }], workload: workload([0, 16384, 200000]) });
    assert.deepEqual(open.map((f) => [f.severity, f.at]), [["problem", "workload.depth.2"], ["warning", "variants.0.model"]]);
    assert.match(open[0]?.message ?? "", /gets 131072 \(Ollama \/api\/show context_length\)/);
    assert.match(open[1]?.message ?? "", /set options\.num_ctx to at least 200\d+/);
    const shallow = await findings({ name: "o", backends, variants: [{ id: "gguf", backend: "o", model: "gpt-oss:20b", format: "gguf" }], workload: workload([0, 1024]) });
    assert.deepEqual(shallow, [], "fits Ollama's default context: nothing to say");
  } finally {
    await fake.close();
  }
});

test("LM Studio: max_context_length bounds the depth, with a warning about the loaded context", async () => {
  const fake = await startFakeLmStudio();
  try {
    const backends = { l: { type: "lmstudio" as const, host: fake.url } };
    const out = await findings({ name: "l", backends, variants: [{ id: "mlx", backend: "l", model: "openai/gpt-oss-20b", format: "mlx" }], workload: workload([0, 131072]) });
    assert.deepEqual(out.map((f) => [f.severity, f.at]), [["problem", "workload.depth.1"], ["warning", "variants.0.model"]]);
    assert.match(out[0]?.message ?? "", /gets 131072 \(LM Studio max_context_length\)/);
    const none = await findings({ name: "l", backends, variants: [{ id: "mlx", backend: "l", model: "openai/gpt-oss-20b", format: "mlx" }], workload: { prompts: [{ id: "q", text: "Say hi." }], max_tokens: 64 } });
    assert.deepEqual(none, [], "no depth, nothing asked");
  } finally {
    await fake.close();
  }
});

test("LM Studio through its OpenAI-compatible endpoint (type: openai): the same max_context_length, problem and warning", async () => {
  const fake = await startFakeLmStudio();
  try {
    const backends = { l: { type: "openai" as const, base_url: `${fake.url}/v1` } };
    const variants = [{ id: "mlx", backend: "l", model: "openai/gpt-oss-20b", format: "mlx" as const }];
    const out = await findings({ name: "l", backends, variants, workload: workload([0, 65536, 131072]) });
    assert.deepEqual(out.map((f) => [f.severity, f.at]), [["problem", "workload.depth.2"], ["warning", "variants.0.model"]]);
    assert.match(out[0]?.message ?? "", /gets 131072 \(LM Studio max_context_length\)/);
    assert.match(out[1]?.message ?? "", /LM Studio loads a model with the context set in its load settings/);
    const fits = await findings({ name: "l", backends, variants, workload: workload([0, 2048]) });
    assert.deepEqual(fits, [], "fits LM Studio's default loaded context: nothing to say");
  } finally {
    await fake.close();
  }
});
