/**
 * Load-generator capacity: streams at rising aggregate token rates from the paced server (64 streams, the gap per
 * stream shrinking), measured by trialbook and by the openai SDK baseline. A level "drifts" when the median ITL error
 * exceeds 0.5 ms (the definition: measured ITL drifting from the truth); the capacity is the highest token
 * rate the server really streamed before the first level that drifts. Decode-rate errors are reported beside it.
 */
import { join } from "node:path";
import { runExperiment } from "../src/run/runner.js";
import { tempDir, writeExperiment } from "../test/helpers/experiments.js";
import type { PacedServer } from "./server-process.js";
import { errorsAgainst, fromTrials, type Errors } from "./truth.js";
import { sdkStreams } from "./baseline-openai-sdk.js";

export const STREAMS = 64;
export const RATES = [2_500, 5_000, 10_000, 25_000, 50_000, 100_000, 150_000];
const TOKENS = 160;

export interface CapacityLevel {
  /** Offered: streams ÷ gap. */
  rate: number;
  /** Really streamed, from the server's record: Σ tokens / (last write − first write). */
  achieved_trialbook: number;
  achieved_sdk: number;
  trialbook: Errors;
  sdk: Errors;
}

type TruthMap = Record<string, { recv: number; writes: number[]; tokens: number[] }>;
function achieved(truth: TruthMap): number {
  const all = Object.values(truth);
  const first = Math.min(...all.map((t) => t.writes[0] ?? Infinity));
  const last = Math.max(...all.map((t) => t.writes.at(-1) ?? -Infinity));
  const tokens = all.reduce((a, t) => a + t.tokens.reduce((x, y) => x + y, 0), 0);
  return last > first ? tokens / ((last - first) / 1000) : 0;
}

const drifts = (e: Errors): boolean => !(e.itl_median <= 0.5);

export async function capacity(server: PacedServer): Promise<{ levels: CapacityLevel[]; trialbook: number; sdk: number }> {
  const levels: CapacityLevel[] = [];
  for (const rate of RATES) {
    await server.configure({ ttft_ms: 5, gap_ms: (1000 * STREAMS) / rate, tokens_per_chunk: 1, jitter_ms: 0 });
    const d = tempDir("trialbook-bench-");
    const file = writeExperiment(d, {
      name: "capacity",
      backends: { paced: { type: "openai", base_url: `${server.url}/v1` } },
      variants: [{ id: "paced", backend: "paced", model: "paced", format: "other" }],
      workload: { prompts: [{ id: "p", text: "hi" }], max_tokens: TOKENS, warmup: 0, repetitions: 1, concurrency: [STREAMS] },
    });
    await server.truth();
    const result = await runExperiment({ file, runsDir: join(d, "runs") });
    const truthA = await server.truth();
    const trialbook = errorsAgainst(fromTrials(result.written), truthA);
    await sdkStreams(`${server.url}/v1`, STREAMS, 4); // open the SDK's connections first, as trialbook warms its own
    await server.truth();
    const sdkObserved = await sdkStreams(`${server.url}/v1`, STREAMS, TOKENS);
    const truthB = await server.truth();
    const sdk = errorsAgainst(sdkObserved, truthB);
    levels.push({ rate, achieved_trialbook: achieved(truthA), achieved_sdk: achieved(truthB), trialbook, sdk });
  }
  const best = (pick: (l: CapacityLevel) => Errors, rateOf: (l: CapacityLevel) => number) => {
    let ok = 0;
    for (const l of levels) {
      if (drifts(pick(l))) break;
      ok = Math.max(ok, rateOf(l));
    }
    return ok;
  };
  return { levels, trialbook: best((l) => l.trialbook, (l) => l.achieved_trialbook), sdk: best((l) => l.sdk, (l) => l.achieved_sdk) };
}
