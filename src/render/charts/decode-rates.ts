/**
 * Decode tok/s per cell: mean with its 95% bootstrap interval, the server's counter and trialbook's clock side by side.
 * One bar per cell and source, never stacked: each level (an open-loop rate too) is its own row, low to high.
 */
import { cellLabel, LABEL_LIMIT, SCHEMA, WIDTH, type ChartKind } from "./types.js";

export const decodeRates: ChartKind = {
  title: (t) => t.decodeTitle,
  caption: (t) => t.decodeCaption,
  spec(input, t) {
    const values = input.summaries.flatMap((s) =>
      // in the summary's order (cellsOf: closed-loop levels, then rates from the lowest)
      s.metrics.filter((m) => m.metric === "decode_tps_server" || m.metric === "decode_tps_client").map((m) => ({
        cell: cellLabel(input, m),
        source: m.metric === "decode_tps_server" ? t.server : t.trialbook,
        mean: m.mean,
        lo: m.ci95_low ?? m.mean,
        hi: m.ci95_high ?? m.mean,
      })),
    );
    if (values.length === 0) return null;
    return {
      $schema: SCHEMA,
      width: WIDTH,
      data: { values },
      encoding: {
        y: { field: "cell", type: "nominal", title: null, sort: null, axis: { labelLimit: LABEL_LIMIT } },
        yOffset: { field: "source" },
        color: { field: "source", type: "nominal", title: t.measuredBy, scale: { domain: [t.server, t.trialbook], range: ["#4c78a8", "#f58518"] } },
      },
      layer: [
        { mark: { type: "bar" }, encoding: { x: { field: "mean", type: "quantitative", title: t.decodeAxis, stack: null } } },
        { mark: { type: "rule", color: "black" }, encoding: { x: { field: "lo", type: "quantitative" }, x2: { field: "hi" } } },
      ],
    };
  },
};
