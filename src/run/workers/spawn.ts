/**
 * Starts a load worker thread on `entry`, from the built package (dist/…/entry.js, plain Node) or from the sources
 * (src/…/entry.ts under tsx: tests, `npm run trialbook`, the bench).
 *
 * Under tsx a worker does not get the TypeScript loader its parent was started with (Node 20 runs the worker's
 * `--import tsx` too late for its entry: ERR_UNKNOWN_FILE_EXTENSION), so the worker is started from a two-line shim
 * that registers tsx's loader in the worker first and then imports the entry.
 */
import { Worker } from "node:worker_threads";
import type { WorkerSetup } from "./protocol.js";

export function startWorker(setup: WorkerSetup): Worker {
  const here = import.meta.url;
  if (!here.endsWith(".ts")) return new Worker(new URL("./entry.js", here), { workerData: setup });
  const api = import.meta.resolve("tsx/esm/api");
  const entry = new URL("./entry.ts", here).href;
  const shim = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); });`;
  return new Worker(shim, { eval: true, workerData: setup, execArgv: [] });
}
