/**
 * What this core allows any sender, measured in the same run as trialbook's send lateness (bench/arrivals.ts), so a
 * reader can tell trialbook's own lateness from the machine's:
 *
 * - stalls: a busy loop that only reads the clock, for a few seconds. Every gap between two reads longer than 1 ms is
 *   time the process did not run at all (another process on the core, the hypervisor). No program on this core can
 *   send on time through those.
 * - a bare scheduler: the same schedule (same arrival process, rate and count as trialbook's level) sent by a loop that
 *   sleeps to 2 ms before each due time, then yields turn by turn as trialbook's open loop does. Its "send" either only
 *   takes the time (no HTTP, no trial, no store: the floor of the timing alone), or is a bare node:http request to the
 *   paced server whose response is read and dropped, made 5 ms ahead on the warm pool and written at its due time,
 *   stamped at the write as trialbook stamps its own (the floor of any Node sender on this core, with the same streams
 *   in flight).
 */
import http from "node:http";
import { quantile } from "../src/analyse/stats.js";
import { drawSchedule } from "../src/plan/arrivals.js";
import { ARM_MS, SPIN_MS, spinUntil } from "./built.js";

export interface Stalls {
  seconds: number;
  /** Gaps between two clock reads longer than 1 ms. */
  over_1ms: number;
  longest_ms: number;
  /** Share of the time lost in those gaps, %. */
  lost_pct: number;
}

export function spinStalls(seconds = 5): Stalls {
  const end = performance.now() + seconds * 1000;
  let last = performance.now();
  let over = 0;
  let longest = 0;
  let lost = 0;
  while (last < end) {
    const t = performance.now();
    const gap = t - last;
    if (gap > 1) {
      over++;
      lost += gap;
      longest = Math.max(longest, gap);
    }
    last = t;
  }
  return { seconds, over_1ms: over, longest_ms: longest, lost_pct: (100 * lost) / (seconds * 1000) };
}

export interface BareSchedule {
  n: number;
  lateness_p50: number;
  lateness_p99: number;
}

/**
 * Bare streaming requests to `url`, made ahead and held as trialbook holds its own (see SendGate): `hold()` makes one
 * on the warm pool and returns the function that writes it, stamping the write. The response is read and dropped.
 */
export function bareHttpSend(url: string): { hold: () => () => number; close: () => void } {
  const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity, noDelay: true });
  const body = JSON.stringify({ model: "paced", messages: [{ role: "user", content: "hi" }], max_tokens: 16, stream: true });
  const hold = () => {
    const req = http.request(`${url}/v1/chat/completions`, { method: "POST", agent, headers: { "content-type": "application/json", "content-length": String(Buffer.byteLength(body)) } }, (res) => res.resume());
    req.on("error", () => undefined);
    return () => {
      const t = performance.now();
      req.end(body);
      return t;
    };
  };
  return { hold, close: () => agent.destroy() };
}

/** `sender` absent: the send only takes the time. With one, each request is made ARM_MS before its due time and written at it. */
export async function bareSchedule(kind: "constant" | "poisson", rate: number, requests: number, sender?: { hold: () => () => number }, seed = 1): Promise<BareSchedule> {
  const due = drawSchedule({ arrivals: kind, rate, requests }, seed);
  const late: number[] = [];
  const t0 = performance.now();
  for (const offset of due) {
    const at = t0 + offset;
    const armWait = at - ARM_MS - performance.now();
    if (sender && armWait > 0) await new Promise((r) => setTimeout(r, armWait));
    const fire = sender?.hold();
    const wait = at - performance.now();
    if (wait > SPIN_MS) await new Promise((r) => setTimeout(r, wait - SPIN_MS));
    await spinUntil(at); // trialbook's own last stretch
    late.push((fire ? fire() : performance.now()) - at);
  }
  return { n: late.length, lateness_p50: quantile(late, 0.5) ?? Number.NaN, lateness_p99: quantile(late, 0.99) ?? Number.NaN };
}
