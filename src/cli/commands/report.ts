import type { CommandModule } from "yargs";
import { REPORT_FORMATS, writeReport, type ReportFormat } from "../../render/report/write.js";
import { NoBrowserError } from "../../render/report/pdf.js";
import { EXIT } from "../io.js";
import { LANGUAGES, type Language } from "../../shared/i18n/types.js";

interface Args {
  runs: string[];
  format: string;
  out?: string;
  lang?: Language;
}

export const reportCommand: CommandModule<object, Args> = {
  command: "report <runs..>",
  describe: "Write a client-ready report of one or more runs (several runs are compared): HTML, PDF and Markdown",
  builder: (y) =>
    y
      .positional("runs", { type: "string", array: true, demandOption: true, describe: "Run folders; the first is the baseline" })
      .option("format", { type: "string", default: "html,pdf,md", describe: `Comma-separated: ${REPORT_FORMATS.join(", ")}` })
      .option("out", { type: "string", describe: "Folder (default reports/<experiment>/)" })
      .option("lang", { choices: LANGUAGES, describe: "Report language (default: the experiment's report.language, else en)" }) as never,
  handler: async (args) => {
    const formats = args.format.split(",").map((f) => f.trim()).filter(Boolean);
    const bad = formats.filter((f) => !(REPORT_FORMATS as readonly string[]).includes(f));
    if (bad.length) {
      process.stderr.write(`--format ${bad.join(",")}: not a format; allowed: ${REPORT_FORMATS.join(", ")}\n`);
      process.exitCode = EXIT.invalid;
      return;
    }
    try {
      const onWarning = (m: string) => void process.stderr.write(`warning: ${m}\n`);
      const { files } = await writeReport(args.runs, { formats: formats as ReportFormat[], onWarning, ...(args.out ? { out: args.out } : {}), ...(args.lang ? { language: args.lang } : {}) });
      for (const f of files) process.stdout.write(`${f}\n`);
    } catch (e) {
      if (!(e instanceof NoBrowserError)) throw e;
      process.stderr.write(`error: ${e.message}\n`);
      process.exitCode = EXIT.failed;
    }
  },
};
