import type { CommandModule } from "yargs";
import { discoverModels } from "../../discover/models.js";
import { textTable } from "../../render/text-table.js";
import { reportError } from "../io.js";
import { indexRuns, lastRunOf } from "../../discover/runs-index.js";

interface Args {
  target: string;
  experiment?: string;
  "runs-dir": string;
  json: boolean;
}

export const modelsCommand: CommandModule<object, Args> = {
  command: "models <target>",
  describe: "List the models a backend serves: a URL (Ollama or OpenAI-compatible), a folder of GGUF files, or a backend id with --experiment",
  builder: (y) =>
    y
      .positional("target", { type: "string", demandOption: true })
      .option("experiment", { alias: "e", type: "string", describe: "Experiment file whose backend id <target> names" })
      .option("runs-dir", { type: "string", default: "runs", describe: "Stored runs, to show which models were never measured" })
      .option("json", { type: "boolean", default: false }) as never,
  handler: async (args) => {
    try {
      const found = await discoverModels(args.target, args.experiment === undefined ? {} : { experiment: args.experiment });
      const index = indexRuns(args["runs-dir"]);
      const models = found.models.map((m) => {
        const last = lastRunOf(m, index);
        return { ...m, last_run: last ? `${last.experiment}/${last.run_id}` : null };
      });
      if (args.json) {
        process.stdout.write(`${JSON.stringify({ ...found, models }, null, 2)}\n`);
        return;
      }
      // format, quantization, engine and loaded state where the server says them (LM Studio)
      const served = models.some((m) => m.format !== undefined || m.state !== undefined);
      const extra = (m: (typeof models)[number]) => (served ? [m.format ?? "-", m.quantization ?? "-", m.engine ?? "-", m.state ?? "-", m.max_context_length === undefined ? "-" : String(m.max_context_length)] : []);
      const rows = models.map((m) => [m.name, ...extra(m), m.size_bytes === undefined ? "-" : `${(m.size_bytes / 1e9).toFixed(2)} GB`, m.digest?.slice(0, 19) ?? "-", m.modified_at ?? "-", m.last_run ?? "not yet run"]);
      const fresh = models.filter((m) => !m.last_run).length;
      const header = ["model", ...(served ? ["format", "quant", "engine", "state", "max ctx"] : []), "size", "digest", "modified", "last run"];
      process.stdout.write(`${found.backend} (${found.type}): ${models.length} models, ${fresh} not yet in any run under ${args["runs-dir"]}\n${textTable(header, rows)}\n`);
    } catch (e) {
      process.exitCode = reportError(e);
    }
  },
};
