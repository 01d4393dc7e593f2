import type { CommandModule } from "yargs";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { createInterface } from "node:readline";
import { probeServers, USUAL_PORTS, type ProbedServer } from "../../discover/probe.js";
import { draftExperiment, type Chosen } from "../../discover/draft.js";
import { validateFile } from "../../validate/validate.js";
import { formatProblem } from "../../validate/problem.js";
import { textTable } from "../../render/text-table.js";
import { messages } from "../../shared/i18n/catalogue.js";
import { cliLanguage, EXIT, EXIT_EPILOGUE } from "../io.js";

interface Args {
  urls: string[];
  name: string;
  kind: "speed" | "feasibility";
  models?: string[];
  dir: string;
  scan: boolean;
  force: boolean;
  yes: boolean;
}

const SCHEMA = fileURLToPath(new URL("../../../schema/experiment.schema.json", import.meta.url));

function listing(servers: readonly ProbedServer[], columns: string, notChat: (w: string) => string): { table: string; choices: Chosen[] } {
  const choices: Chosen[] = [];
  const rows: string[][] = [];
  for (const server of servers) {
    for (const model of server.models) {
      const size = model.size_bytes === undefined ? "-" : `${(model.size_bytes / 1e9).toFixed(2)} GB`;
      if (!model.not_chat) choices.push({ server, model });
      const n = model.not_chat ? "-" : String(choices.length);
      rows.push([n, server.url, server.kind, model.not_chat ? `${model.name} ${notChat(model.not_chat)}` : model.name, model.format ?? "-", model.quantization ?? "-", model.parameters ?? "-", size]);
    }
  }
  const header = columns.split("|");
  return { table: textTable(header, rows.map((r) => [r[0]!, r[1]!, r[2]!, r[3]!, r[4]!, r[5]!, r[6]!, r[7]!]), 4), choices };
}

/** A checklist on the terminal: the numbers of the models to compare (Enter, or end of input: all). */
async function ask(choices: readonly Chosen[], m: ReturnType<typeof messages>["init"]): Promise<Chosen[]> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  rl.setPrompt(m.choose);
  rl.prompt();
  try {
    // the line iterator buffers what is typed ahead, so no answer is lost while the previous one is judged
    for await (const line of rl) {
      const parts = line.trim().split(/[\s,]+/).filter(Boolean);
      if (parts.length === 0) return [...choices];
      const bad = parts.find((p) => !/^\d+$/.test(p) || Number(p) < 1 || Number(p) > choices.length);
      if (bad === undefined) return [...new Set(parts.map(Number))].map((i) => choices[i - 1]!);
      process.stderr.write(`${m.badChoice(bad)}\n`);
      rl.prompt();
    }
    return [...choices];
  } finally {
    rl.close();
  }
}

export const initCommand: CommandModule<object, Args> = {
  command: "init [urls..]",
  describe: "Find the model servers on this machine (and at the URLs given), list what they serve, and write a first experiment comparing their models",
  builder: (y) =>
    y
      .positional("urls", { type: "string", array: true, default: [], describe: "Further servers to ask, e.g. http://192.168.1.20:11434" })
      .option("name", { type: "string", default: "first-comparison", describe: "Experiment name; the file is <dir>/<name>.yaml" })
      .option("kind", { choices: ["speed", "feasibility"] as const, default: "speed" as const, describe: "speed: compare the models' speed; feasibility: a skeleton with a dataset folder and one task" })
      .option("models", { type: "string", array: true, describe: "Only these models (names as the servers list them); default: every chat model found" })
      .option("dir", { type: "string", default: "experiments", describe: "Folder for the experiment file" })
      .option("scan", { type: "boolean", default: true, describe: `Probe 127.0.0.1 on the usual ports (${USUAL_PORTS.map((p) => `${p.port} ${p.label}`).join(", ")}); --no-scan: only the URLs given` })
      .option("force", { type: "boolean", default: false, describe: "Overwrite an existing experiment file" })
      .option("yes", { alias: "y", type: "boolean", default: false, describe: "No questions on a terminal: take every model (or --models)" })
      .check((a) => /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(String(a["name"])) || "--name: letters, digits, '.', '_' or '-', starting with a letter or digit")
      .epilogue(EXIT_EPILOGUE)
      .example("$0 init", "Ask Ollama, LM Studio, llama-server/mlx_lm, vLLM and LiteLLM on their usual ports; write experiments/first-comparison.yaml")
      .example("$0 init http://10.0.0.5:8000 --name gpu-box --models gpt-oss-20b", "A server elsewhere; one model")
      .example("$0 init --kind feasibility --name invoices", "A feasibility skeleton: data/invoices/ and one task to fill in") as never,
  handler: async (args) => {
    const m = messages(cliLanguage()).init;
    const path = join(args.dir, `${args.name}.yaml`);
    if (existsSync(path) && !args.force) {
      process.stderr.write(`${m.exists(path)}\n`);
      process.exitCode = EXIT.invalid;
      return;
    }
    process.stderr.write(`${m.probing((args.scan ? USUAL_PORTS.length : 0) + args.urls.length)}\n`);
    const servers = await probeServers(args.urls, { scan: args.scan });
    if (servers.length === 0) {
      const where = [...(args.scan ? [`127.0.0.1:${USUAL_PORTS.map((p) => p.port).join(", ")}`] : []), ...args.urls];
      process.stderr.write(`${m.noServer(where.join("; "))}\n`);
      process.exitCode = EXIT.failed;
      return;
    }
    const { table, choices } = listing(servers, m.columns, m.notChat);
    process.stdout.write(`${m.found(servers.length, servers.reduce((n, s) => n + s.models.length, 0))}\n${table}\n\n`);
    if (choices.length === 0) {
      process.stderr.write(`${m.noChatModel}\n`);
      process.exitCode = EXIT.failed;
      return;
    }
    let chosen: Chosen[];
    if (args.models?.length) {
      const unknown = args.models.find((name) => !choices.some((c) => c.model.name === name));
      if (unknown !== undefined) {
        process.stderr.write(`${m.unknownModel(unknown, choices.map((c) => c.model.name).join(", "))}\n`);
        process.exitCode = EXIT.invalid;
        return;
      }
      chosen = choices.filter((c) => args.models!.includes(c.model.name));
    } else if (!args.yes && process.stdin.isTTY && process.stderr.isTTY) {
      chosen = await ask(choices, m);
    } else {
      chosen = choices;
    }
    const draft = draftExperiment({ name: args.name, kind: args.kind, chosen, schema: relative(args.dir, SCHEMA).split("\\").join("/"), date: new Date().toISOString().slice(0, 10) });
    mkdirSync(args.dir, { recursive: true });
    writeFileSync(path, draft.text);
    for (const [file, text] of Object.entries(draft.files)) {
      const target = join(args.dir, file);
      if (existsSync(target)) continue;
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, text);
      process.stderr.write(`${m.wroteData(target)}\n`);
    }
    const v = validateFile(path);
    if (!v.ok) {
      process.stderr.write(`${m.invalid}\n${v.problems.map(formatProblem).join("\n")}\n`);
      process.exitCode = EXIT.failed;
      return;
    }
    process.stdout.write(`${m.wrote(path, chosen.length, new Set(chosen.map((c) => c.server.url)).size)}\n${m.next(path)}\n`);
  },
};
