/**
 * A streaming HTTP request on node:http, timed at the edges: `sent` when the request goes onto its connection,
 * then each read of the body stamped in the `data` handler itself, before any parsing. A keep-alive agent per backend
 * lets warm-up requests open the connections the measured requests then reuse.
 */
import http from "node:http";
import https from "node:https";
import { TLSSocket } from "node:tls";
import { BackendError } from "../types.js";
import { onAbort } from "../../shared/abort.js";
import type { SendGate } from "../../shared/send-gate.js";
import { Queue } from "../queue.js";

/**
 * Consumers to wake, all at once, after the current poll phase. A socket's `data` handler only takes the time and
 * queues the bytes; waking the consumer directly would run its parsing (promise continuations) before libuv reads the
 * next ready socket, and in a burst of many streams every later socket would be timed late by the work on the earlier
 * ones. Deferring the wake-ups to one `setImmediate` lets every ready socket be timed first.
 */
let toWake = new Queue<() => void>();
let spare = new Queue<() => void>();
let wakeScheduled = false;
/**
 * How long one turn's wake-ups may run before the rest wait for the next turn. While consumers parse, no socket is
 * read: when many streams' tokens come at once (the first tokens of 256 streams), parsing them all in one turn timed
 * the reads that came meanwhile late by the whole batch (2.5 ms at 256 streams on the build machine, against 0.06 ms
 * for a client that parses nothing); with a budget they are read, and timed, within about this long.
 */
const WAKE_BUDGET_MS = 0.2;
/** Each consumer is queued once per wait (a reads queue hands its waiter over and forgets it), so a list will do. */
function wakeAll(): void {
  wakeScheduled = false;
  const all = toWake;
  toWake = spare; // wake-ups queued while these run wait for the next turn
  const until = performance.now() + WAKE_BUDGET_MS;
  for (let fn = all.shift(); fn !== undefined; fn = all.shift()) {
    fn();
    if (all.size > 0 && performance.now() >= until) {
      // over budget: the rest go to the next turn, after libuv has read the sockets that are ready by now
      for (let rest = all.shift(); rest !== undefined; rest = all.shift()) toWake.push(rest);
      if (!wakeScheduled) {
        wakeScheduled = true;
        setImmediate(wakeAll);
      }
    }
  }
  spare = all;
}
function wakeLater(fn: () => void): void {
  toWake.push(fn);
  if (wakeScheduled) return;
  wakeScheduled = true;
  setImmediate(wakeAll);
}
export type HttpStreamEvent = { type: "sent"; t: number } | { type: "read"; t: number; bytes: Buffer };

export interface StreamRequest {
  url: URL;
  method: "GET" | "POST";
  headers?: Record<string, string>;
  body?: string;
  signal: AbortSignal;
  agent?: http.Agent;
  /** Called once with the response headers of a successful response (e.g. to see a proxy's `x-litellm-*`). */
  onHeaders?: (headers: http.IncomingHttpHeaders) => void;
  /** Counts the request against its host in the run's egress log. */
  egress?: { record(url: URL): void };
  /**
   * Holds the request, made and on its connection, until the gate opens; then it is written and stamped `sent`. A
   * closed gate drops it unsent (the stream ends in a `stream` error that the caller knows to ignore).
   */
  gate?: SendGate;
}

/** A path under a base URL, whatever trailing slashes the base has. */
export const urlJoin = (base: string, path: string): URL => new URL(base.replace(/\/+$/, "") + path);

/**
 * One keep-alive agent per backend. "lifo" hands out the socket used last: at concurrency 1 every request rides the
 * same warm connection, and the idle ones left from a wider level are the ones servers close (cpp-httplib after 5 s),
 * so they are not picked while the server is closing them.
 */
export function makeAgent(url: URL): http.Agent {
  // noDelay: a request goes out in one write, never held back by Nagle's algorithm behind an unacknowledged one.
  const options = { keepAlive: true, maxSockets: Infinity, scheduling: "lifo" as const, noDelay: true };
  return url.protocol === "https:" ? new https.Agent(options) : new http.Agent(options);
}

const CONNECTION_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "EHOSTUNREACH", "ENETUNREACH", "ENOTFOUND", "EAI_AGAIN", "EPIPE", "ETIMEDOUT"]);

function toBackendError(e: unknown, url: URL): BackendError {
  if (e instanceof BackendError) return e;
  const err = e as NodeJS.ErrnoException;
  if (err.code && CONNECTION_CODES.has(err.code)) return new BackendError("connection", `${err.code} ${url.host}: ${err.message}`);
  return new BackendError("stream", err.message || String(e));
}

/**
 * The reads of one request, queued by the socket handlers and handed out in order: an async iterator written by hand
 * rather than an async generator, because a generator's `yield` costs several promise turns per read on the path
 * every streamed token takes. {@link HttpReads.take} hands a consumer that is already awake (the SSE parser) every
 * read queued so far without any promise at all.
 */
export class HttpReads implements AsyncGenerator<HttpStreamEvent, undefined> {
  private readonly queue = new Queue<HttpStreamEvent>();
  private ended = false;
  private failure: BackendError | null = null;
  private waiter: (() => void) | null = null;
  private readonly wakeWaiter = (): void => {
    const w = this.waiter;
    this.waiter = null;
    if (w) wakeLater(w);
  };
  private started = false;

  constructor(
    private readonly start: (reads: HttpReads) => void,
    private readonly stop: () => void,
  ) {}

  /** @internal Queues a socket event and wakes the consumer after the poll phase. */
  push(ev: HttpStreamEvent): void {
    this.queue.push(ev);
    this.wakeWaiter();
  }
  /** @internal The body is over (`failure` when it ended in an error). */
  finish(failure?: BackendError): void {
    if (failure) this.failure ??= failure;
    this.ended = true;
    this.wakeWaiter();
  }
  /** @internal Drops what was queued (a request sent again on a fresh socket). */
  clear(): void {
    this.queue.clear();
  }
  get done(): boolean {
    return this.ended;
  }

  /** The next queued read, if one is queued; throws the failure once the queue is empty. Sends on first use. */
  take(): HttpStreamEvent | undefined {
    this.begin();
    const ev = this.queue.shift();
    if (ev) return ev;
    if (this.failure) throw this.failure;
    return undefined;
  }

  /** Resolves when a read is queued or the body is over. */
  wait(): Promise<void> {
    return new Promise<void>((r) => this.onReady(r));
  }

  /** Calls `ready` (from the wake-up after the poll phase, never now) when a read is queued or the body is over. */
  onReady(ready: () => void): void {
    this.begin();
    if (this.queue.size > 0 || this.ended || this.failure) wakeLater(ready);
    else this.waiter = ready;
  }

  private begin(): void {
    if (this.started) return;
    this.started = true;
    this.start(this);
  }

  async next(): Promise<IteratorResult<HttpStreamEvent, undefined>> {
    for (;;) {
      let ev: HttpStreamEvent | undefined;
      try {
        ev = this.take();
      } catch (e) {
        this.close();
        throw e;
      }
      if (ev) return { value: ev, done: false };
      if (this.ended) {
        this.close();
        return { value: undefined, done: true };
      }
      await this.wait();
    }
  }
  /** The consumer stopped early: the request is dropped. */
  async return(): Promise<IteratorResult<HttpStreamEvent, undefined>> {
    this.close();
    return { value: undefined, done: true };
  }
  async throw(e: unknown): Promise<IteratorResult<HttpStreamEvent, undefined>> {
    this.close();
    throw e;
  }
  private close(): void {
    if (this.started && !this.ended) this.stop();
    this.ended = true;
    this.queue.clear();
  }
  [Symbol.asyncIterator](): this {
    return this;
  }
}

/**
 * Sends a request (on the first read) and yields `sent`, then every body read. A status ≥ 400 becomes an `http` error
 * carrying the start of the body; a body that ends before the response is complete becomes a `stream` error.
 */
export function streamHttp(req: StreamRequest): HttpReads {
  const lib = req.url.protocol === "https:" ? https : http;
  const headers: Record<string, string> = { ...req.headers };
  if (req.body !== undefined) headers["content-length"] = String(Buffer.byteLength(req.body));
  let request: http.ClientRequest | undefined;
  const send = (reads: HttpReads): void => {
    req.egress?.record(req.url);
    const r = lib.request(req.url, { method: req.method, headers, agent: req.agent });
    request = r;
    // The signal ends the request through one listener, removed once the request is over. Handing it to
    // `http.request` costs more per request (Node ties the signal to the stream with end-of-stream tracking).
    const signal = req.signal;
    const abort = (): void => {
      r.destroy(new BackendError("stream", "The operation was aborted"));
    };
    if (signal.aborted) abort();
    else {
      signal.addEventListener("abort", abort, { once: true });
      r.once("close", () => signal.removeEventListener("abort", abort));
    }
    let answered = false;
    // `sent` is the moment the request goes onto its connection. Without a gate: the agent hands the request a socket
    // and Node writes the buffered request in that same tick (once connected, for a new connection). `finish` would be
    // later and, under load, late: it waits for a write callback queued behind every response being read (a 6 ms late
    // send, so a TTFT 6 ms short, was measured at 256 streams). With a gate: when it opens, if the connection is up
    // by then (else when it comes up), as the request is written.
    let connected = false;
    let released = req.gate === undefined;
    const stamp = (): void => reads.push({ type: "sent", t: performance.now() });
    r.once("socket", (socket) => {
      const up = (): void => {
        connected = true;
        if (released) stamp();
      };
      // A new connection writes the request once it is up: after the TLS handshake for https.
      if (socket.connecting) socket.once(socket instanceof TLSSocket ? "secureConnect" : "connect", up);
      else up();
    });
    r.on("response", (res) => {
      answered = true;
      onResponse(res, reads);
    });
    r.on("error", (e) => {
      // A keep-alive socket the server closed just as we reused it (cpp-httplib closes idle connections after 5 s):
      // nothing was answered, so send again, as Node's docs advise (`reusedSocket`). The agent drops the dead socket
      // and may hand out another idle one that went stale at the same moment (every socket of the last concurrency
      // level idles out together), so this repeats while the socket was a reused one; a fresh connection that fails
      // is a real failure. Each retry removes one socket from the pool, so the loop ends.
      const code = (e as NodeJS.ErrnoException).code;
      if (!answered && r.reusedSocket && (code === "ECONNRESET" || code === "EPIPE") && !req.signal?.aborted) {
        reads.clear();
        send(reads);
        return;
      }
      reads.finish(toBackendError(e, req.url));
    });
    if (released) {
      r.end(req.body);
      return;
    }
    req.gate!.onSettle((go) => {
      if (r.destroyed) return; // it failed while held (or was sent again on a fresh socket)
      if (!go) {
        r.destroy(new BackendError("stream", "dropped unsent"));
        return;
      }
      released = true;
      if (connected) stamp();
      r.end(req.body);
    });
  };
  const onResponse = (res: http.IncomingMessage, reads: HttpReads): void => {
    const status = res.statusCode ?? 0;
    if (status >= 400) {
      const parts: Buffer[] = [];
      res.on("data", (b: Buffer) => parts.push(b));
      res.on("end", () => {
        const text = Buffer.concat(parts).toString("utf8").replace(/\s+/g, " ").slice(0, 300);
        reads.finish(new BackendError("http", `HTTP ${status} ${res.statusMessage ?? ""}: ${text}`.trim(), status));
      });
      return;
    }
    req.onHeaders?.(res.headers);
    // The time of each read is taken here, before anything else is done with its bytes.
    res.on("data", (bytes: Buffer) => reads.push({ type: "read", t: performance.now(), bytes }));
    res.on("end", () => reads.finish());
    res.on("error", (e) => reads.finish(new BackendError("stream", `connection dropped mid-stream (${(e as NodeJS.ErrnoException).code ?? e.message})`)));
  };
  return new HttpReads(send, () => request?.destroy());
}

/**
 * GET a JSON document (for model lists and version probes), with a time limit. The limit's timer is cleared as soon as
 * the answer is in: `warm` opens a level's connections with one of these each, and an `AbortSignal.timeout` would keep
 * its timer, signal and listeners alive for the whole limit — into the level, where every young-generation collection
 * copies them again.
 */
export async function getJson(url: URL, options: { headers?: Record<string, string>; signal?: AbortSignal; timeoutMs?: number; agent?: http.Agent; egress?: StreamRequest["egress"] } = {}): Promise<unknown> {
  const limit = options.timeoutMs ?? 5000;
  const abort = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    abort.abort(new Error("timeout"));
  }, limit);
  const offCaller = options.signal ? onAbort(options.signal, () => abort.abort(options.signal?.reason)) : () => undefined;
  const parts: Buffer[] = [];
  try {
    const request: StreamRequest = { url, method: "GET", headers: { accept: "application/json", ...options.headers }, signal: abort.signal };
    if (options.agent) request.agent = options.agent;
    if (options.egress) request.egress = options.egress;
    for await (const ev of streamHttp(request)) {
      if (ev.type === "read") parts.push(ev.bytes);
    }
  } catch (e) {
    if (timedOut) throw new BackendError("timeout", `no answer from ${url.host} within ${limit} ms`);
    throw e;
  } finally {
    clearTimeout(timer);
    offCaller();
  }
  const text = Buffer.concat(parts).toString("utf8");
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new BackendError("stream", `${url.pathname} did not answer JSON: ${text.slice(0, 120)}`);
  }
}
