/**
 * Server-sent events over timed reads, parsed by eventsource-parser, mapped to backend events in the same step.
 *
 * Each event carries the time of the read that completed it, so an event split across reads is timed when its last
 * byte arrived. The protocol's {@link SseMapper} runs synchronously inside the parser's callback and pushes backend
 * events straight into the batch the reads produced: one iterator between the socket and the trial, no intermediate
 * event objects (the load generator's cost per streamed token is what `npm run bench` measures as capacity). When the
 * reads come from {@link streamHttp}, every read queued since the last wake-up is parsed in one go, without a promise
 * per read; the iterator is written by hand, not as an async generator, for the same reason (a generator's `yield`
 * costs several promise turns per event).
 */
import { StringDecoder } from "node:string_decoder";
import { createParser, type EventSourceParser } from "eventsource-parser";
import { HttpReads, type HttpStreamEvent } from "./stream.js";
import { BackendError, type BackendEvent, type EventOut, type Pumpable } from "../types.js";
import { Queue } from "../queue.js";

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
  event(t: number, data: string, name: string | undefined, out: EventOut): void;
  /**
   * The `end` event once the body is over (after pushing onto `out` any chunk the mapper still held, e.g. text held
   * back as a possible reasoning tag); throws a `stream` error when the stream ended incomplete.
   */
  end(t: number, out: EventOut): BackendEvent;
}

const DONE: IteratorReturnResult<undefined> = { value: undefined, done: true };

class SseEvents implements AsyncGenerator<BackendEvent, undefined>, Pumpable {
  /** UTF-8 across reads (a character cut between two reads is completed by the next); node's decoder is the fast one. */
  private readonly decoder = new StringDecoder("utf8");
  private readonly parser: EventSourceParser;
  private t = 0;
  /** Events parsed and not yet handed out. */
  private readonly out = new Queue<BackendEvent>();
  private failure: unknown = null;
  private firstRead = true;
  private firstText = true;
  /** The body is over and the `end` event queued (or a failure stopped the stream). */
  private over = false;

  constructor(
    private readonly reads: AsyncIterator<HttpStreamEvent>,
    private readonly mapper: SseMapper,
  ) {
    this.parser = createParser({
      onEvent: (m) => {
        if (this.failure !== null) return;
        try {
          mapper.event(this.t, m.data, m.event, this.out);
        } catch (e) {
          this.failure = e;
        }
      },
    });
  }

  /**
   * Parses as far as the reads queued so far go, and says where the stream stands: events are `ready` in `out`, it
   * `failed`, it is `over`, or it must `wait` for more reads from {@link streamHttp}; from any other iterator, a
   * promise of its next read, parsed.
   */
  private advance(): "ready" | "failed" | "over" | "wait" | Promise<void> {
    const reads = this.reads;
    for (;;) {
      if (this.out.size > 0) return "ready";
      if (this.failure !== null) return "failed";
      if (this.over) return "over";
      if (!(reads instanceof HttpReads)) {
        return reads.next().then(
          (r) => (r.done ? this.finish() : this.read(r.value)),
          (e: unknown) => {
            this.failure = e;
          },
        );
      }
      if (this.drain(reads)) return "wait";
    }
  }

  /** Parses every read queued so far; true when nothing came of them yet and more reads must be waited for. */
  private drain(reads: HttpReads): boolean {
    for (;;) {
      let r: HttpStreamEvent | undefined;
      try {
        r = reads.take();
      } catch (e) {
        this.failure = e;
        return false;
      }
      if (r) {
        this.read(r);
        if (this.failure !== null) return false;
        continue;
      }
      if (this.out.size > 0) return false;
      if (reads.done) {
        this.finish();
        return false;
      }
      return true;
    }
  }

  /** Ends the stream early (a failure, or a consumer that stopped): drops what is queued, and the request. */
  private stop(): Promise<unknown> {
    this.over = true;
    this.out.clear();
    return Promise.resolve(this.reads.return?.());
  }

  private takeFailure(): unknown {
    const failure = this.failure;
    this.failure = null;
    return failure;
  }

  /**
   * Not an async function: one resolved promise per event handed out, and one `then` per wait for reads, instead of
   * an async function's frame per call (those frames were a third of this path's garbage).
   */
  next(): Promise<IteratorResult<BackendEvent, undefined>> {
    const state = this.advance();
    switch (state) {
      case "ready":
        return Promise.resolve({ value: this.out.shift()!, done: false });
      case "failed": {
        const failure = this.takeFailure();
        return this.stop().then(() => {
          throw failure;
        });
      }
      case "over":
        return Promise.resolve(DONE);
      case "wait":
        return (this.reads as HttpReads).wait().then(this.again);
      default:
        return state.then(this.again);
    }
  }
  private readonly again = (): Promise<IteratorResult<BackendEvent, undefined>> => this.next();

  /**
   * Hands every event to `sink` as soon as it is parsed, in order, and resolves when the stream is over (rejects with
   * its failure, or with what `sink` threw). Over {@link streamHttp}'s reads this takes no promise per event at all:
   * the wake-up after the poll phase parses the queued reads and calls `sink` directly.
   */
  pump(sink: (ev: BackendEvent) => void): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const fail = (e: unknown): void => {
        this.stop().then(
          () => reject(e),
          () => reject(e),
        );
      };
      const step = (): void => {
        try {
          for (;;) {
            const state = this.advance();
            if (state === "ready") {
              for (let ev = this.out.shift(); ev !== undefined; ev = this.out.shift()) sink(ev);
            } else if (state === "failed") return fail(this.takeFailure());
            else if (state === "over") return resolve();
            else if (state === "wait") return (this.reads as HttpReads).onReady(step);
            else return void state.then(step, fail);
          }
        } catch (e) {
          fail(e);
        }
      };
      step();
    });
  }

  private read(r: HttpStreamEvent): void {
    if (r.type === "sent") {
      this.out.push(r);
      return;
    }
    this.t = r.t;
    if (this.firstRead) {
      this.firstRead = false;
      this.out.push({ type: "first_byte", t: r.t });
    }
    this.feed(this.decoder.write(r.bytes));
  }

  private feed(text: string): void {
    if (this.firstText && text) {
      this.firstText = false;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1); // a byte order mark is not part of the stream
    }
    if (text) this.parser.feed(text);
  }

  /** Whatever the body ended with is an event too (a last event without its blank line); then the `end` event. */
  private finish(): void {
    this.over = true;
    this.t = performance.now();
    this.feed(this.decoder.end());
    this.parser.feed("\n\n");
    if (this.failure !== null) return;
    try {
      const tail: BackendEvent[] = [];
      const end = this.mapper.end(performance.now(), tail);
      for (const ev of tail) this.out.push(ev);
      this.out.push(end);
    } catch (e) {
      this.failure = e;
    }
  }

  /** The consumer stopped early: the request is dropped. */
  async return(): Promise<IteratorResult<BackendEvent, undefined>> {
    await this.stop();
    return DONE;
  }
  async throw(e: unknown): Promise<IteratorResult<BackendEvent, undefined>> {
    await this.return();
    throw e;
  }
  [Symbol.asyncIterator](): this {
    return this;
  }
}

export function sseBackendEvents(reads: AsyncIterable<HttpStreamEvent>, mapper: SseMapper): AsyncGenerator<BackendEvent, undefined> & Pumpable {
  return new SseEvents(reads[Symbol.asyncIterator](), mapper);
}
