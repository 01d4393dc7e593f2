/**
 * Server-sent events over timed reads, parsed by eventsource-parser. Each event carries the time of the read that
 * completed it, so an event split across reads is timed when its last byte arrived.
 */
import { createParser, type EventSourceMessage } from "eventsource-parser";
import type { HttpStreamEvent } from "./stream.js";
import { BackendError } from "../types.js";

/** An SSE event's data as JSON; anything else is a `stream` error quoting its start. */
export function sseJson<T>(data: string): T {
  try {
    return JSON.parse(data) as T;
  } catch {
    throw new BackendError("stream", `SSE event is not JSON: ${data.slice(0, 120)}`);
  }
}

export type TimedSse = { type: "sent"; t: number } | { type: "first_byte"; t: number } | { type: "event"; t: number; data: string; event?: string };

export async function* sseEvents(reads: AsyncIterable<HttpStreamEvent>): AsyncGenerator<TimedSse> {
  const decoder = new TextDecoder("utf-8");
  const pending: EventSourceMessage[] = [];
  const parser = createParser({ onEvent: (m) => pending.push(m) });
  let first = true;
  for await (const r of reads) {
    if (r.type === "sent") {
      yield r;
      continue;
    }
    if (first) {
      first = false;
      yield { type: "first_byte", t: r.t };
    }
    parser.feed(decoder.decode(r.bytes, { stream: true }));
    for (const m of pending.splice(0)) yield m.event === undefined ? { type: "event", t: r.t, data: m.data } : { type: "event", t: r.t, data: m.data, event: m.event };
  }
  parser.feed(decoder.decode());
  parser.feed("\n\n");
  for (const m of pending.splice(0)) yield { type: "event", t: performance.now(), data: m.data };
}
