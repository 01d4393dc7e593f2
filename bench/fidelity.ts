/**
 * Fidelity against ground truth: trialbook runs against the paced server (OpenAI SSE and Ollama NDJSON) at
 * concurrency 1, 16 and 256, and every stored trial is compared with when the server really wrote each chunk.
 */
import { join } from "node:path";
import { runExperiment } from "../src/run/runner.js";
import { tempDir, writeExperiment } from "../test/helpers/experiments.js";
import type { PacedServer } from "./server-process.js";
import { errorsAgainst, fromTrials, type Errors } from "./truth.js";

export interface FidelityCase {
  protocol: "openai" | "ollama";
  concurrency: number;
  errors: Errors;
}

export async function fidelity(server: PacedServer, protocol: "openai" | "ollama", concurrency: number): Promise<FidelityCase> {
  await server.configure({ ttft_ms: 40, gap_ms: 8, tokens_per_chunk: protocol === "openai" ? 2 : 1, jitter_ms: 3, seed: 7 });
  const d = tempDir("trialbook-bench-");
  const backend = protocol === "openai" ? { type: "openai" as const, base_url: `${server.url}/v1` } : { type: "ollama" as const, host: server.url };
  const file = writeExperiment(d, {
    name: `fidelity-${protocol}-c${concurrency}`,
    backends: { paced: backend },
    variants: [{ id: "paced", backend: "paced", model: "paced", format: "other" }],
    workload: { prompts: [{ id: "p", text: "hi" }], max_tokens: 48, warmup: 1, repetitions: concurrency === 1 ? 12 : concurrency === 16 ? 2 : 1, concurrency: [concurrency] },
  });
  await server.truth(); // clear
  const result = await runExperiment({ file, runsDir: join(d, "runs") });
  const truth = await server.truth();
  return { protocol, concurrency, errors: errorsAgainst(fromTrials(result.written), truth) };
}
