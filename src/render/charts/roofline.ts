/** Decode speed as a share of the memory-bandwidth bound, when the machine's bandwidth is declared. */
import { cellLabel, SCHEMA, WIDTH, type ChartKind } from "./types.js";

export const roofline: ChartKind = {
  title: (t) => t.rooflineTitle,
  caption: (t) => t.rooflineCaption,
  spec(input, t) {
    const values = input.summaries.flatMap((s) => s.levels.filter((l) => l.roofline_pct !== null).map((l) => ({ cell: cellLabel(input, l), pct: l.roofline_pct, source: l.roofline_source })));
    if (values.length === 0) return null;
    return {
      $schema: SCHEMA,
      width: WIDTH,
      data: { values },
      layer: [
        { mark: { type: "bar", color: "#54a24b" }, encoding: { y: { field: "cell", type: "nominal", title: null, sort: null }, x: { field: "pct", type: "quantitative", title: t.rooflineAxis, scale: { domain: [0, 100] } } } },
        { mark: { type: "rule", color: "black", strokeDash: [4, 3] }, encoding: { x: { datum: 100 } } },
      ],
    };
  },
};
