import type { CommandModule } from "yargs";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { readRun } from "../../analyse/load-run.js";
import { chunkRows, trialRows } from "../../analyse/rows.js";
import { summarizeRun } from "../../analyse/summary.js";
import { toCsv } from "../../render/csv.js";
import type { CapacityRow } from "../../analyse/capacity.js";
import type { DepthRow } from "../../analyse/depth.js";
import { describe as describeValues } from "../../analyse/stats.js";
import { turnRows } from "../../analyse/sessions.js";

/**
 * One row per open-loop level, with the run, its variant, prompt and the run's answer; percentiles flattened
 * (`ttft_ms_p90`). `run_id` comes first, as in levels.csv and depth.csv, so that several runs' files concatenate.
 */
const capacityRows = (runId: string, rows: readonly CapacityRow[]) =>
  rows.flatMap((c) =>
    c.levels.map((l) => {
      const flat: Record<string, unknown> = { run_id: runId, variant: c.variant, prompt: c.prompt, max_rate_rps: c.max_rate_rps, max_sessions: c.max_sessions };
      for (const [k, v] of Object.entries(l)) {
        if (v && typeof v === "object" && k !== "errors_by_kind") for (const [p, x] of Object.entries(v)) flat[`${k}_${p}`] = x;
        else flat[k] = v;
      }
      return flat;
    }),
  );

/** One row per variant, prompt and depth; each figure's description flattened (`prefill_tps_mean`, `ttft_ms_p90`). */
const depthRows = (rows: readonly DepthRow[]) =>
  rows.map((r) => {
    const flat: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(r)) {
      if (k.endsWith("_tps") || k.endsWith("_ms")) for (const [p, x] of Object.entries(v ?? describeValues([]))) flat[`${k}_${p}`] = x;
      else flat[k] = v;
    }
    return flat;
  });

interface Args {
  run: string;
  out?: string;
}

export const exportCommand: CommandModule<object, Args> = {
  command: "export <run>",
  describe: "Write a run's trials, chunks, statistics and load levels as CSV (trials.csv, chunks.csv, summary.csv, levels.csv; capacity.csv for open-loop levels, depth.csv for context depths, conversations.csv per turn of conversations)",
  builder: (y) => y.positional("run", { type: "string", demandOption: true }).option("out", { type: "string", describe: "Folder (default: the run folder)" })
      .example("$0 export runs/demo/<run-id> --out csv/", "trials.csv, chunks.csv, summary.csv, levels.csv for a spreadsheet") as never,
  handler: (args) => {
    const run = readRun(args.run);
    const out = args.out ?? args.run;
    mkdirSync(out, { recursive: true });
    const summary = summarizeRun(run);
    const files: Array<[string, ReadonlyArray<object>]> = [
      ["trials.csv", trialRows(run)],
      ["chunks.csv", chunkRows(run)],
      ["summary.csv", summary.metrics],
      ["levels.csv", summary.levels],
      ...(summary.capacity?.some((c) => c.levels.length > 0) ? ([["capacity.csv", capacityRows(run.manifest.run_id, summary.capacity)]] as Array<[string, ReadonlyArray<object>]>) : []),
      ...(summary.depth ? ([["depth.csv", depthRows(summary.depth)]] as Array<[string, ReadonlyArray<object>]>) : []),
      ...(summary.conversations ? ([["conversations.csv", turnRows(summary.conversations).map((r) => ({ run_id: run.manifest.run_id, ...r }))]] as Array<[string, ReadonlyArray<object>]>) : []),
    ];
    for (const [name, rows] of files) writeFileSync(join(out, name), toCsv(rows));
    process.stderr.write(`wrote ${files.map(([n]) => join(out, n)).join(", ")}\n`);
  },
};
