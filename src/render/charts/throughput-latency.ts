/** Throughput against latency across concurrency levels: one line per variant and prompt, one point per level. */
import { metricOf } from "../../analyse/summary.js";
import { SCHEMA, WIDTH, type ChartKind } from "./types.js";

export const throughputLatency: ChartKind = {
  title: (t) => t.throughputTitle,
  caption: (t) => t.throughputCaption,
  spec(input, t) {
    const values = input.summaries.flatMap((s) =>
      s.levels
        .filter((l) => l.output_tps !== null)
        .map((l) => ({
          series: input.runs.length > 1 ? `${l.variant} · ${l.prompt} · ${l.run_id}` : `${l.variant} · ${l.prompt}`,
          concurrency: l.concurrency,
          output_tps: l.output_tps,
          tpot_ms: metricOf(s, l, "tpot_ms")?.median ?? null,
        }))
        .filter((v) => v.tpot_ms !== null),
    );
    if (new Set(values.map((v) => v.concurrency)).size < 2) return null;
    return {
      $schema: SCHEMA,
      width: WIDTH,
      height: 260,
      data: { values },
      transform: [{ calculate: `${JSON.stringify(t.level)} + datum.concurrency`, as: "level" }],
      encoding: {
        x: { field: "output_tps", type: "quantitative", title: t.throughputAxis },
        y: { field: "tpot_ms", type: "quantitative", title: t.tpotAxis },
        color: { field: "series", type: "nominal", title: null },
      },
      layer: [
        { mark: { type: "line", point: true }, encoding: { order: { field: "concurrency" } } },
        { mark: { type: "text", dy: -9 }, encoding: { text: { field: "level", type: "nominal" } } },
      ],
    };
  },
};
