/**
 * A load worker thread: opens its own backend (from the validated config, with the API key it was handed), asks the
 * server who it is as preflight did (so requests take the same shape), warms its connections, then sends its share of
 * an open-loop level at the due times on the level's shared clock, posting each finished trial to the run's thread.
 */
import { parentPort, workerData } from "node:worker_threads";
import { createBackend } from "../../backends/registry.js";
import type { Backend, BackendContext, VariantSession } from "../../backends/types.js";
import { runOpenLoopGroup } from "../open-loop.js";
import type { FromWorker, ToWorker, WorkerSetup } from "./protocol.js";

const port = parentPort;
if (!port) throw new Error("run/workers/entry is a worker thread's entry; it is started by run/workers/pool");
const setup = workerData as WorkerSetup;
const post = (m: FromWorker) => port.postMessage(m);

const stop = new AbortController();
const halt = new AbortController();
let go: (epochMs: number) => void = () => undefined;
const started = new Promise<number>((resolve) => (go = resolve));
port.on("message", (m: ToWorker) => {
  if (m.type === "go") go(m.start_epoch_ms);
  else if (m.type === "halt") halt.abort(m.reason);
  else {
    stop.abort();
    go(Number.NaN);
  }
});

const context: BackendContext = {
  baseDir: setup.base_dir,
  logger: { info: (message) => post({ type: "log", level: "info", message }), warn: (message) => post({ type: "log", level: "warn", message }) },
  egress: { record: (url) => post({ type: "egress", url: url.href }) },
  ...(setup.api_key === undefined ? {} : { apiKey: setup.api_key }),
};

let backend: Backend | null = null;
let session: VariantSession | null = null;
try {
  backend = createBackend(setup.backend_id, setup.config, context);
  await backend.info().catch(() => undefined);
  session = await backend.open(setup.variant, setup.open);
  if (setup.warm > 0) await session.warm?.(setup.warm).catch(() => undefined);
  post({ type: "ready" });
} catch (e) {
  post({ type: "failed", message: (e as Error).message ?? String(e) });
}
if (session) {
  const startEpoch = await started;
  if (!stop.signal.aborted) {
    await runOpenLoopGroup(session, setup.group, setup.shard, {
      request: setup.request,
      timeoutMs: setup.timeout_ms,
      keepOutput: setup.keep_output,
      session: setup.session,
      stop: stop.signal,
      onTrial: (trial) => post({ type: "trial", trial }),
      start: startEpoch - performance.timeOrigin,
      halt: halt.signal,
      inFlight: setup.in_flight,
    });
  }
  await session.close().catch(() => undefined);
}
await backend?.close().catch(() => undefined);
post({ type: "done" });
port.close();
