/** Where runs live: `<runs-dir>/<experiment>/<run-id>/`. Run ids sort by time: `YYYYMMDD-HHMMSS-xxxx` (UTC). */
import { existsSync, mkdirSync, readdirSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { MANIFEST_FILE } from "./manifest.js";

export function newRunId(now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, "").replace("T", "-").slice(0, 15);
  return `${stamp}-${randomBytes(2).toString("hex")}`;
}

export function experimentRunsDir(runsDir: string, experiment: string): string {
  return join(runsDir, experiment);
}

export function listRuns(runsDir: string, experiment: string): string[] {
  const dir = experimentRunsDir(runsDir, experiment);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((d) => existsSync(join(dir, d, MANIFEST_FILE)))
    .sort();
}

/** Resolves `--resume ID|latest` to a run folder, or explains why not. */
export function findRun(runsDir: string, experiment: string, which: string): { dir: string; id: string } | { problem: string } {
  const runs = listRuns(runsDir, experiment);
  const id = which === "latest" ? runs[runs.length - 1] : runs.find((r) => r === which);
  if (id === undefined) {
    const where = experimentRunsDir(runsDir, experiment);
    return { problem: which === "latest" ? `no run of "${experiment}" in ${where} to resume` : `no run "${which}" in ${where}; runs: ${runs.join(", ") || "none"}` };
  }
  return { dir: join(experimentRunsDir(runsDir, experiment), id), id };
}

export function createRunDir(runsDir: string, experiment: string): { dir: string; id: string } {
  const id = newRunId();
  const dir = join(experimentRunsDir(runsDir, experiment), id);
  mkdirSync(dir, { recursive: true });
  return { dir, id };
}
