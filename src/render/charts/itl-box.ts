/**
 * Inter-token latency per cell, drawn from quantiles computed over every per-token gap (runs of 10k trials hold
 * millions of gaps; the quantiles are exact, nothing is smoothed). Also shows TPOT's median as a tick.
 */
import { quantileSorted, sortedCopy } from "../../analyse/stats.js";
import { itlPerToken } from "../../analyse/metrics/itl.js";
import { cellsOf } from "../../analyse/cells.js";
import { cellLabel, LABEL_LIMIT, SCHEMA, WIDTH, type ChartKind } from "./types.js";

export const itlBox: ChartKind = {
  title: (t) => t.itlTitle,
  caption: (t) => t.itlCaption,
  spec(input, t) {
    const values = input.runs.flatMap((run) =>
      cellsOf(run.trials).flatMap((cell) => {
        const gaps = sortedCopy(cell.trials.flatMap(itlPerToken));
        if (gaps.length === 0) return [];
        const q = (p: number) => quantileSorted(gaps, p);
        return [{ cell: cellLabel(input, { ...cell, run_id: run.manifest.run_id }), p1: q(0.01), p25: q(0.25), p50: q(0.5), p75: q(0.75), p99: q(0.99) }];
      }),
    );
    if (values.length === 0) return null;
    const y = { field: "cell", type: "nominal", title: null, sort: null, axis: { labelLimit: LABEL_LIMIT } };
    return {
      $schema: SCHEMA,
      width: WIDTH,
      data: { values },
      layer: [
        { mark: { type: "rule" }, encoding: { y, x: { field: "p1", type: "quantitative", title: t.itlAxis }, x2: { field: "p99" } } },
        { mark: { type: "bar", size: 14, color: "#72b7b2" }, encoding: { y, x: { field: "p25", type: "quantitative" }, x2: { field: "p75" } } },
        { mark: { type: "tick", color: "black", size: 14 }, encoding: { y, x: { field: "p50", type: "quantitative" } } },
      ],
    };
  },
};
