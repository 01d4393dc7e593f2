import type { CommandModule } from "yargs";
import { readRun } from "../../analyse/load-run.js";
import { summarizeRun } from "../../analyse/summary.js";
import { summaryTable } from "../../render/summary-table.js";

interface Args {
  run: string;
  json: boolean;
}

export const summaryCommand: CommandModule<object, Args> = {
  command: "summary <run>",
  describe: "Statistics of a stored run: per variant × prompt × concurrency, TTFT, TPOT, decode and prefill rates, load time, errors",
  builder: (y) => y.positional("run", { type: "string", demandOption: true, describe: "A run folder" }).option("json", { type: "boolean", default: false }) as never,
  handler: (args) => {
    const run = readRun(args.run);
    const summary = summarizeRun(run);
    process.stdout.write(args.json ? `${JSON.stringify(summary, null, 2)}\n` : `${run.manifest.experiment.name} · run ${run.manifest.run_id} · ${run.manifest.status}\n\n${summaryTable(summary, run.manifest)}\n`);
  },
};
