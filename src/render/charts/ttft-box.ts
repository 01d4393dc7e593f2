/** TTFT distribution per cell as a box plot over the raw per-trial values (whiskers: min to max). */
import { TRIAL_METRICS } from "../../analyse/metrics/index.js";
import { cellLabel, SCHEMA, WIDTH, type ChartKind } from "./types.js";

export const ttftBox: ChartKind = {
  title: (t) => t.ttftTitle,
  caption: (t) => t.ttftCaption,
  spec(input, t) {
    const values = input.runs.flatMap((run) =>
      run.trials
        .filter((t) => !t.warmup && !t.error && !t.depth && t.ttft_ms !== null)
        .map((t) => ({ cell: cellLabel(input, { ...t, run_id: run.manifest.run_id }), ttft_ms: TRIAL_METRICS.ttft_ms.of(t) })),
    );
    if (values.length === 0) return null;
    return {
      $schema: SCHEMA,
      width: WIDTH,
      data: { values },
      mark: { type: "boxplot", extent: "min-max" },
      encoding: {
        y: { field: "cell", type: "nominal", title: null, sort: null },
        x: { field: "ttft_ms", type: "quantitative", title: t.ttftAxis, scale: { zero: false } },
      },
    };
  },
};
