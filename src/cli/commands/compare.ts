import type { CommandModule } from "yargs";
import { readRun } from "../../analyse/load-run.js";
import { compareRuns, compareVariants } from "../../analyse/compare.js";
import { compareTable } from "../../render/compare-table.js";
import { EXIT } from "../io.js";
import { capacityOfRun } from "../../analyse/capacity.js";
import { compareCapacity } from "../../analyse/capacity-compare.js";
import { capacityChangeLine } from "../../render/capacity-text.js";

interface Args {
  a: string;
  b?: string;
  variants?: string[];
  json: boolean;
  "min-change": number;
}

export const compareCommand: CommandModule<object, Args> = {
  command: "compare <a> [b]",
  describe: "What changed from run A to run B (or, with --variants X Y, between two variants of run A), with ratios and 95% intervals",
  builder: (y) =>
    y
      .positional("a", { type: "string", demandOption: true })
      .positional("b", { type: "string" })
      .option("variants", { type: "string", array: true, describe: "Compare two variants of run A: --variants GGUF_ID MLX_ID" })
      .option("min-change", { type: "number", default: 0.03, describe: "Smallest relative change flagged" })
      .option("json", { type: "boolean", default: false }) as never,
  handler: (args) => {
    const a = readRun(args.a);
    let rows;
    let capacity: ReturnType<typeof compareCapacity> = [];
    if (args.variants) {
      const [va, vb] = args.variants;
      if (!va || !vb || args.variants.length !== 2) {
        process.stderr.write("--variants takes two variant ids\n");
        process.exitCode = EXIT.invalid;
        return;
      }
      rows = compareVariants(a, va, vb, { minChange: args["min-change"] });
      capacity = compareCapacity(capacityOfRun(a), capacityOfRun(a), [va, vb]);
    } else if (args.b) {
      const b = readRun(args.b);
      rows = compareRuns(a, b, { minChange: args["min-change"] });
      capacity = compareCapacity(capacityOfRun(a), capacityOfRun(b));
    } else {
      process.stderr.write("compare needs a second run, or --variants A B\n");
      process.exitCode = EXIT.invalid;
      return;
    }
    // JSON stays the list of metric changes; capacity lines follow the table in text (one per variant and prompt)
    const lines = capacity.map((c) => `${capacityChangeLine(c)}\n`).join("");
    process.stdout.write(args.json ? `${JSON.stringify(rows, null, 2)}\n` : `${compareTable(rows)}\n${lines ? `\n${lines}` : ""}`);
  },
};
