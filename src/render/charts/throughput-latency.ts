/**
 * Throughput against latency across load levels: one line per variant and prompt through its concurrency levels, and
 * one through its open-loop levels (by offered rate), one point per level — a sweep's rates are never joined to the
 * concurrency levels, nor named by their cap on requests in flight.
 */
import { metricOf } from "../../analyse/summary.js";
import { plainNumber } from "../capacity-text.js";
import { levelKey, levelOrder } from "./levels.js";
import { chartLanguage, LABEL_LIMIT, SCHEMA, seriesLabel, WIDTH, type ChartKind } from "./types.js";

export const throughputLatency: ChartKind = {
  title: (t) => t.throughputTitle,
  caption: (t) => t.throughputCaption,
  spec(input, t) {
    const lang = chartLanguage(t);
    const levels = input.summaries.flatMap((s) => s.levels);
    const shapes = new Set(levels.flatMap((l) => (l.level === undefined ? [] : [l.level.split("@")[0]]))).size > 1;
    const series = seriesLabel(levels, input);
    const values = input.summaries.flatMap((s) =>
      s.levels
        .filter((l) => l.output_tps !== null)
        .map((l) => {
          const base = series(l.variant, l.prompt, l.run_id);
          const open = l.rate === undefined ? "" : ` · ${t.openLoop}${shapes ? ` (${l.level?.split("@")[0] ?? ""})` : ""}`;
          return {
            series: `${base}${open}`,
            key: levelKey(l),
            order: levelOrder(l),
            level: l.rate === undefined ? `${t.level}${l.concurrency}` : t.rateLevel(plainNumber(l.rate, lang)),
            output_tps: l.output_tps,
            tpot_ms: metricOf(s, l, "tpot_ms")?.median ?? null,
          };
        })
        .filter((v) => v.tpot_ms !== null),
    );
    if (new Set(values.map((v) => v.key)).size < 2) return null;
    return {
      $schema: SCHEMA,
      width: WIDTH,
      height: 260,
      data: { values },
      encoding: {
        x: { field: "output_tps", type: "quantitative", title: t.throughputAxis },
        y: { field: "tpot_ms", type: "quantitative", title: t.tpotAxis },
        color: { field: "series", type: "nominal", title: null, sort: null, legend: { orient: "bottom", direction: "vertical", labelLimit: LABEL_LIMIT } },
      },
      layer: [
        { mark: { type: "line", point: true }, encoding: { order: { field: "order", type: "quantitative" } } },
        { mark: { type: "text", dy: -9 }, encoding: { text: { field: "level", type: "nominal" } } },
      ],
    };
  },
};
