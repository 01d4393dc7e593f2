/**
 * Fidelity against ground truth: trialbook runs against the paced server (OpenAI SSE and Ollama NDJSON) at
 * concurrency 1, 16 and 256, and every stored trial is compared with when the server really wrote each chunk.
 *
 * Every level uses the same per-stream pace (8 ms ± 3 ms between events), so 256 streams ask the client to take
 * 32k events/s — more than any real server streams at that load, and at this machine's one-core limit (section 3).
 * Level 256 is also run at a server's pace under that load, 25 ms between events (about 10k events/s in all).
 *
 * Each level runs {@link TRIES} times and the try with the median TTFT error is reported: one try on a shared machine
 * is as likely to show another process's time slice (the bench prints the core's stalls in section 5) as the client's.
 */
import http from "node:http";
import { join } from "node:path";
import { runExperiment } from "./built.js";
import { tempDir, writeExperiment } from "../test/helpers/experiments.js";
import type { PacedServer } from "./server-process.js";
import { errorsAgainst, fromTrials, type Errors, type Observed } from "./truth.js";
import { bareStreams } from "./baseline-bare-http.js";

export interface FidelityCase {
  protocol: "openai" | "ollama";
  concurrency: number;
  errors: Errors;
  /** Streamed events per second the schedule asks of the client (concurrency ÷ mean gap). */
  events_per_s: number;
}

const PACE = { ttft_ms: 40, gap_ms: 8, jitter_ms: 3, seed: 7 };

export const TRIES = 3;

/** The try whose `key` is the median. */
export function medianOf<T>(tries: T[], key: (t: T) => number): T {
  const k = (t: T) => (Number.isFinite(key(t)) ? key(t) : Infinity);
  return [...tries].sort((a, b) => k(a) - k(b))[Math.floor(tries.length / 2)]!;
}

/** Runs `once` {@link TRIES} times and keeps the try whose `key` is the median. */
export async function medianTry<T>(once: () => Promise<T>, key: (t: T) => number): Promise<T> {
  const tries: T[] = [];
  for (let i = 0; i < TRIES; i++) tries.push(await once());
  return medianOf(tries, key);
}

/**
 * Two clients' tries taken in turn (a, b, a, b, …), so that a drift of the machine over the minutes they take falls
 * on both alike: the tries of each, in order.
 */
export async function pairedTries<A, B>(a: () => Promise<A>, b: () => Promise<B>): Promise<{ a: A[]; b: B[] }> {
  const out = { a: [] as A[], b: [] as B[] };
  for (let i = 0; i < TRIES; i++) {
    out.a.push(await a());
    out.b.push(await b());
  }
  return out;
}

/** Requests measured one at a time at concurrency 1 (a TTFT sample per request), and rounds at 16. */
const rounds = (concurrency: number) => (concurrency === 1 ? 24 : concurrency === 16 ? 2 : 1);

export const LOADED_PACE = { gap_ms: 25, jitter_ms: 8 };

export async function fidelity(server: PacedServer, protocol: "openai" | "ollama", concurrency: number, pace: { gap_ms: number; jitter_ms: number } = PACE): Promise<FidelityCase> {
  await server.configure({ ...PACE, ...pace, tokens_per_chunk: protocol === "openai" ? 2 : 1 });
  const d = tempDir("trialbook-bench-");
  const backend = protocol === "openai" ? { type: "openai" as const, base_url: `${server.url}/v1` } : { type: "ollama" as const, host: server.url };
  const file = writeExperiment(d, {
    name: `fidelity-${protocol}-c${concurrency}`,
    backends: { paced: backend },
    variants: [{ id: "paced", backend: "paced", model: "paced", format: "other" }],
    workload: { prompts: [{ id: "p", text: "hi" }], max_tokens: 48, warmup: 1, repetitions: rounds(concurrency), concurrency: [concurrency] },
  });
  await server.truth(); // clear
  const result = await runExperiment({ file, runsDir: join(d, "runs") });
  const truth = await server.truth();
  return { protocol, concurrency, errors: errorsAgainst(fromTrials(result.written), truth), events_per_s: (1000 * concurrency) / pace.gap_ms };
}

/**
 * The same schedule read by the bare node:http client (bench/baseline-bare-http.ts: stamps reads, parses nothing),
 * OpenAI SSE only: the floor of the TTFT error on this machine and server, measured in the same run. As many
 * requests as trialbook's level measures (24 one at a time at concurrency 1), after one unmeasured warm-up.
 */
export async function bareFidelity(server: PacedServer, concurrency: number, pace: { gap_ms: number; jitter_ms: number } = PACE): Promise<Errors> {
  await server.configure({ ...PACE, ...pace, tokens_per_chunk: 2 });
  const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
  const base = `${server.url}/v1`;
  try {
    await bareStreams(base, Math.min(concurrency, 16), 48, agent); // warm: JIT, connections
    await server.truth(); // clear
    const observed: Observed[] = [];
    for (let i = 0; i < rounds(concurrency); i++) observed.push(...(await bareStreams(base, concurrency, 48, agent)));
    return errorsAgainst(observed, await server.truth());
  } finally {
    agent.destroy();
  }
}
