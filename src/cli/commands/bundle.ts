import type { CommandModule } from "yargs";
import { basename, dirname, extname, join } from "node:path";
import { createBundle, verifyBundle } from "../../notebook/bundle.js";
import { EXIT } from "../io.js";

interface BundleArgs {
  notebook: string;
  out?: string;
}

export const bundleCommand: CommandModule<object, BundleArgs> = {
  command: "bundle <notebook>",
  describe: "Pack an executed notebook, its HTML/PDF, the runs and experiments it read, and their sha256 manifest into one .tar.gz",
  builder: (y) => y.positional("notebook", { type: "string", demandOption: true, describe: "An executed notebook (trialbook notebook run)" }).option("out", { type: "string", describe: "Archive path (default: <notebook>.bundle.tar.gz beside it)" })
      .example("$0 bundle reports/notebooks/speed.ipynb", "One .tar.gz with the notebook, its renders, runs and sha256 manifest") as never,
  handler: (args) => {
    const out = args.out ?? join(dirname(args.notebook), `${basename(args.notebook, extname(args.notebook))}.bundle.tar.gz`);
    try {
      const m = createBundle(args.notebook, out);
      process.stdout.write(`${out}\n`);
      process.stderr.write(`${m.files.length} files, sha256 of each in trialbook-bundle.json; check with \`trialbook verify ${out}\`\n`);
    } catch (e) {
      process.stderr.write(`error: ${(e as Error).message}\n`);
      process.exitCode = EXIT.invalid;
    }
  },
};

interface VerifyArgs {
  bundle: string;
}

export const verifyCommand: CommandModule<object, VerifyArgs> = {
  command: "verify <bundle>",
  describe: "Check every file of a bundle (.tar.gz, or the folder it was unpacked into) against its sha256 manifest; exit 1 on any change",
  builder: (y) => y.positional("bundle", { type: "string", demandOption: true })
      .example("$0 verify speed.ipynb.bundle.tar.gz", "Exit 1 when any file differs from the manifest") as never,
  handler: (args) => {
    const v = verifyBundle(args.bundle);
    for (const p of v.problems) process.stdout.write(`${p}\n`);
    process.stdout.write(v.ok ? `ok: ${v.checked} files match ${args.bundle}'s manifest\n` : `FAILED: ${v.problems.length} problem(s) in ${args.bundle}\n`);
    process.exitCode = v.ok ? EXIT.ok : EXIT.failed;
  },
};
