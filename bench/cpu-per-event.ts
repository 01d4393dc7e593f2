/**
 * The client's CPU per streamed event, trialbook against the bare node:http client (bench/baseline-bare-http.ts), in
 * the same run on the same paced server: each client streams 64 × 160 and 64 × 960 tokens (one token per SSE event)
 * and the process's CPU time (user + system) is read around each run; the cost per event is the slope between the two
 * lengths, so what a run costs once (reading the experiment, preflight, opening the store, the bare client's request
 * setup) drops out. Its inverse is the events per second one core can take. CPU time moves much less than the ITL-drift
 * capacity above with what else the machine runs (other processes take turns on the core), though caches and a
 * shared core still move it: the two clients take turns try by try (not all of one, then all of the other), each try
 * starts after a full garbage collection (so one client's garbage is not collected on the other's clock), and they are
 * compared within one run, not across runs.
 */
import http from "node:http";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { join } from "node:path";
import { runExperiment } from "./built.js";
import { median } from "../src/analyse/stats.js";
import { tempDir, writeExperiment } from "../test/helpers/experiments.js";
import type { PacedServer } from "./server-process.js";
import { fromTrials, type Observed } from "./truth.js";
import { bareStreams } from "./baseline-bare-http.js";

export const STREAMS = 64;
/** The two run lengths whose difference gives a per-event slope. */
export const SHORT = 160;
export const LONG = 960;
const TRIES = 5;

/** A full collection before each try, so no client's garbage is collected on another's clock (the CPU read is process-wide). */
setFlagsFromString("--expose-gc");
export const collect = runInNewContext("gc") as () => void;

/** One run of `STREAMS` requests of `tokens` tokens through the runner and store. */
async function trialbookStreams(server: PacedServer, tokens: number): Promise<Observed[]> {
  const d = tempDir("trialbook-bench-");
  const file = writeExperiment(d, {
    name: "cpu",
    backends: { paced: { type: "openai", base_url: `${server.url}/v1` } },
    variants: [{ id: "paced", backend: "paced", model: "paced", format: "other" }],
    workload: { prompts: [{ id: "p", text: "hi" }], max_tokens: tokens, warmup: 0, repetitions: 1, concurrency: [STREAMS] },
  });
  return fromTrials((await runExperiment({ file, runsDir: join(d, "runs") })).written);
}

/**
 * The two clients as the per-event measures run them against the paced server: each streams `STREAMS` × `tokens` and
 * resolves to the events it read. The default pace offers 150k events/s, more than either client takes, so each runs
 * flat out; `gapMs` sets another gap per stream.
 */
export async function streamingClients(server: PacedServer, agent: http.Agent, gapMs = (1000 * STREAMS) / 150_000): Promise<Record<"trialbook" | "bare" | "bare_json", (tokens: number) => Promise<number>>> {
  await server.configure({ ttft_ms: 5, gap_ms: gapMs, tokens_per_chunk: 1, jitter_ms: 0 });
  const events = (observed: Observed[]) => observed.reduce((n, o) => n + o.chunks.length, 0);
  return {
    trialbook: async (tokens) => events(await trialbookStreams(server, tokens)),
    bare: async (tokens) => events(await bareStreams(`${server.url}/v1`, STREAMS, tokens, agent)),
    bare_json: async (tokens) => events(await bareStreams(`${server.url}/v1`, STREAMS, tokens, agent, true)),
  };
}

export interface CpuPerEvent {
  /** CPU µs per streamed event (slope). */
  trialbook_us: number;
  bare_us: number;
  /** The bare client that also parses each event's JSON (what any correct client must do). */
  bare_json_us: number;
}

export async function cpuPerEvent(server: PacedServer): Promise<CpuPerEvent> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
  const clients = await streamingClients(server, agent);
  const out = {} as CpuPerEvent;
  const names = Object.keys(clients) as Array<keyof typeof clients>;
  // per client and length: the CPU ms and events of each try
  type Tries = Record<number, { cpu: number[]; events: number[] }>;
  const seen: Record<string, Tries> = Object.fromEntries(names.map((n) => [n, { [SHORT]: { cpu: [], events: [] }, [LONG]: { cpu: [], events: [] } } as Tries]));
  try {
    for (const name of names) await clients[name](SHORT); // warm: JIT, connections
    // the clients take turns try by try, so a change in what else the machine runs falls on both alike
    for (let i = 0; i < TRIES; i++) {
      for (const tokens of [SHORT, LONG]) {
        for (const name of names) {
          collect();
          const c0 = process.cpuUsage();
          const events = await clients[name](tokens);
          const c = process.cpuUsage(c0);
          seen[name]![tokens]!.cpu.push((c.user + c.system) / 1000);
          seen[name]![tokens]!.events.push(events);
        }
      }
    }
    for (const name of names) {
      const at = (tokens: number) => ({ cpu: median(seen[name]![tokens]!.cpu) ?? NaN, events: median(seen[name]![tokens]!.events) ?? NaN });
      const short = at(SHORT);
      const long = at(LONG);
      out[`${name}_us` as keyof CpuPerEvent] = (1000 * (long.cpu - short.cpu)) / (long.events - short.events);
    }
  } finally {
    agent.destroy();
  }
  await server.truth(); // clear
  return out;
}
