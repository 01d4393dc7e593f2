/** The token timeline of one request — the measured trial with the median E2E of the first variant: tokens over time. */
import { median, present } from "../../analyse/stats.js";
import { SCHEMA, WIDTH, type ChartKind } from "./types.js";

export const timeline: ChartKind = {
  title: (t) => t.timelineTitle,
  caption: (t) => t.timelineCaption,
  spec(input, t) {
    const run = input.runs[0];
    if (!run) return null;
    const first = run.trials.find((t) => !t.warmup)?.variant;
    const measured = run.trials.filter((t) => t.variant === first && !t.warmup && !t.error && !t.depth && t.chunks.length > 0);
    const mid = median(present(measured.map((t) => t.e2e_ms)));
    const trial = measured.reduce<(typeof measured)[number] | undefined>((best, t) => (best === undefined || Math.abs((t.e2e_ms ?? 0) - (mid ?? 0)) < Math.abs((best.e2e_ms ?? 0) - (mid ?? 0)) ? t : best), undefined);
    if (!trial) return null;
    let total = 0;
    const values = trial.chunks.map((c) => ({ t_ms: c.t_ms, tokens: (total += c.tokens), kind: c.kind === "reasoning" ? t.reasoning : t.answer }));
    return {
      $schema: SCHEMA,
      width: WIDTH,
      height: 200,
      title: { text: trial.trial, fontSize: 11, fontWeight: "normal" },
      data: { values },
      mark: { type: "point", filled: true, size: 12 },
      encoding: {
        x: { field: "t_ms", type: "quantitative", title: t.timelineX },
        y: { field: "tokens", type: "quantitative", title: t.timelineY },
        color: { field: "kind", type: "nominal", title: null, scale: { domain: [t.reasoning, t.answer], range: ["#b279a2", "#4c78a8"] } },
      },
    };
  },
};
