#!/usr/bin/env node
/** The `trialbook` command: thin yargs command modules, one per file, over the library. */
import yargs from "yargs";
import { hideBin } from "yargs/helpers";
import type { CommandModule } from "yargs";
import { VERSION } from "../version.js";
import { validateCommand } from "./commands/validate.js";
import { checkCommand } from "./commands/check.js";
import { runCommand } from "./commands/run.js";
import { modelsCommand } from "./commands/models.js";
import { makeModelCommand } from "./commands/make-model.js";
import { schemaCommand } from "./commands/schema.js";
import { summaryCommand } from "./commands/summary.js";
import { compareCommand } from "./commands/compare.js";
import { exportCommand } from "./commands/export.js";
import { reportCommand } from "./commands/report.js";
import { notebookCommand } from "./commands/notebook.js";
import { bundleCommand, verifyCommand } from "./commands/bundle.js";

export const COMMANDS = [runCommand, validateCommand, checkCommand, summaryCommand, compareCommand, reportCommand, exportCommand, notebookCommand, bundleCommand, verifyCommand, modelsCommand, makeModelCommand, schemaCommand] as unknown as CommandModule[];

await yargs(hideBin(process.argv))
  .scriptName("trialbook")
  .version(VERSION)
  .command(COMMANDS)
  .demandCommand(1, "name a command")
  .strict()
  .recommendCommands()
  .fail((msg, err) => {
    if (err) throw err;
    process.stderr.write(`${msg}\nRun trialbook --help for usage.\n`);
    process.exit(2);
  })
  .help()
  .parseAsync();
