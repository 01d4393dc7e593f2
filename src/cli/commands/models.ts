import type { CommandModule } from "yargs";
import { discoverModels } from "../../discover/models.js";
import { textTable } from "../../render/text-table.js";
import { reportError } from "../io.js";

interface Args {
  target: string;
  experiment?: string;
  json: boolean;
}

export const modelsCommand: CommandModule<object, Args> = {
  command: "models <target>",
  describe: "List the models a backend serves: a URL (Ollama or OpenAI-compatible), a folder of GGUF files, or a backend id with --experiment",
  builder: (y) =>
    y
      .positional("target", { type: "string", demandOption: true })
      .option("experiment", { alias: "e", type: "string", describe: "Experiment file whose backend id <target> names" })
      .option("json", { type: "boolean", default: false }) as never,
  handler: async (args) => {
    try {
      const found = await discoverModels(args.target, args.experiment === undefined ? {} : { experiment: args.experiment });
      if (args.json) {
        process.stdout.write(`${JSON.stringify(found, null, 2)}\n`);
        return;
      }
      const rows = found.models.map((m) => [m.name, m.size_bytes === undefined ? "-" : `${(m.size_bytes / 1e9).toFixed(2)} GB`, m.digest?.slice(0, 19) ?? "-", m.modified_at ?? "-"]);
      process.stdout.write(`${found.backend} (${found.type}): ${found.models.length} models\n${textTable(["model", "size", "digest", "modified"], rows)}\n`);
    } catch (e) {
      process.exitCode = reportError(e);
    }
  },
};
