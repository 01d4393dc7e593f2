/**
 * The report as one mdast tree — the single source of the Markdown, HTML and PDF outputs:
 * runs → summaries → charts → sections (in SECTION_ORDER) → mdast Root.
 */
import type { Root } from "mdast";
import type { StoredRun } from "../../analyse/load-run.js";
import { summarizeRun } from "../../analyse/summary.js";
import { buildCharts } from "../charts/index.js";
import { SECTIONS, SECTION_ORDER } from "./sections/index.js";
import { reportLanguage, type ReportInput } from "./types.js";
import type { Language } from "../../shared/i18n/types.js";

/** The report's input; `lang` overrides the experiment's `report.language` (default English). */
export function reportInput(runs: readonly StoredRun[], generatedAt = new Date().toISOString(), lang?: Language): ReportInput {
  const summaries = runs.map(summarizeRun);
  const language = reportLanguage(runs, lang);
  return { runs, summaries, charts: buildCharts({ runs, summaries, lang: language }), generated_at: generatedAt, lang: language };
}

export function reportTree(input: ReportInput): Root {
  return { type: "root", children: SECTION_ORDER.flatMap((id) => SECTIONS[id].build(input)) };
}
