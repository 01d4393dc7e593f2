/**
 * A small real speed run for notebook tests: the embedded engine (a self-made GGUF model, declared gguf) and the FAKE
 * OpenAI server standing in for LM Studio serving the MLX build of the same model (declared mlx). Written under
 * `<root>/runs/nb-speed/`.
 */
import { join } from "node:path";
import { runExperiment } from "../../src/run/runner.js";
import { startFakeOpenAIServer } from "../fakes/fake-openai-server.js";
import { writeExperiment } from "./experiments.js";
import { testModel } from "./models.js";

export async function makeSpeedRun(root: string): Promise<string> {
  const fake = await startFakeOpenAIServer({ tokens: 12, gapMs: 1 });
  try {
    const file = writeExperiment(root, {
      name: "nb-speed",
      backends: { embedded: { type: "llama-cpp" }, lmstudio: { type: "openai", base_url: fake.url } },
      variants: [
        { id: "tiny-gguf", backend: "embedded", model: testModel("tiny"), format: "gguf", quantization: "F32", parameters: "tiny" },
        { id: "tiny-mlx", backend: "lmstudio", model: "ok", format: "mlx", parameters: "tiny", notes: "fake LM Studio (test server)" },
      ],
      workload: { prompts: [{ id: "p", text: "the model data" }], max_tokens: 12, ignore_eos: true, temperature: 0.8, warmup: 1, repetitions: 3, concurrency: [1, 2] },
    }, "nb-speed.yaml");
    const result = await runExperiment({ file, runsDir: join(root, "runs") });
    return result.dir;
  } finally {
    await fake.close();
  }
}

/**
 * A small real feasibility run: the FAKE OpenAI server as the flagship (its answers hold "w0", which the check asks
 * for) and the embedded engine on a self-made model as the open-weight variant (its word pieces never do), so the
 * verdict is "wait for open-weight models". Written under `<root>/runs/nb-feasibility/`.
 */
export async function makeFeasibilityRun(root: string): Promise<string> {
  const { mkdirSync, writeFileSync } = await import("node:fs");
  const fake = await startFakeOpenAIServer({ tokens: 4, gapMs: 0 });
  try {
    mkdirSync(join(root, "docs"), { recursive: true });
    writeFileSync(join(root, "docs/memo.txt"), "A memo.");
    const file = writeExperiment(root, {
      name: "nb-feasibility",
      kind: "feasibility",
      backends: { fake: { type: "openai", base_url: fake.url }, local: { type: "llama-cpp" } },
      variants: [
        { id: "flagship", backend: "fake", model: "ok", format: "other" },
        { id: "local", backend: "local", model: testModel("tiny"), format: "gguf" },
      ],
      datasets: { docs: { files: ["docs/*.txt"], classification: "confidential" } },
      tasks: [{ id: "echo", dataset: "docs", prompt: "{{text}}", checks: [{ type: "contains", value: "w0" }] }],
      stages: { flagship: ["flagship"], open_weight: ["local"], repetitions: 2 },
      workload: { max_tokens: 8, ignore_eos: true, warmup: 0 },
    }, "nb-feasibility.yaml");
    return (await runExperiment({ file, runsDir: join(root, "runs") })).dir;
  } finally {
    await fake.close();
  }
}
