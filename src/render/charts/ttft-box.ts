/**
 * TTFT distribution per cell as a box plot over the raw per-trial values (whiskers: min to max). Cells as cellsOf
 * groups them: conversation turns (their own chart) and deeper contexts left out, each open-loop rate its own box.
 */
import { TRIAL_METRICS } from "../../analyse/metrics/index.js";
import { cellsOf } from "../../analyse/cells.js";
import { present } from "../../analyse/stats.js";
import { cellLabel, LABEL_LIMIT, SCHEMA, WIDTH, type ChartKind } from "./types.js";

export const ttftBox: ChartKind = {
  title: (t) => t.ttftTitle,
  caption: (t) => t.ttftCaption,
  spec(input, t) {
    const values = input.runs.flatMap((run) =>
      cellsOf(run.trials).flatMap((cell) => {
        const label = cellLabel(input, { ...cell, run_id: run.manifest.run_id });
        return present(cell.trials.filter((x) => !x.error).map((x) => TRIAL_METRICS.ttft_ms.of(x))).map((ttft_ms) => ({ cell: label, ttft_ms }));
      }),
    );
    if (values.length === 0) return null;
    return {
      $schema: SCHEMA,
      width: WIDTH,
      data: { values },
      mark: { type: "boxplot", extent: "min-max" },
      encoding: {
        y: { field: "cell", type: "nominal", title: null, sort: null, axis: { labelLimit: LABEL_LIMIT } },
        x: { field: "ttft_ms", type: "quantitative", title: t.ttftAxis, scale: { zero: false } },
      },
    };
  },
};
