/** Run over run: the ratio of means (later run ÷ first run) per cell and metric, with 95% intervals, a rule at 1. */
import { compareRuns } from "../../analyse/compare.js";
import { TRIAL_METRICS } from "../../analyse/metrics/index.js";
import { SCHEMA, WIDTH, type ChartKind } from "./types.js";

export const runComparison: ChartKind = {
  title: "Run over run",
  caption: "Each later run against the first: ratio of means with 95% bootstrap intervals. For rates above 1 is faster; for latencies below 1 is faster.",
  spec(input) {
    const [first, ...later] = input.runs;
    if (!first || later.length === 0) return null;
    const values = later.flatMap((b) =>
      compareRuns(first, b, { metrics: ["decode_tps_client", "decode_tps_server", "ttft_ms", "tpot_ms"] }).map((r) => ({
        cell: `${r.variant_a} · ${r.prompt} · c${r.concurrency} · ${r.b}`,
        metric: TRIAL_METRICS[r.metric].label,
        ratio: r.ratio,
        lo: r.ci95_low ?? r.ratio,
        hi: r.ci95_high ?? r.ratio,
        change: r.change,
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
          { mark: { type: "point", filled: true }, encoding: { y: { field: "cell", type: "nominal", title: null }, x: { field: "ratio", type: "quantitative", title: "later ÷ first", scale: { zero: false } }, color: { field: "change", type: "nominal", title: null } } },
          { mark: "rule", encoding: { y: { field: "cell", type: "nominal" }, x: { field: "lo", type: "quantitative" }, x2: { field: "hi" } } },
          { mark: { type: "rule", strokeDash: [4, 3], color: "gray" }, encoding: { x: { datum: 1 } } },
        ],
      },
    };
  },
};
