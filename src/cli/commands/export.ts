import type { CommandModule } from "yargs";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { readRun } from "../../analyse/load-run.js";
import { chunkRows, trialRows } from "../../analyse/rows.js";
import { summarizeRun } from "../../analyse/summary.js";
import { toCsv } from "../../render/csv.js";

interface Args {
  run: string;
  out?: string;
}

export const exportCommand: CommandModule<object, Args> = {
  command: "export <run>",
  describe: "Write a run's trials, chunks, statistics and load levels as CSV (trials.csv, chunks.csv, summary.csv, levels.csv)",
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
    ];
    for (const [name, rows] of files) writeFileSync(join(out, name), toCsv(rows));
    process.stderr.write(`wrote ${files.map(([n]) => join(out, n)).join(", ")}\n`);
  },
};
