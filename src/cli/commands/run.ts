import type { CommandModule } from "yargs";
import { runExperiment } from "../../run/runner.js";
import { plainProgress, silentProgress, ttyProgress } from "../../run/progress.js";
import { verboseFigures } from "../../analyse/verbose.js";
import { verboseTable } from "../../render/verbose-table.js";
import { capacityOf } from "../../analyse/capacity.js";
import { capacitySentence } from "../../render/capacity-text.js";
import { feasibilityVerdict } from "../../analyse/feasibility/verdict.js";
import { verdictText } from "../../render/verdict-text.js";
import { join } from "node:path";
import { readTrialsFile, TRIALS_FILE } from "../../store/trials.js";
import { validateFile } from "../../validate/validate.js";
import { gateVerdict, RUN_GATES, type RunGate } from "../../analyse/gate.js";
import { messages } from "../../shared/i18n/catalogue.js";
import { cliLanguage, EXIT, EXIT_EPILOGUE, reportError, stderrLogger } from "../io.js";

interface Args {
  file: string;
  "runs-dir": string;
  resume?: string;
  since?: string;
  json: boolean;
  quiet: boolean;
  "fail-on"?: RunGate;
}

export const runCommand: CommandModule<object, Args> = {
  command: "run <file>",
  describe: "Run an experiment; store every request in <runs-dir>/<experiment>/<run-id>/",
  builder: (y) =>
    y
      .positional("file", { type: "string", demandOption: true })
      .option("runs-dir", { type: "string", default: "runs", describe: "Where runs are stored" })
      .option("resume", { type: "string", describe: "Continue a run: its id, or 'latest'" })
      .option("since", { type: "string", describe: "A run folder: run only variants that are new or whose model changed since then" })
      .option("json", { type: "boolean", default: false, describe: "Print the run's result as JSON on stdout" })
      .option("quiet", { type: "boolean", default: false, describe: "No progress output" })
      .option("fail-on", { choices: RUN_GATES, describe: "Feasibility experiments: exit 3 unless the verdict is 'feasible locally'" })
      .epilogue(EXIT_EPILOGUE)
      .example("$0 run experiments/demo.yaml", "Run an experiment; runs/demo/<run-id>/ holds every request")
      .example("$0 run experiments/speed.yaml --since runs/speed/<id>", "A model shipped: rerun only the variants whose model changed")
      .example("$0 run experiments/contracts.yaml --fail-on not-feasible", "In CI: exit 3 when the task is not feasible on a local model") as never,
  handler: async (args) => {
    const m = messages(cliLanguage()).gate;
    if (args["fail-on"] === "not-feasible") {
      const v = validateFile(args.file);
      if (v.ok && v.experiment.kind !== "feasibility") {
        process.stderr.write(`${m.needsFeasibility(args.file)}\n`);
        process.exitCode = EXIT.invalid;
        return;
      }
    }
    const controller = new AbortController();
    const onSigint = () => {
      if (controller.signal.aborted) process.exit(EXIT.interrupted);
      process.stderr.write("\nstopping: in-flight requests are dropped and will run again on --resume (Ctrl-C again to quit now)\n");
      controller.abort();
    };
    process.on("SIGINT", onSigint);
    const progress = args.quiet ? silentProgress : process.stderr.isTTY ? ttyProgress(process.stderr) : plainProgress((l) => process.stderr.write(`${l}\n`));
    try {
      const result = await runExperiment({
        file: args.file,
        runsDir: args["runs-dir"],
        ...(args.resume === undefined ? {} : { resume: args.resume }),
        ...(args.since === undefined ? {} : { since: args.since }),
        stop: controller.signal,
        logger: stderrLogger,
        progress,
      });
      const trials = readTrialsFile(join(result.dir, TRIALS_FILE)).trials;
      const figures = verboseFigures(result.manifest, trials);
      const verdict = result.manifest.feasibility ? feasibilityVerdict(trials, result.manifest) : null;
      if (args.json) {
        const out = { run_id: result.run_id, dir: result.dir, status: result.status, planned: result.planned, stored: result.stored, written: result.written.length, errors: trials.filter((t) => t.error && !t.not_sent).length, variants: figures };
        process.stdout.write(`${JSON.stringify(verdict ? { ...out, verdict: verdict.verdict, headline: verdict.headline } : out, null, 2)}\n`);
      } else {
        process.stdout.write(`\nrun ${result.run_id} (${result.status}): ${result.stored}/${result.planned} trials in ${result.dir}\n\n${verboseTable(figures)}\n`);
        if (verdict) process.stdout.write(`\n${verdictText(verdict)}\n`);
        const capacity = trials.some((t) => t.rate !== undefined || t.turn !== undefined) ? capacityOf(trials, result.manifest.slo, result.manifest.load?.user_interval_s, result.manifest.conversations?.think_time_s) : [];
        for (const c of capacity) process.stdout.write(`\n${capacitySentence(c, "en", new Set(capacity.map((x) => x.prompt)).size > 1)}\n`);
      }
      if (args["fail-on"] && verdict && result.status === "complete") {
        const tripped = gateVerdict(verdict.verdict, args["fail-on"]);
        process.stderr.write(`${tripped ? m.notFeasible(verdict.headline) : m.feasible}\n`);
        if (tripped) process.exitCode = EXIT.gated;
      }
      const measured = trials.filter((t) => !t.warmup);
      if (result.status === "complete" && measured.length > 0 && measured.every((t) => t.error)) {
        process.stderr.write("error: every measured request failed; see the errors in trials.jsonl or `trialbook summary`\n");
        process.exitCode = EXIT.failed;
      }
      if (result.status === "interrupted") {
        process.stderr.write(`resume with: trialbook run ${args.file} --runs-dir ${args["runs-dir"]} --resume ${result.run_id}\n`);
        process.exitCode = EXIT.interrupted;
      }
    } catch (e) {
      process.exitCode = reportError(e);
    } finally {
      process.off("SIGINT", onSigint);
    }
  },
};
