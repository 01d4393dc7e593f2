import type { CommandModule } from "yargs";
import { dirname, resolve } from "node:path";
import { validateFile } from "../../validate/validate.js";
import { formatProblem } from "../../validate/problem.js";
import { backendContexts } from "../../load/secrets.js";
import { checkProblems, placeFindings, preflight } from "../../run/preflight.js";
import { quietLogger } from "../../run/runner.js";
import { messages } from "../../shared/i18n/catalogue.js";
import { EXIT, stderrLogger } from "../io.js";

interface Args {
  file: string;
}

export const checkCommand: CommandModule<object, Args> = {
  command: "check <file>",
  describe: "Everything validate checks, plus the servers: each backend answers, each model is served, each GGUF file exists, each key is set (exit 2 on a problem); nothing is written",
  builder: (y) => y.positional("file", { type: "string", demandOption: true }).example("trialbook check experiments/demo.yaml", "check a file before a long run") as never,
  handler: async (args) => {
    const v = validateFile(args.file);
    if (!v.ok) {
      for (const p of v.problems) process.stdout.write(`${formatProblem(p)}\n`);
      process.exitCode = EXIT.invalid;
      return;
    }
    const e = v.experiment;
    const baseDir = dirname(resolve(args.file));
    const contexts = backendContexts(e, process.env, baseDir, quietLogger);
    const pf = await preflight(e, contexts, stderrLogger, { baseDir, env: process.env });
    await Promise.all([...pf.backends.values()].map((b) => b.close()));
    for (const f of pf.findings) if (f.kind === "contradiction") stderrLogger.warn(f.message);
    const problems = placeFindings(v.loaded, checkProblems(e, pf));
    for (const p of problems) process.stdout.write(`${formatProblem(p)}\n`);
    if (problems.length) {
      process.exitCode = EXIT.invalid;
      return;
    }
    process.stdout.write(`${messages("en").fidelity.checkOk(e.variants.length, pf.backends.size)}\n`);
    process.exitCode = EXIT.ok;
  },
};
