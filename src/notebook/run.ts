/**
 * `trialbook notebook run`: parameters injected after the `parameters` cell, every cell executed headless in this
 * process, the executed notebook written with its outputs and an execution record, then HTML and PDF in the look of
 * the reports. The notebook runs from the folder it is written to, so the executed notebook reruns from where it lies
 * (in Jupyter, VS Code, or an unpacked bundle); parameters that name existing paths are rewritten relative to it.
 */
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { basename, dirname, extname, isAbsolute, join, relative, resolve } from "node:path";
import { executeNotebook } from "./execute.js";
import { readNotebook, writeNotebook, type Notebook } from "./ipynb.js";
import { injectParameters, type Parameters } from "./parameters.js";
import { hashRun, posix, type ExecutionRecord } from "./record.js";
import { clearRunsRead, runsRead } from "./reads.js";
import { notebookHtml, notebookTitle } from "./render.js";
import { htmlToPdf } from "../render/report/pdf.js";
import { VERSION } from "../version.js";
import { messages } from "../shared/i18n/catalogue.js";
import { isLanguage } from "../shared/i18n/types.js";

export const NOTEBOOK_FORMATS = ["ipynb", "html", "pdf"] as const;
export type NotebookFormat = (typeof NOTEBOOK_FORMATS)[number];

export interface NotebookRunOptions {
  notebook: string;
  parameters?: Parameters;
  outDir?: string;
  formats?: readonly NotebookFormat[];
  hideCode?: boolean;
  /** Where relative path parameters are read from (default: the current folder). */
  cwd?: string;
  onCell?: (line: string) => void;
}

export interface NotebookRunResult {
  ok: boolean;
  written: string[];
  record: ExecutionRecord;
}

const stem = (path: string): string => basename(path, extname(path));

/** Rewrites parameters that name existing paths (relative to `from`) to be relative to `to`. */
function rebase(params: Parameters, from: string, to: string): { params: Parameters; paths: string[] } {
  const out: Parameters = {};
  const paths: string[] = [];
  for (const [k, v] of Object.entries(params)) {
    if (typeof v === "string" && v !== "" && existsSync(resolve(from, v))) {
      out[k] = isAbsolute(v) ? v : posix(relative(to, resolve(from, v))) || ".";
      paths.push(k);
    } else out[k] = v;
  }
  return { params: out, paths };
}

export async function runNotebook(o: NotebookRunOptions): Promise<NotebookRunResult> {
  const source = resolve(o.notebook);
  const outDir = resolve(o.outDir ?? "reports/notebooks");
  mkdirSync(outDir, { recursive: true });
  const outPath = join(outDir, `${stem(source)}.ipynb`);
  const original = readNotebook(source);
  const previous = (original.metadata["trialbook"] as ExecutionRecord | undefined) ?? null;
  let nb: Notebook = original;
  let params: Parameters = {};
  let pathParams: string[] = [];
  if (o.parameters && Object.keys(o.parameters).length > 0) {
    const r = rebase(o.parameters, o.cwd ?? process.cwd(), outDir);
    params = r.params;
    pathParams = r.paths;
    nb = injectParameters(original, params);
  } else if (previous) {
    // rerunning an executed notebook: its parameters again, the path ones rebased from where it lies to here
    params = { ...previous.parameters };
    for (const k of previous.path_parameters) params[k] = posix(relative(outDir, resolve(dirname(source), String(previous.parameters[k])))) || ".";
    pathParams = previous.path_parameters;
    nb = injectParameters(original, params);
  }
  clearRunsRead();
  const startedAt = new Date().toISOString();
  const result = await executeNotebook(nb, outPath, {
    onCell: (c) => o.onCell?.(`cell ${c.index}${c.id ? ` (${c.id})` : ""}: ${c.status} in ${c.duration_ms.toFixed(0)} ms`),
  });
  const record: ExecutionRecord = {
    tool: { name: "trialbook", version: VERSION },
    kernel: { name: "tslab", mode: "in-process", ...result.versions },
    source: posix(relative(outDir, previous ? resolve(dirname(source), previous.source) : source)),
    parameters: params,
    path_parameters: pathParams,
    started_at: startedAt,
    ended_at: new Date().toISOString(),
    status: result.ok ? "ok" : "error",
    failed_cell: result.failed,
    cells: result.cells,
    runs_read: runsRead().map((dir) => hashRun(dir, outDir)),
  };
  const executed: Notebook = { ...result.notebook, metadata: { ...result.notebook.metadata, trialbook: record } };
  const formats = o.formats ?? ["ipynb"];
  const written: string[] = [];
  writeNotebook(outPath, executed);
  written.push(outPath);
  if (formats.includes("html") || formats.includes("pdf")) {
    const title = notebookTitle(executed, stem(source));
    // the page's language is the notebook's `lang` parameter (line breaking and CJK glyphs follow <html lang>)
    const lang = isLanguage(params["lang"]) ? params["lang"] : "en";
    const nb = messages(lang).notebooks;
    const footer = `${nb.footer(stem(source), record.ended_at, VERSION)}${result.ok ? "" : nb.stoppedAt(String(result.failed?.index))}`;
    const html = notebookHtml(executed, { title, footer, lang: messages(lang).page.htmlLang, ...(o.hideCode ? { hideCode: true } : {}) });
    if (formats.includes("html")) {
      const p = join(outDir, `${stem(source)}.html`);
      writeFileSync(p, html);
      written.push(p);
    }
    if (formats.includes("pdf")) {
      const p = join(outDir, `${stem(source)}.pdf`);
      await htmlToPdf(html, p, { header: title });
      written.push(p);
    }
  }
  return { ok: result.ok, written, record };
}
