/**
 * Heap a client keeps alive per chunk while its streams are in flight, trialbook against the bare node:http client
 * (bench/baseline-bare-http.ts, which keeps one number per chunk): 64 streams of 960 tokens at a 2 ms pace (32k tokens/s,
 * well within either client's reach), and twice during the streams a full collection, then the live heap. The figure
 * is the growth between the two readings divided by the chunks the paced server wrote between them (from its record
 * of write times), so what a run holds from its start (the experiment, the store, the connections) drops out. This is
 * what every young-generation collection during the streams copies again while it pauses them all. (trialbook's chunk
 * columns are typed arrays sized at the request's start, outside the heap — 21 bytes per token asked for, up to 4,096,
 * then doubling — so they do not grow between the readings.)
 */
import http from "node:http";
import { getHeapStatistics } from "node:v8";
import type { PacedServer } from "./server-process.js";
import { collect, streamingClients } from "./cpu-per-event.js";
import { toShared } from "./clock.js";

const TOKENS = 960;
const GAP_MS = 2;
/** The readings, ms after the streams are asked for: both well inside the ~1.9 s the streams take. */
const FIRST_MS = 600;
const SECOND_MS = 1400;

/** Bytes of live heap per chunk in flight (slope). */
export interface LiveHeap {
  trialbook: number;
  bare: number;
}

const reading = () => {
  collect();
  return { heap: getHeapStatistics().used_heap_size, at: toShared(performance.now()) };
};

async function perChunk(server: PacedServer, run: () => Promise<unknown>): Promise<number> {
  await server.truth(); // clear
  const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const t0 = performance.now();
  const done = run();
  await wait(FIRST_MS);
  const a = reading();
  await wait(SECOND_MS - (performance.now() - t0));
  const b = reading();
  await done;
  const truth = await server.truth();
  const chunks = Object.values(truth).reduce((n, t) => n + t.writes.filter((w) => w >= a.at && w < b.at).length, 0);
  return (b.heap - a.heap) / chunks;
}

export async function liveHeapPerChunk(server: PacedServer): Promise<LiveHeap> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
  try {
    const clients = await streamingClients(server, agent, GAP_MS);
    for (const run of Object.values(clients)) await run(TOKENS); // warm: JIT, connections
    return { trialbook: await perChunk(server, () => clients.trialbook(TOKENS)), bare: await perChunk(server, () => clients.bare(TOKENS)) };
  } finally {
    agent.destroy();
    await server.truth(); // clear
  }
}
