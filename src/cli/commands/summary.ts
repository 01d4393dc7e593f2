import type { CommandModule } from "yargs";
import { readRun } from "../../analyse/load-run.js";
import { summarizeRun } from "../../analyse/summary.js";
import { summaryTable } from "../../render/summary-table.js";
import { feasibilityVerdict } from "../../analyse/feasibility/verdict.js";
import { verdictText } from "../../render/verdict-text.js";
import { capacitySentence } from "../../render/capacity-text.js";
import { depthTable } from "../../render/depth-text.js";
import { messages } from "../../shared/i18n/catalogue.js";
import { cliLanguage } from "../io.js";
import { perTurnLines } from "../../render/sessions-text.js";

interface Args {
  run: string;
  json: boolean;
}

export const summaryCommand: CommandModule<object, Args> = {
  command: "summary <run>",
  describe: "Statistics of a stored run: the feasibility verdict and its evidence (feasibility runs), then per variant × prompt × concurrency TTFT, TPOT, decode and prefill rates, load time, errors",
  builder: (y) => y.positional("run", { type: "string", demandOption: true, describe: "A run folder" }).option("json", { type: "boolean", default: false })
      .example("$0 summary runs/demo/<run-id>", "Statistics per variant × prompt × concurrency")
      .example("$0 summary runs/demo/<run-id> --json", "The same as JSON, for scripts") as never,
  handler: (args) => {
    const run = readRun(args.run);
    const summary = summarizeRun(run);
    const verdict = run.manifest.feasibility ? feasibilityVerdict(run.trials, run.manifest) : null;
    if (args.json) {
      process.stdout.write(`${JSON.stringify(verdict ? { ...summary, feasibility: verdict } : summary, null, 2)}\n`);
      return;
    }
    const head = `${run.manifest.experiment.name} · run ${run.manifest.run_id} · ${run.manifest.status}\n\n`;
    const prompts = new Set((summary.capacity ?? []).map((c) => c.prompt)).size > 1;
    const capacity = [...(summary.capacity ?? []).map((c) => capacitySentence(c, "en", prompts)), ...perTurnLines(summary.conversations ?? [])].map((l) => `${l}\n`).join("");
    process.stdout.write(`${head}${capacity ? `${capacity}\n` : ""}${verdict ? `${verdictText(verdict, { items: true })}\n\nSpeed of each variant on these tasks:\n\n` : ""}${summaryTable(summary, run.manifest)}\n${summary.depth ? `\n${messages(cliLanguage()).depth.heading}\n\n${depthTable(summary.depth, cliLanguage())}\n` : ""}`);
  },
};
