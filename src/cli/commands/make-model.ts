import type { CommandModule } from "yargs";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { MODEL_PRESETS, writeModel, type ModelPreset } from "../../gguf/model.js";

interface Args {
  out: string;
  preset: ModelPreset;
  seed: number;
  "allow-eos": boolean;
}

export const makeModelCommand: CommandModule<object, Args> = {
  command: "make-model <out>",
  describe: "Write a small self-made GGUF model (random weights, seeded) for demos and tests",
  builder: (y) =>
    y
      .positional("out", { type: "string", demandOption: true })
      .option("preset", { choices: Object.keys(MODEL_PRESETS) as ModelPreset[], default: "demo" as ModelPreset })
      .option("seed", { type: "number", default: 1 })
      .option("allow-eos", { type: "boolean", default: false, describe: "Let the model stop early (by default it always generates max_tokens)" })
      .example("$0 make-model models/demo.gguf --preset demo", "A 1024-wide, 8-layer F16 model (≈173 MB), seeded") as never,
  handler: (args) => {
    mkdirSync(dirname(args.out), { recursive: true });
    const t0 = performance.now();
    const bytes = writeModel(args.out, { ...MODEL_PRESETS[args.preset], seed: args.seed, allowEos: args["allow-eos"], name: `trialbook-${args.preset}` });
    process.stderr.write(`wrote ${args.out}: ${(bytes / 1e6).toFixed(1)} MB in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
  },
};
