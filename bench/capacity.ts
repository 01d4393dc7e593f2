/**
 * Load-generator capacity: streams at rising aggregate token rates from the paced server (64 streams, one token per
 * SSE event, the gap per stream shrinking), measured by three clients at every level: trialbook (a whole run through
 * the runner and store), the openai npm SDK's streaming (what a user might write), and a bare node:http client that
 * only stamps each read and counts its events (the floor: what any Node client reaches on this machine if its own work
 * cost nothing). A level "drifts" for a client when its median ITL error exceeds 0.5 ms (measured ITL drifting from
 * the truth); each level is run three times, the clients taking turns, and judged on the median of the three. The
 * capacity is the highest token rate the server really streamed before the first level that drifts.
 *
 * "Drifts": the median |ITL error| exceeds 0.5 ms, or a quarter of the true median gap when gaps are shorter than
 * 2 ms (at 100k tok/s over 64 streams a token comes every 0.64 ms, and an error of 0.4 ms is no longer a measurement
 * of that gap).
 */
import http from "node:http";
import { join } from "node:path";
import { runExperiment } from "./built.js";
import { median } from "../src/analyse/stats.js";
import { tempDir, writeExperiment } from "../test/helpers/experiments.js";
import type { PacedServer } from "./server-process.js";
import { errorsAgainst, fromTrials, idsOf, streamedRate, type Errors, type Observed } from "./truth.js";
import { sdkStreams } from "./baseline-openai-sdk.js";
import { bareStreams } from "./baseline-bare-http.js";

export const STREAMS = 64;
export const RATES = [5_000, 10_000, 20_000, 30_000, 40_000, 50_000, 60_000, 75_000, 100_000, 150_000];
const TOKENS = 160;
const TRIES = 3;
export const CLIENTS = ["trialbook", "sdk", "bare"] as const;
export type Client = (typeof CLIENTS)[number];

export interface ClientLevel {
  /** Really streamed, from the server's record: Σ tokens / (last write − first write); median of the tries. */
  achieved: number;
  /** The try with the median ITL error. */
  errors: Errors;
}
export interface CapacityLevel {
  /** Offered: streams ÷ gap. */
  rate: number;
  clients: Record<Client, ClientLevel>;
}

/** One try of one client at a level: its errors against the truth and the token rate the server really streamed. */
type Try = { errors: Errors; achieved: number };

export const driftLimit = (e: Errors): number => Math.min(0.5, 0.25 * e.true_itl_median);
const drifts = (e: Errors): boolean => !(e.itl_median <= driftLimit(e));

async function trialbookStreams(server: PacedServer): Promise<Observed[]> {
  const d = tempDir("trialbook-bench-");
  const file = writeExperiment(d, {
    name: "capacity",
    backends: { paced: { type: "openai", base_url: `${server.url}/v1` } },
    variants: [{ id: "paced", backend: "paced", model: "paced", format: "other" }],
    workload: { prompts: [{ id: "p", text: "hi" }], max_tokens: TOKENS, warmup: 0, repetitions: 1, concurrency: [STREAMS] },
  });
  const result = await runExperiment({ file, runsDir: join(d, "runs") });
  return fromTrials(result.written);
}

export async function capacity(server: PacedServer, maxRate = Infinity): Promise<{ levels: CapacityLevel[]; best: Record<Client, number> }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
  const base = `${server.url}/v1`;
  const run: Record<Client, () => Promise<Observed[]>> = {
    trialbook: () => trialbookStreams(server),
    sdk: () => sdkStreams(base, STREAMS, TOKENS),
    bare: () => bareStreams(base, STREAMS, TOKENS, agent),
  };
  // Warm every client once at a low rate (JIT, connections), outside the record.
  await server.configure({ ttft_ms: 5, gap_ms: 2, tokens_per_chunk: 1, jitter_ms: 0 });
  for (const c of CLIENTS) await run[c]();
  const levels: CapacityLevel[] = [];
  for (const rate of RATES.filter((r) => r <= maxRate)) {
    await server.configure({ ttft_ms: 5, gap_ms: (1000 * STREAMS) / rate, tokens_per_chunk: 1, jitter_ms: 0 });
    const clients = {} as Record<Client, ClientLevel>;
    // The clients take turns, try by try (and the first of each round moves along), so that a noisy stretch of this
    // machine falls on all three rather than on the three tries of one client.
    const tries = Object.fromEntries(CLIENTS.map((c) => [c, [] as Try[]])) as Record<Client, Try[]>;
    for (let i = 0; i < TRIES; i++) {
      for (let k = 0; k < CLIENTS.length; k++) {
        const c = CLIENTS[(i + k) % CLIENTS.length]!;
        await server.truth(); // clear
        const observed = await run[c]();
        const truth = await server.truth();
        tries[c].push({ errors: errorsAgainst(observed, truth), achieved: streamedRate(truth, idsOf(observed), (t) => t.tokens.reduce((x, y) => x + y, 0)) });
      }
    }
    for (const c of CLIENTS) {
      const key = (e: Errors) => (Number.isFinite(e.itl_median) ? e.itl_median : Infinity);
      const own = tries[c].sort((a, b) => key(a.errors) - key(b.errors));
      const mid = own[Math.floor(TRIES / 2)] ?? own[0];
      clients[c] = { errors: mid?.errors ?? errorsAgainst([], {}), achieved: median(own.map((t) => t.achieved)) ?? 0 };
    }
    levels.push({ rate, clients });
  }
  agent.destroy();
  const best = {} as Record<Client, number>;
  for (const c of CLIENTS) {
    let ok = 0;
    for (const l of levels) {
      if (drifts(l.clients[c].errors)) break;
      ok = Math.max(ok, l.clients[c].achieved);
    }
    best[c] = ok;
  }
  return { levels, best };
}
