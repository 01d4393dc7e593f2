/** Run over run: the ratio of means (later run ÷ first run) per cell and metric, with 95% intervals, a rule at 1. */
import { compareRuns } from "../../analyse/compare.js";
import type { Change } from "../../analyse/compare.js";
import { messages } from "../../shared/i18n/catalogue.js";
import { SCHEMA, WIDTH, type ChartKind, type ChartWords } from "./types.js";

const changeWord = (t: ChartWords, c: Change): string => ({ faster: t.faster, slower: t.slower, "no significant change": t.noChange, "not comparable": t.notComparable })[c];

export const runComparison: ChartKind = {
  title: (t) => t.runTitle,
  caption: (t) => t.runCaption,
  spec(input, t) {
    const labels = messages(input.lang ?? "en").metricLabels;
    const [first, ...later] = input.runs;
    if (!first || later.length === 0) return null;
    const values = later.flatMap((b) =>
      compareRuns(first, b, { metrics: ["decode_tps_client", "decode_tps_server", "ttft_ms", "tpot_ms"] }).map((r) => ({
        cell: `${r.variant_a} · ${r.prompt} · c${r.concurrency} · ${r.b}`,
        metric: labels[r.metric],
        ratio: r.ratio,
        lo: r.ci95_low ?? r.ratio,
        hi: r.ci95_high ?? r.ratio,
        change: changeWord(t, r.change),
      })),
    );
    if (values.length === 0) return null;
    return {
      $schema: SCHEMA,
      width: WIDTH,
      data: { values },
      facet: { row: { field: "metric", type: "nominal", title: null } },
      spec: {
        width: WIDTH - 120,
        layer: [
          { mark: { type: "point", filled: true }, encoding: { y: { field: "cell", type: "nominal", title: null }, x: { field: "ratio", type: "quantitative", title: t.runAxis, scale: { zero: false } }, color: { field: "change", type: "nominal", title: null } } },
          { mark: "rule", encoding: { y: { field: "cell", type: "nominal" }, x: { field: "lo", type: "quantitative" }, x2: { field: "hi" } } },
          { mark: { type: "rule", strokeDash: [4, 3], color: "gray" }, encoding: { x: { datum: 1 } } },
        ],
      },
    };
  },
};
