/**
 * Runs as danfojs DataFrames, for notebooks. danfo is imported lazily (it takes seconds to load), so commands
 * that do not use DataFrames stay fast.
 */
import type { DataFrame } from "danfojs";
import { readRun, type StoredRun } from "./load-run.js";
import { chunkRows, trialRows } from "./rows.js";
import { summarizeRun } from "./summary.js";
import { compareRuns, type CompareOptions } from "./compare.js";

export type Danfo = typeof import("danfojs");
let danfoModule: Promise<Danfo> | undefined;
export const danfo = (): Promise<Danfo> => (danfoModule ??= import("danfojs"));

function frameWith(d: Danfo, rows: ReadonlyArray<object>, columns: readonly string[]): DataFrame {
  if (rows.length === 0) return new d.DataFrame([], { columns: [...columns] });
  return new d.DataFrame(rows.map((r) => ({ ...r })) as never);
}

/** A DataFrame of plain rows; with no rows, an empty frame that still has the columns. */
export async function frame(rows: ReadonlyArray<object>, columns: readonly string[]): Promise<DataFrame> {
  return frameWith(await danfo(), rows, columns);
}

export interface LoadedRun {
  run: StoredRun;
  /** One row per trial (see `TrialRow`). */
  trials: DataFrame;
  /** One row per streamed chunk (see `ChunkRow`). */
  chunks: DataFrame;
}

const TRIAL_COLUMNS = ["run_id", "trial", "variant", "prompt", "concurrency", "warmup", "ttft_ms", "e2e_ms", "tpot_ms"];
const CHUNK_COLUMNS = ["run_id", "trial", "variant", "index", "t_ms", "gap_ms", "tokens", "kind"];

/**
 * A run folder (or a run already read) as DataFrames. The chunk frame — one row per streamed chunk, 640k rows for
 * 10k trials of 64 tokens — is built on first use.
 */
export async function loadRun(source: string | StoredRun): Promise<LoadedRun> {
  const run = typeof source === "string" ? readRun(source) : source;
  const d = await danfo();
  let chunks: DataFrame | undefined;
  return {
    run,
    trials: frameWith(d, trialRows(run), TRIAL_COLUMNS),
    get chunks() {
      return (chunks ??= frameWith(d, chunkRows(run), CHUNK_COLUMNS));
    },
  };
}

/** Several runs in one pair of frames (the `run_id` column tells them apart). */
export async function loadRuns(dirs: readonly string[]): Promise<{ runs: StoredRun[]; trials: DataFrame; chunks: DataFrame }> {
  const runs = dirs.map(readRun);
  return {
    runs,
    trials: await frame(runs.flatMap(trialRows), TRIAL_COLUMNS),
    chunks: await frame(runs.flatMap(chunkRows), CHUNK_COLUMNS),
  };
}

const asRun = (r: StoredRun | LoadedRun | string): StoredRun => (typeof r === "string" ? readRun(r) : "run" in r ? r.run : r);

/** The statistics table (one row per cell and metric) of one or more runs. */
export async function summarize(runs: StoredRun | LoadedRun | string | ReadonlyArray<StoredRun | LoadedRun | string>): Promise<DataFrame> {
  const list = Array.isArray(runs) ? runs : [runs];
  return frame(list.flatMap((r) => summarizeRun(asRun(r as StoredRun)).metrics), ["run_id", "variant", "prompt", "concurrency", "metric", "n", "mean"]);
}

/** Per-cell, per-metric ratios of run B to run A, with 95% intervals and a verdict. */
export async function compare(a: StoredRun | LoadedRun | string, b: StoredRun | LoadedRun | string, options: CompareOptions = {}): Promise<DataFrame> {
  return frame(compareRuns(asRun(a), asRun(b), options), ["variant_a", "prompt", "concurrency", "metric", "ratio", "change"]);
}
