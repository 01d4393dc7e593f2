/** Decode tok/s per cell: mean with its 95% bootstrap interval, the server's counter and trialbook's clock side by side. */
import { cellLabel, SCHEMA, WIDTH, type ChartKind } from "./types.js";

export const decodeRates: ChartKind = {
  title: "Decode speed",
  caption: "Mean decode tokens/s per variant with 95% bootstrap intervals: the server's own counter and trialbook's clock, (N−1)/(E2E−TTFT).",
  spec(input) {
    const values = input.summaries.flatMap((s) =>
      s.metrics
        .filter((m) => m.metric === "decode_tps_server" || m.metric === "decode_tps_client")
        .map((m) => ({
          cell: cellLabel(input, m),
          source: m.metric === "decode_tps_server" ? "server" : "trialbook",
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
        y: { field: "cell", type: "nominal", title: null, sort: null },
        yOffset: { field: "source" },
        color: { field: "source", type: "nominal", title: "measured by", scale: { domain: ["server", "trialbook"], range: ["#4c78a8", "#f58518"] } },
      },
      layer: [
        { mark: { type: "bar" }, encoding: { x: { field: "mean", type: "quantitative", title: "decode tokens/s" } } },
        { mark: { type: "rule", color: "black" }, encoding: { x: { field: "lo", type: "quantitative" }, x2: { field: "hi" } } },
      ],
    };
  },
};
