import type { Argv, CommandModule } from "yargs";
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { NOTEBOOK_FORMATS, runNotebook, type NotebookFormat } from "../../notebook/run.js";
import { parseParameters } from "../../notebook/parameters.js";
import { NotebookError } from "../../notebook/ipynb.js";
import { EXIT } from "../io.js";
import { LANGUAGES, type Language } from "../../shared/i18n/types.js";

interface RunArgs {
  notebook: string;
  p: string[];
  out?: string;
  format: string;
  "hide-code": boolean;
  lang?: Language;
}

const runSub: CommandModule<object, RunArgs> = {
  command: "run <notebook>",
  describe: "Execute every cell headless (tslab in this process), papermill-style parameters, outputs + execution record; HTML/PDF in the report look",
  builder: (y) =>
    y
      .positional("notebook", { type: "string", demandOption: true })
      .option("p", { alias: "parameter", type: "string", array: true, default: [], describe: "name=value (JSON or text), injected after the `parameters` cell; repeatable" })
      .option("out", { type: "string", describe: "Folder for the executed notebook and its renders (default reports/notebooks)" })
      .option("format", { type: "string", default: "ipynb", describe: `Comma-separated: ${NOTEBOOK_FORMATS.join(", ")}` })
      .option("hide-code", { type: "boolean", default: false, describe: "Leave code cells out of HTML/PDF (or tag cells hide-input)" })
      .option("lang", { choices: LANGUAGES, describe: "Language of the report sections and charts the notebook shows: sets the notebook parameter `lang` (same as -p lang=…)" }) as never,
  handler: async (args) => {
    const formats = args.format.split(",").map((f) => f.trim()).filter(Boolean);
    const bad = formats.filter((f) => !(NOTEBOOK_FORMATS as readonly string[]).includes(f));
    if (bad.length) {
      process.stderr.write(`error: --format ${bad.join(",")}: allowed: ${NOTEBOOK_FORMATS.join(", ")}\n`);
      process.exitCode = EXIT.invalid;
      return;
    }
    let parameters;
    try {
      parameters = parseParameters(args.p);
      if (args.lang) parameters = { ...parameters, lang: args.lang };
    } catch (e) {
      process.stderr.write(`error: ${(e as Error).message}\n`);
      process.exitCode = EXIT.invalid;
      return;
    }
    let result;
    try {
      result = await runNotebook({
        notebook: args.notebook,
        parameters,
        formats: ["ipynb", ...formats.filter((f) => f !== "ipynb")] as NotebookFormat[],
        hideCode: args["hide-code"],
        ...(args.out ? { outDir: args.out } : {}),
        onCell: (line) => process.stderr.write(`${line}\n`),
      });
    } catch (e) {
      if (!(e instanceof NotebookError)) throw e;
      process.stderr.write(`error: ${e.message}\n`);
      process.exitCode = EXIT.invalid;
      return;
    }
    for (const f of result.written) process.stdout.write(`${f}\n`);
    if (!result.ok) {
      const c = result.record.failed_cell;
      process.stderr.write(`error: cell ${c?.index}${c?.id ? ` (${c.id})` : ""} failed:\n${c?.error ?? ""}\nthe partial notebook was written\n`);
      process.exitCode = EXIT.failed;
    }
  },
};

interface KernelArgs {
  python?: string;
  user: boolean;
  prefix?: string;
}

const installKernelSub: CommandModule<object, KernelArgs> = {
  command: "install-kernel",
  describe: "Register the tslab TypeScript kernel with Jupyter (and so VS Code)",
  builder: (y) =>
    y
      .option("python", { type: "string", describe: "The Python whose Jupyter gets the kernel (default: python3 on PATH; Debian: /usr/bin/python3)" })
      .option("user", { type: "boolean", default: true, describe: "Install for this user (--no-user: system-wide)" })
      .option("prefix", { type: "string", describe: "Install into this prefix (e.g. a virtualenv)" }) as never,
  handler: (args) => {
    const pkg = createRequire(import.meta.url).resolve("tslab/package.json");
    const bin = join(dirname(pkg), "bin", "tslab");
    // the kernel starts this tslab by its path, so it need not be on PATH
    const where = args.prefix ? [`--prefix=${args.prefix}`] : args.user ? ["--user"] : ["--sys-prefix"];
    const argv = ["install", `--binary=${bin}`, ...(args.python ? [`--python=${args.python}`] : []), ...where];
    const r = spawnSync(process.execPath, [bin, ...argv], { stdio: "inherit" });
    process.exitCode = r.status ?? EXIT.failed;
  },
};

export const notebookCommand: CommandModule = {
  command: "notebook <command>",
  describe: "TypeScript notebooks (tslab): run headless with parameters, install the kernel",
  builder: (y: Argv) => y.command(runSub as unknown as CommandModule).command(installKernelSub as unknown as CommandModule).demandCommand(1),
  handler: () => {},
};
