/**
 * What notebooks use to show a run: report sections as Markdown, charts as SVG, and `show`, which displays through
 * tslab when a notebook runs (in Jupyter, VS Code, or `trialbook notebook run`) and prints otherwise. vega is loaded
 * lazily here (never through `require`): notebook cells compile to CommonJS.
 */
import { existsSync, statSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { readRun, type StoredRun } from "../analyse/load-run.js";
import { findRun, listRuns } from "../store/run-dir.js";
import { summarizeRun } from "../analyse/summary.js";
import { buildCharts, type ChartId } from "../render/charts/index.js";
import { toSvg } from "../render/charts/svg.js";
import { SECTIONS, type SectionId } from "../render/report/sections/index.js";
import { toMarkdownText } from "../render/report/markdown.js";
import { reportLanguage, type ReportInput } from "../render/report/types.js";
import type { Language } from "../shared/i18n/types.js";

export interface Figure {
  id: ChartId;
  title: string;
  caption: string;
  svg: string;
}

type RunLike = string | StoredRun;
const open = (runs: RunLike | readonly RunLike[]): StoredRun[] => (Array.isArray(runs) ? runs : [runs]).map((r: RunLike) => (typeof r === "string" ? readRun(r) : r));

/** Statistics of a run read once, kept while the run object lives (a notebook shows several sections of one run). */
const summaries = new WeakMap<StoredRun, ReturnType<typeof summarizeRun>>();
const summaryOf = (r: StoredRun) => {
  let s = summaries.get(r);
  if (!s) summaries.set(r, (s = summarizeRun(r)));
  return s;
};

/** Options of {@link section} and {@link charts}. */
export interface ViewOptions {
  /** The language of headings, sentences, tables and chart labels; default: the experiment's `report.language`, else English. */
  lang?: Language | undefined;
}

function input(runs: StoredRun[], options: ViewOptions = {}): ReportInput {
  return { runs, summaries: runs.map(summaryOf), charts: [], generated_at: new Date().toISOString(), lang: reportLanguage(runs, options.lang) };
}

/** A report section (executive, summary, verdict, results, methodology, errors, appendix) of these runs, as Markdown. */
export function section(runs: RunLike | readonly RunLike[], id: Exclude<SectionId, "charts" | "title">, options: ViewOptions = {}): string {
  const tree = SECTIONS[id].build(input(open(runs), options));
  return toMarkdownText({ type: "root", children: tree }, (chart) => chart);
}

/** The charts that have data for these runs (or the ones named), rendered to SVG, titles and axes in the language. */
export async function charts(runs: RunLike | readonly RunLike[], ids?: readonly ChartId[], options: ViewOptions = {}): Promise<Figure[]> {
  const built = buildCharts(input(open(runs), options)).filter((c) => !ids || ids.includes(c.id));
  return Promise.all(built.map(async (c) => ({ id: c.id, title: c.title, caption: c.caption, svg: await toSvg(c.spec) })));
}

interface TslabDisplay {
  markdown(s: string): void;
  svg(s: string): void;
  text(s: string): void;
}

/** tslab's display of the kernel running this code, if any (cells reach the kernel's own tslab through __tslab__). */
function tslabDisplay(): TslabDisplay | null {
  const hook = (globalThis as { __tslab__?: { require?: (id: string) => unknown } }).__tslab__;
  try {
    const mod = hook?.require?.("tslab") as { display?: TslabDisplay } | undefined;
    return mod?.display ?? null;
  } catch {
    return null;
  }
}

export type Showable = string | Figure | readonly Figure[] | { markdown: string } | { text: string };

/** Displays Markdown, a chart (SVG with its title and caption) or several; prints them when no notebook runs. */
export function show(item: Showable): void {
  const d = tslabDisplay();
  const items = Array.isArray(item) ? (item as readonly Figure[]) : [item as Exclude<Showable, readonly Figure[]>];
  for (const x of items) {
    if (typeof x === "string" || "markdown" in x) {
      const md = typeof x === "string" ? x : x.markdown;
      if (d) d.markdown(md);
      else process.stdout.write(`${md}\n`);
    } else if ("text" in x) {
      if (d) d.text(x.text);
      else process.stdout.write(`${x.text}\n`);
    } else {
      if (d) {
        d.markdown(`**${x.title}**`);
        d.svg(x.svg);
        d.markdown(x.caption);
      } else process.stdout.write(`[chart ${x.id}: ${x.title} — ${x.svg.length} bytes of SVG]\n${x.caption}\n`);
    }
  }
}

/** The nearest `runs/` folder at or above `from`. */
function runsFolder(from: string): string | null {
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    if (existsSync(join(dir, "runs")) && statSync(join(dir, "runs")).isDirectory()) return join(dir, "runs");
    if (dirname(dir) === dir) return null;
  }
}

/**
 * A run folder from what a notebook parameter holds: a run folder itself, or an experiment name (its latest run, or
 * `name/<run-id>`), looked up in the nearest `runs/` folder at or above the notebook.
 */
export function resolveRun(spec: string, from = process.cwd()): string {
  if (existsSync(join(resolve(from, spec), "manifest.json"))) return resolve(from, spec);
  if (spec.startsWith("/") || spec.startsWith(".") || existsSync(resolve(from, spec))) throw new Error(`${resolve(from, spec)} is not a run folder (no manifest.json)`);
  const runs = runsFolder(from);
  const [experiment = "", which = "latest"] = spec.split("/");
  if (!runs) throw new Error(`"${spec}" is not a run folder, and there is no runs/ folder at or above ${from}`);
  const found = findRun(runs, experiment, which);
  if ("problem" in found) throw new Error(found.problem);
  return found.dir;
}

/** The runs of an experiment, oldest first, from the nearest `runs/` folder. */
export function runsOf(experiment: string, from = process.cwd()): string[] {
  const runs = runsFolder(from);
  return runs ? listRuns(runs, experiment).map((id) => join(runs, experiment, id)) : [];
}
