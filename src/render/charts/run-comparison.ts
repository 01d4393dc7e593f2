/**
 * Run over run: the ratio of means (later run ÷ first run) per cell and metric, with 95% intervals, a rule at 1. One
 * panel per metric, its name above it (never rotated beside a short panel); one row per cell, named by what differs —
 * an open-loop level by its offered rate, so that two rates under the same cap never share a row; the legend below.
 */
import { compareRuns, type Change, type ComparisonRow } from "../../analyse/compare.js";
import type { MetricId } from "../../analyse/metrics/index.js";
import { messages } from "../../shared/i18n/catalogue.js";
import { levelKey, levelNamer } from "./levels.js";
import { LABEL_LIMIT, SCHEMA, WIDTH, type ChartInput, type ChartKind, type ChartWords } from "./types.js";

const METRICS: readonly MetricId[] = ["decode_tps_server", "decode_tps_client", "ttft_ms", "tpot_ms"];
const CHANGES: readonly Change[] = ["faster", "slower", "no significant change", "not comparable"];
const COLOURS: Record<Change, string> = { faster: "#54a24b", slower: "#e45756", "no significant change": "#9d9d9d", "not comparable": "#bab0ac" };

const changeWord = (t: ChartWords, c: Change): string => ({ faster: t.faster, slower: t.slower, "no significant change": t.noChange, "not comparable": t.notComparable })[c];

/** "variant · prompt · level · run": the prompt, the level and the later run only when the chart holds several. */
function rowLabel(rows: readonly ComparisonRow[], input: ChartInput): (r: ComparisonRow) => string {
  const prompts = new Set(rows.map((r) => r.prompt)).size > 1;
  const levels = new Set(rows.map(levelKey)).size > 1;
  const later = new Set(rows.map((r) => r.b)).size > 1;
  const level = levelNamer(rows, input.lang ?? "en");
  return (r) =>
    [r.variant_a === r.variant_b ? r.variant_a : `${r.variant_a} → ${r.variant_b}`, ...(prompts ? [r.prompt] : []), ...(levels ? [level(r)] : []), ...(later ? [r.b] : [])].join(" · ");
}

export const runComparison: ChartKind = {
  title: (t) => t.runTitle,
  caption: (t) => t.runCaption,
  spec(input, t) {
    const labels = messages(input.lang ?? "en").metricLabels;
    const [first, ...later] = input.runs;
    if (!first || later.length === 0) return null;
    // in the first run's cell order (cellsOf: closed-loop levels, then rates from the lowest), one later run after another
    const rows = later.flatMap((b) => compareRuns(first, b, { metrics: METRICS }));
    if (rows.length === 0) return null;
    const label = rowLabel(rows, input);
    const values = rows.map((r) => ({
      cell: label(r),
      metric: labels[r.metric],
      ratio: r.ratio,
      lo: r.ci95_low ?? r.ratio,
      hi: r.ci95_high ?? r.ratio,
      change: changeWord(t, r.change),
    }));
    const present = CHANGES.filter((c) => rows.some((r) => r.change === c));
    const y = { field: "cell", type: "nominal", title: null, sort: null, axis: { labelLimit: LABEL_LIMIT } };
    return {
      $schema: SCHEMA,
      data: { values },
      facet: {
        row: {
          field: "metric",
          type: "nominal",
          title: null,
          sort: METRICS.map((m) => labels[m]),
          header: { labelAngle: 0, labelOrient: "top", labelAnchor: "start", labelAlign: "left", labelFontWeight: "bold", labelFontSize: 11, labelLimit: 0 },
        },
      },
      spacing: 14,
      spec: {
        width: WIDTH - 160,
        layer: [
          { mark: "rule", encoding: { y, x: { field: "lo", type: "quantitative" }, x2: { field: "hi" } } },
          { mark: { type: "rule", strokeDash: [4, 3], color: "gray" }, encoding: { x: { datum: 1 } } },
          {
            mark: { type: "point", filled: true, size: 50, opacity: 1 },
            encoding: {
              y,
              x: { field: "ratio", type: "quantitative", title: t.runAxis, scale: { zero: false } },
              color: {
                field: "change",
                type: "nominal",
                title: null,
                scale: { domain: present.map((c) => changeWord(t, c)), range: present.map((c) => COLOURS[c]) },
                legend: { orient: "bottom", direction: "horizontal", labelLimit: 0 },
              },
            },
          },
        ],
      },
    };
  },
};
