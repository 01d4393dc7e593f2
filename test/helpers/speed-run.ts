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
