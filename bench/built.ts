/**
 * The trialbook the bench measures: the build in dist/ (`npm run bench` builds it first), the code the `trialbook`
 * command and the installed package run — not src/ through tsx. tsx compiles with esbuild's `keepNames`, which wraps
 * every named function a request creates (its handlers, its closures) in an `Object.defineProperty` call: CPU and a
 * larger live heap per request that no user runs (at 256 streams in flight, 4.7 MB of live heap from tsx against
 * 4.2 MB from dist, and the young-generation collections copy what is live).
 *
 * The modules are loaded by URL so that type checking needs no build (their types come from src/, which dist/ is
 * built from). What is not measured — statistics over the results, the paced server's RNG — stays on src/.
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type * as Runner from "../src/run/runner.js";
import type * as OpenLoop from "../src/run/open-loop.js";
import type * as Engine from "../src/backends/llama-cpp/engine.js";
import type * as LoadRun from "../src/analyse/load-run.js";
import type * as Summary from "../src/analyse/summary.js";
import type * as Report from "../src/render/report/write.js";
import type * as Notebook from "../src/notebook/run.js";

const dist = new URL("../dist/", import.meta.url);
if (!existsSync(fileURLToPath(new URL("index.js", dist)))) {
  process.stderr.write("bench: dist/ is missing — run `npm run bench` (it builds first) or `npm run build`\n");
  process.exit(2);
}
const load = async <T>(path: string): Promise<T> => (await import(new URL(path, dist).href)) as T;

export const { runExperiment } = await load<typeof Runner>("run/runner.js");
export const { ARM_MS, SPIN_MS, spinUntil } = await load<typeof OpenLoop>("run/open-loop.js");
export const { captureLog, loadEngine, parsePerfLines } = await load<typeof Engine>("backends/llama-cpp/engine.js");
export const { readRun } = await load<typeof LoadRun>("analyse/load-run.js");
export const { summarizeRun } = await load<typeof Summary>("analyse/summary.js");
export const { writeReport } = await load<typeof Report>("render/report/write.js");
export const { runNotebook } = await load<typeof Notebook>("notebook/run.js");
