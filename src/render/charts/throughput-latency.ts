/** Throughput against latency across concurrency levels: one line per variant and prompt, one point per level. */
import { metricOf } from "../../analyse/summary.js";
import { SCHEMA, WIDTH, type ChartKind } from "./types.js";

export const throughputLatency: ChartKind = {
  title: "Throughput vs latency",
  caption: "Each point is a concurrency level: output tokens/s of the whole level (x) against the median TPOT of its requests (y).",
  spec(input) {
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
      transform: [{ calculate: "'c' + datum.concurrency", as: "level" }],
      encoding: {
        x: { field: "output_tps", type: "quantitative", title: "output tokens/s (level)" },
        y: { field: "tpot_ms", type: "quantitative", title: "median TPOT (ms)" },
        color: { field: "series", type: "nominal", title: null },
      },
      layer: [
        { mark: { type: "line", point: true }, encoding: { order: { field: "concurrency" } } },
        { mark: { type: "text", dy: -9 }, encoding: { text: { field: "level", type: "nominal" } } },
      ],
    };
  },
};
