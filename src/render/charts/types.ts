/** A chart kind: from runs and their summaries to a vega-lite spec (or null when the data for it does not exist). */
import type { StoredRun } from "../../analyse/load-run.js";
import type { RunSummary } from "../../analyse/summary.js";
import { messages, type Catalogue } from "../../shared/i18n/catalogue.js";
import type { Language } from "../../shared/i18n/types.js";
import { levelKey, levelNamer, type Levelled } from "./levels.js";

export interface ChartInput {
  runs: readonly StoredRun[];
  summaries: readonly RunSummary[];
  /** The language of titles, axes and legends (default English). */
  lang?: Language;
}

/** The chart words of one language. */
export type ChartWords = Catalogue["charts"];

export type VegaLiteSpec = Record<string, unknown>;

export interface ChartKind {
  title(t: ChartWords): string;
  /** One sentence under the chart: what it shows and how to read it. */
  caption(t: ChartWords): string;
  spec(input: ChartInput, t: ChartWords): VegaLiteSpec | null;
}

/** The language the chart words are in (a chart kind receives the `charts` area of one language). */
export const chartLanguage = (t: ChartWords): Language => (t === messages("ja").charts ? "ja" : "en");

/** Another area of the catalogue, in the language of the chart words. */
export const wordsIn = <A extends keyof Catalogue>(t: ChartWords, area: A): Catalogue[A] => messages(chartLanguage(t))[area];

/** "variant · prompt · run": a line's label, with the prompt and the run only when the chart shows several. */
export function seriesLabel(rows: ReadonlyArray<{ prompt: string }>, input: ChartInput): (variant: string, prompt: string, runId: string) => string {
  const prompts = new Set(rows.map((r) => r.prompt)).size > 1;
  const runs = input.runs.length > 1;
  return (variant, prompt, runId) => [variant, ...(prompts ? [prompt] : []), ...(runs ? [runId] : [])].join(" · ");
}

export const SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json";
export const WIDTH = 520;
/**
 * The widest row or legend label a chart draws in full, in pixels as vega estimates them headless (0.8 × font size per
 * character, wider than the report's font draws): 50 characters at 10 px, e.g. "variant · prompt · 15.25 req/s · <run id>".
 */
export const LABEL_LIMIT = 400;

/**
 * "variant · prompt · c2" or "variant · 4 req/s" — the row label of a cell, shortened when a report has one prompt
 * or one level. An open-loop level is named by its offered rate (see levels.ts), so two rates never share a label.
 */
export function cellLabel(input: ChartInput, r: Levelled & { variant: string; prompt: string; run_id?: string }): string {
  const levels = input.summaries.flatMap((s) => s.levels);
  const prompts = new Set(levels.map((l) => l.prompt)).size;
  const parts = [r.variant];
  if (prompts > 1) parts.push(r.prompt);
  if (new Set(levels.map(levelKey)).size > 1) parts.push(levelNamer(levels, input.lang ?? "en")(r));
  if (input.runs.length > 1 && r.run_id) parts.push(r.run_id);
  return parts.join(" · ");
}
