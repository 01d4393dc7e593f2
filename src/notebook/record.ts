/** The execution record a run notebook carries in `metadata.trialbook`, and the hashes of the runs it read. */
import { readdirSync, statSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { sha256 } from "../store/hash.js";
import type { CellRecord } from "./execute.js";
import type { Parameters } from "./parameters.js";

export interface RunRead {
  /** Relative to the executed notebook's folder, with forward slashes. */
  path: string;
  files: Array<{ name: string; sha256: string }>;
}

export interface ExecutionRecord {
  tool: { name: "trialbook"; version: string };
  kernel: { name: "tslab"; mode: "in-process"; tslab: string; typescript: string; node: string };
  /** The notebook that was run, relative to the executed notebook's folder. */
  source: string;
  parameters: Parameters;
  /** Parameters that name files or folders (rewritten relative to the executed notebook's folder). */
  path_parameters: string[];
  started_at: string;
  ended_at: string;
  status: "ok" | "error";
  failed_cell: CellRecord | null;
  cells: CellRecord[];
  runs_read: RunRead[];
}

export const posix = (p: string): string => p.split("\\").join("/");

/** sha256 of every file directly in a run folder (manifest, trials, experiment copy). */
export function hashRun(dir: string, base: string): RunRead {
  const files = readdirSync(dir)
    .filter((f) => statSync(join(dir, f)).isFile())
    .sort()
    .map((name) => ({ name, sha256: sha256(readFileSync(join(dir, name))) }));
  return { path: posix(relative(base, dir)) || ".", files };
}
