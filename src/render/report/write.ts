/**
 * `trialbook report`: one or more runs → Markdown (+ chart SVGs and vega-lite specs beside it), self-contained HTML,
 * and PDF, all from the same report tree. Default destination: reports/<experiment>/<run-id>.{md,html,pdf}.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { readRun } from "../../analyse/load-run.js";
import { MANIFEST_FILE } from "../../store/manifest.js";
import { sha256 } from "../../store/hash.js";
import { toSvg } from "../charts/svg.js";
import { reportInput, reportTree } from "./document.js";
import { toMarkdownText } from "./markdown.js";
import { toHtmlPage } from "./html.js";
import { htmlToPdf } from "./pdf.js";
import { reportTitle } from "./sections/title.js";
import { messages, words } from "../../shared/i18n/catalogue.js";
import type { Language } from "../../shared/i18n/types.js";
import { letterheadOf } from "./letterhead.js";

export const REPORT_FORMATS = ["html", "pdf", "md"] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export interface ReportOptions {
  formats?: readonly ReportFormat[];
  /** Folder; default reports/<experiment>/. */
  out?: string;
  /** Fixes the "generated" time (golden tests). */
  generatedAt?: string;
  executablePath?: string;
  /** The report's language; default: the experiment's `report.language`, else English. */
  language?: Language;
  /** Told about what the report had to leave out (a logo that cannot be found). */
  onWarning?: (message: string) => void;
}

export interface ReportFiles {
  base: string;
  files: string[];
}

export async function writeReport(runDirs: readonly string[], options: ReportOptions = {}): Promise<ReportFiles> {
  const runs = runDirs.map(readRun);
  const first = runs[0];
  if (!first) throw new Error("report needs at least one run");
  const formats = options.formats ?? ["html", "pdf", "md"];
  const input = reportInput(runs, options.generatedAt, options.language);
  const tree = reportTree(input);
  const svgs = new Map<string, string>();
  for (const c of input.charts) svgs.set(c.id, await toSvg(c.spec));
  const out = options.out ?? join("reports", first.manifest.experiment.name);
  mkdirSync(out, { recursive: true });
  const name = runs.map((r) => r.manifest.run_id).join("_vs_");
  const base = join(out, name);
  const hashes = runs.map((r) => `${r.manifest.run_id} manifest sha256 ${sha256(readFileSync(join(r.dir, MANIFEST_FILE))).slice(0, 16)}`).join(" · ");
  const files: string[] = [];
  if (formats.includes("md")) {
    const dir = `${base}.charts`;
    mkdirSync(dir, { recursive: true });
    for (const c of input.charts) {
      writeFileSync(join(dir, `${c.id}.svg`), svgs.get(c.id) ?? "");
      writeFileSync(join(dir, `${c.id}.vl.json`), `${JSON.stringify(c.spec, null, 2)}\n`);
    }
    writeFileSync(`${base}.md`, toMarkdownText(tree, (id) => `${name}.charts/${id}.svg`));
    files.push(`${base}.md`);
  }
  if (formats.includes("html") || formats.includes("pdf")) {
    const title = reportTitle(first, words(input.lang));
    const letterhead = letterheadOf(runs, options.onWarning);
    const html = toHtmlPage(tree, { title, charts: svgs, footer: hashes, letterhead, lang: messages(input.lang).page.htmlLang });
    if (formats.includes("html")) {
      writeFileSync(`${base}.html`, html);
      files.push(`${base}.html`);
    }
    if (formats.includes("pdf")) {
      await htmlToPdf(html, `${base}.pdf`, { header: hashes, letterhead, lang: input.lang ?? "en", ...(options.executablePath ? { executablePath: options.executablePath } : {}) });
      files.push(`${base}.pdf`);
    }
  }
  return { base, files };
}
