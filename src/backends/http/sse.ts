/**
 * Server-sent events over timed reads, parsed by eventsource-parser, mapped to backend events in the same step.
 *
 * Each event carries the time of the read that completed it, so an event split across reads is timed when its last
 * byte arrived. The protocol's {@link SseMapper} runs synchronously inside the parser's callback and pushes backend
 * events straight into the batch the read produced: one generator between the socket and the trial, no intermediate
 * event objects (the load generator's cost per streamed token is what `npm run bench` measures as capacity).
 */
import { createParser } from "eventsource-parser";
import type { HttpStreamEvent } from "./stream.js";
import { BackendError, type BackendEvent } from "../types.js";

/** An SSE event's data as JSON; anything else is a `stream` error quoting its start. */
export function sseJson<T>(data: string): T {
  try {
    return JSON.parse(data) as T;
  } catch {
    throw new BackendError("stream", `SSE event is not JSON: ${data.slice(0, 120)}`);
  }
}

/** One API's reading of its SSE events. */
export interface SseMapper {
  /** Handles one event, pushing any backend events it yields onto `out`; throws a BackendError on an error event. */
  event(t: number, data: string, name: string | undefined, out: BackendEvent[]): void;
  /**
   * The `end` event once the body is over (after pushing onto `out` any chunk the mapper still held, e.g. text held
   * back as a possible reasoning tag); throws a `stream` error when the stream ended incomplete.
   */
  end(t: number, out: BackendEvent[]): BackendEvent;
}

export async function* sseBackendEvents(reads: AsyncIterable<HttpStreamEvent>, mapper: SseMapper): AsyncGenerator<BackendEvent> {
  const decoder = new TextDecoder("utf-8");
  let t = 0;
  let out: BackendEvent[] = [];
  let failure: unknown = null;
  const parser = createParser({
    onEvent: (m) => {
      if (failure !== null) return;
      try {
        mapper.event(t, m.data, m.event, out);
      } catch (e) {
        failure = e;
      }
    },
  });
  let first = true;
  for await (const r of reads) {
    if (r.type === "sent") {
      yield r;
      continue;
    }
    t = r.t;
    if (first) {
      first = false;
      yield { type: "first_byte", t };
    }
    parser.feed(decoder.decode(r.bytes, { stream: true }));
    const batch = out;
    if (batch.length) out = [];
    for (const ev of batch) yield ev;
    if (failure !== null) throw failure;
  }
  // Whatever the body ended with is an event too (a last event without its blank line).
  t = performance.now();
  parser.feed(decoder.decode());
  parser.feed("\n\n");
  for (const ev of out) yield ev;
  if (failure !== null) throw failure;
  out = [];
  const end = mapper.end(performance.now(), out);
  for (const ev of out) yield ev;
  yield end;
}
