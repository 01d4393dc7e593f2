/** Overhead against the engine itself: trialbook's decode tok/s ÷ the engine's own counter, same trials. */
import { join } from "node:path";
import { runExperiment } from "./built.js";
import { clientDecodeRate, serverDecodeRate } from "../src/analyse/metrics/all.js";
import { median, present } from "../src/analyse/stats.js";
import { tempDir, writeExperiment } from "../test/helpers/experiments.js";
import { testModel } from "../test/helpers/models.js";
import { startLlamaServer } from "../test/helpers/llama-server.js";
import type { BackendConfig } from "../src/validate/schema.js";
import { bareEmbedded } from "./baseline-node-llama-cpp.js";
import { medianOf, pairedTries, TRIES } from "./fidelity.js";

async function ratio(backend: BackendConfig, model: string): Promise<{ ratio: number; client: number; engine: number; n: number }> {
  const d = tempDir("trialbook-bench-");
  const file = writeExperiment(d, {
    name: "overhead",
    backends: { b: backend },
    variants: [{ id: "m", backend: "b", model, format: "gguf" }],
    workload: { prompts: [{ id: "p", text: "the model data" }], max_tokens: 96, ignore_eos: true, temperature: 0.8, warmup: 1, repetitions: 6 },
  });
  const result = await runExperiment({ file, runsDir: join(d, "runs") });
  const measured = result.written.filter((t) => !t.warmup && !t.error);
  const ratios = present(measured.map((t) => (clientDecodeRate(t) ?? NaN) / (serverDecodeRate(t) ?? NaN)));
  return { ratio: median(ratios) ?? NaN, client: median(present(measured.map(clientDecodeRate))) ?? NaN, engine: median(present(measured.map(serverDecodeRate))) ?? NaN, n: ratios.length };
}

type Ratio = Awaited<ReturnType<typeof ratio>>;

/**
 * `share`: trialbook's ratio ÷ the binding's own, the median over {@link TRIES} pairs of runs taken in turn
 * (trialbook, binding, trialbook, …), so that the machine's drift between them — the binding's ratio alone moved
 * 0.76–0.81 between runs — falls on both; `embedded` and `bare` are each client's median run.
 */
export async function overhead(): Promise<{ embedded: Ratio; bare: Ratio; share: number; server: Ratio }> {
  const model = testModel("medium", 5);
  const pairs = await pairedTries(() => ratio({ type: "llama-cpp", threads: 1 }, model), () => bareEmbedded(model, "the model data", 96, 6));
  const embedded = medianOf(pairs.a, (r) => r.ratio);
  const bare = medianOf(pairs.b, (r) => r.ratio);
  const share = median(pairs.a.map((a, i) => a.ratio / (pairs.b[i]?.ratio ?? Number.NaN))) ?? Number.NaN;
  const srv = await startLlamaServer(model, { parallel: 1 });
  try {
    const server = await ratio({ type: "openai", base_url: srv.baseUrl, endpoint: "chat" }, "default");
    return { embedded, bare, share, server };
  } finally {
    await srv.stop();
  }
}
