/**
 * Heap allocated per streamed event, trialbook against the bare node:http client (bench/baseline-bare-http.ts), on
 * the paced server as bench/cpu-per-event.ts streams it (its `streamingClients`): V8's sampling heap profiler counts every object allocated,
 * the collected ones included, over a 64 × 160- and a 64 × 960-token run of each client, and the figure is the slope
 * between them, so what a run allocates once (reading the experiment, the store) drops out. Unlike time it hardly moves
 * with what else the machine runs, and it is what calls the young-generation collections that pause every stream in
 * flight (their cost is what survives them, paid at every collection).
 */
import http from "node:http";
import { Session } from "node:inspector/promises";
import type { PacedServer } from "./server-process.js";
import { LONG, SHORT, streamingClients } from "./cpu-per-event.js";

interface ProfileNode {
  selfSize: number;
  children: ProfileNode[];
}
const total = (n: ProfileNode): number => n.children.reduce((sum, c) => sum + total(c), n.selfSize);

/** Bytes allocated while `run` runs, and the events it streamed. */
async function sampled(session: Session, run: () => Promise<number>): Promise<{ bytes: number; events: number }> {
  await session.post("HeapProfiler.startSampling", { samplingInterval: 1024, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true });
  const events = await run();
  const { profile } = await session.post("HeapProfiler.stopSampling");
  return { bytes: total(profile.head as unknown as ProfileNode), events };
}

export interface AllocationsPerEvent {
  trialbook_bytes: number;
  bare_bytes: number;
}

export async function allocationsPerEvent(server: PacedServer): Promise<AllocationsPerEvent> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
  const clients = await streamingClients(server, agent);
  const session = new Session();
  session.connect();
  const out = {} as AllocationsPerEvent;
  try {
    await session.post("HeapProfiler.enable");
    for (const name of ["trialbook", "bare"] as const) {
      await clients[name](SHORT); // warm: JIT, connections
      const short = await sampled(session, () => clients[name](SHORT));
      const long = await sampled(session, () => clients[name](LONG));
      out[`${name}_bytes`] = (long.bytes - short.bytes) / (long.events - short.events);
    }
  } finally {
    session.disconnect();
    agent.destroy();
  }
  await server.truth(); // clear
  return out;
}
