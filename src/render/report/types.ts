/** What report sections get and give: runs with their summaries and charts in; mdast block content out. */
import type { RootContent } from "mdast";
import type { StoredRun } from "../../analyse/load-run.js";
import type { RunSummary } from "../../analyse/summary.js";
import type { BuiltChart } from "../charts/index.js";
import type { Language } from "../../shared/i18n/types.js";

export interface ReportInput {
  runs: readonly StoredRun[];
  summaries: readonly RunSummary[];
  charts: readonly BuiltChart[];
  /** When the report was made (ISO), shown on the title page. */
  generated_at: string;
  /** The language of every word the report writes (model output and experiment strings stay as written). */
  lang?: Language;
}

export interface Section {
  /** Builds the section's blocks; an empty array leaves the section out. */
  build(input: ReportInput): RootContent[];
}

/** Image URLs of this scheme stand for a chart: inline SVG in HTML/PDF, an SVG file beside the Markdown. */
export const CHART_URL = "chart:";

/** The report's language: the option given (`--lang`), else the experiment's `report.language`, else English. */
export function reportLanguage(runs: readonly StoredRun[], override?: Language): Language {
  return override ?? runs[0]?.manifest.report?.language ?? "en";
}
