/**
 * Fidelity against ground truth: trialbook runs against the paced server (OpenAI SSE and Ollama NDJSON) at
 * concurrency 1, 16 and 256, and every stored trial is compared with when the server really wrote each chunk.
 *
 * Every level uses the same per-stream pace (8 ms ± 3 ms between events), so 256 streams ask the client to take
 * 32k events/s — more than any real server streams at that load, and at this machine's one-core limit (section 3).
 * Level 256 is also run at a server's pace under that load, 25 ms between events (about 10k events/s in all).
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
  /** Streamed events per second the schedule asks of the client (concurrency ÷ mean gap). */
  events_per_s: number;
}

const PACE = { ttft_ms: 40, gap_ms: 8, jitter_ms: 3, seed: 7 };

export const LOADED_PACE = { gap_ms: 25, jitter_ms: 8 };

export async function fidelity(server: PacedServer, protocol: "openai" | "ollama", concurrency: number, pace: { gap_ms: number; jitter_ms: number } = PACE): Promise<FidelityCase> {
  await server.configure({ ...PACE, ...pace, tokens_per_chunk: protocol === "openai" ? 2 : 1 });
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
  return { protocol, concurrency, errors: errorsAgainst(fromTrials(result.written), truth), events_per_s: (1000 * concurrency) / pace.gap_ms };
}
