import type { CommandModule } from "yargs";
import { validateFile } from "../../validate/validate.js";
import { formatProblem } from "../../validate/problem.js";
import { EXIT } from "../io.js";

interface Args {
  files: string[];
}

export const validateCommand: CommandModule<object, Args> = {
  command: "validate <files..>",
  describe: "Check experiment files; print FILE:LINE:COL  field  problem for each problem (exit 2 when any)",
  builder: (y) => y.positional("files", { type: "string", array: true, demandOption: true })
      .example("$0 validate experiments/*.yaml", "Check every experiment file; exit 2 and FILE:LINE:COL lines on a problem") as never,
  handler: (args) => {
    let bad = 0;
    for (const file of args.files) {
      const r = validateFile(file);
      if (r.ok) continue;
      bad++;
      for (const p of r.problems) process.stdout.write(`${formatProblem(p)}\n`);
    }
    process.exitCode = bad ? EXIT.invalid : EXIT.ok;
  },
};
