/**
 * A streaming HTTP request on node:http, timed at the edges: `sent` when the request goes onto its connection,
 * then each read of the body stamped in the `data` handler itself, before any parsing. A keep-alive agent per backend
 * lets warm-up requests open the connections the measured requests then reuse.
 */
import http from "node:http";
import https from "node:https";
import { TLSSocket } from "node:tls";
import { BackendError } from "../types.js";

/**
 * Consumers to wake, all at once, after the current poll phase. A socket's `data` handler only takes the time and
 * queues the bytes; waking the consumer directly would run its parsing (promise continuations) before libuv reads the
 * next ready socket, and in a burst of many streams every later socket would be timed late by the work on the earlier
 * ones. Deferring the wake-ups to one `setImmediate` lets every ready socket be timed first.
 */
const toWake = new Set<() => void>();
let wakeScheduled = false;
function wakeLater(fn: () => void): void {
  toWake.add(fn);
  if (wakeScheduled) return;
  wakeScheduled = true;
  setImmediate(() => {
    wakeScheduled = false;
    const all = [...toWake];
    toWake.clear();
    for (const f of all) f();
  });
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
}

/** A path under a base URL, whatever trailing slashes the base has. */
export const urlJoin = (base: string, path: string): URL => new URL(base.replace(/\/+$/, "") + path);

/**
 * One keep-alive agent per backend. "lifo" hands out the socket used last: at concurrency 1 every request rides the
 * same warm connection, and the idle ones left from a wider level are the ones servers close (cpp-httplib after 5 s),
 * so they are not picked while the server is closing them.
 */
export function makeAgent(url: URL): http.Agent {
  const options = { keepAlive: true, maxSockets: Infinity, scheduling: "lifo" as const };
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
 * Sends a request and yields `sent`, then every body read. A status ≥ 400 becomes an `http` error carrying the start
 * of the body; a body that ends before the response is complete becomes a `stream` error.
 */
export async function* streamHttp(req: StreamRequest): AsyncGenerator<HttpStreamEvent> {
  const queue: HttpStreamEvent[] = [];
  let done = false;
  let failure: BackendError | null = null;
  let wake: (() => void) | null = null;
  const notify = () => {
    const w = wake;
    wake = null;
    if (w) wakeLater(w);
  };
  const lib = req.url.protocol === "https:" ? https : http;
  const headers: Record<string, string> = { ...req.headers };
  if (req.body !== undefined) headers["content-length"] = String(Buffer.byteLength(req.body));
  let request: http.ClientRequest;
  const send = (): void => {
    req.egress?.record(req.url);
    request = lib.request(req.url, { method: req.method, headers, agent: req.agent, signal: req.signal });
    let answered = false;
    // `sent` is the moment the request goes onto its connection: the agent hands the request a socket and Node writes
    // the buffered request in that same tick (once connected, for a new connection). `finish` would be later and, under
    // load, late: it waits for a write callback queued behind every response being read (a 6 ms late send, so a TTFT
    // 6 ms short, was measured at 256 streams).
    request.once("socket", (socket) => {
      const stamp = () => {
        queue.push({ type: "sent", t: performance.now() });
        notify();
      };
      // A new connection writes the request once it is up: after the TLS handshake for https.
      if (socket.connecting) socket.once(socket instanceof TLSSocket ? "secureConnect" : "connect", stamp);
      else stamp();
    });
    request.on("response", (res) => {
      answered = true;
      onResponse(res);
    });
    request.on("error", (e) => {
      // A keep-alive socket the server closed just as we reused it (cpp-httplib closes idle connections after 5 s):
      // nothing was answered, so send again, as Node's docs advise (`reusedSocket`). The agent drops the dead socket
      // and may hand out another idle one that went stale at the same moment (every socket of the last concurrency
      // level idles out together), so this repeats while the socket was a reused one; a fresh connection that fails
      // is a real failure. Each retry removes one socket from the pool, so the loop ends.
      const code = (e as NodeJS.ErrnoException).code;
      if (!answered && request.reusedSocket && (code === "ECONNRESET" || code === "EPIPE") && !req.signal?.aborted) {
        queue.length = 0;
        send();
        return;
      }
      failure ??= toBackendError(e, req.url);
      done = true;
      notify();
    });
    request.end(req.body);
  };
  const onResponse = (res: http.IncomingMessage): void => {
    const status = res.statusCode ?? 0;
    if (status >= 400) {
      const parts: Buffer[] = [];
      res.on("data", (b: Buffer) => parts.push(b));
      res.on("end", () => {
        const text = Buffer.concat(parts).toString("utf8").replace(/\s+/g, " ").slice(0, 300);
        failure = new BackendError("http", `HTTP ${status} ${res.statusMessage ?? ""}: ${text}`.trim(), status);
        done = true;
        notify();
      });
      return;
    }
    req.onHeaders?.(res.headers);
    res.on("data", (bytes: Buffer) => {
      queue.push({ type: "read", t: performance.now(), bytes });
      notify();
    });
    res.on("end", () => {
      done = true;
      notify();
    });
    res.on("error", (e) => {
      failure ??= new BackendError("stream", `connection dropped mid-stream (${(e as NodeJS.ErrnoException).code ?? e.message})`);
      done = true;
      notify();
    });
  };
  send();
  try {
    for (;;) {
      const next = queue.shift();
      if (next) {
        yield next;
        continue;
      }
      if (failure) throw failure;
      if (done) return;
      await new Promise<void>((r) => (wake = r));
    }
  } finally {
    if (!done) request!.destroy();
  }
}

/** GET a JSON document (for model lists and version probes), with a time limit. */
export async function getJson(url: URL, options: { headers?: Record<string, string>; signal?: AbortSignal; timeoutMs?: number; agent?: http.Agent; egress?: StreamRequest["egress"] } = {}): Promise<unknown> {
  const signals = [AbortSignal.timeout(options.timeoutMs ?? 5000)];
  if (options.signal) signals.push(options.signal);
  const parts: Buffer[] = [];
  try {
    const request: StreamRequest = { url, method: "GET", headers: { accept: "application/json", ...options.headers }, signal: AbortSignal.any(signals) };
    if (options.agent) request.agent = options.agent;
    if (options.egress) request.egress = options.egress;
    for await (const ev of streamHttp(request)) {
      if (ev.type === "read") parts.push(ev.bytes);
    }
  } catch (e) {
    if ((e as Error).name === "AbortError") throw new BackendError("timeout", `no answer from ${url.host} within ${options.timeoutMs ?? 5000} ms`);
    throw e;
  }
  const text = Buffer.concat(parts).toString("utf8");
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new BackendError("stream", `${url.pathname} did not answer JSON: ${text.slice(0, 120)}`);
  }
}
