/**
 * TTFT per turn in conversations (`workload.sessions`): the median TTFT of each turn (solid line with points) and its
 * p90 (dashed), one colour per variant and users level (and prompt, and run, when there are several). The rise from
 * turn to turn is what the growing context costs.
 */
import { LABEL_LIMIT, SCHEMA, WIDTH, wordsIn, type ChartKind, type ChartWords } from "./types.js";

const wordsFor = (t: ChartWords) => wordsIn(t, "sessions");

export const ttftPerTurn: ChartKind = {
  title: (t) => wordsFor(t).chartTitle,
  caption: (t) => wordsFor(t).chartCaption,
  spec(input, t) {
    const m = wordsFor(t);
    const rows = input.summaries.flatMap((s) => (s.conversations ?? []).map((c) => ({ s, c })));
    const many = {
      prompts: new Set(rows.map((r) => r.c.prompt)).size > 1,
      users: new Set(rows.flatMap((r) => r.c.levels.map((l) => l.users))).size > 1,
      runs: input.runs.length > 1,
    };
    const values = rows.flatMap((r) =>
      r.c.levels.flatMap((l) => {
        const series = [r.c.variant, ...(many.prompts ? [r.c.prompt] : []), ...(many.users ? [m.seriesUsers(String(l.users))] : []), ...(many.runs ? [r.s.run_id] : [])].join(" · ");
        return l.turns.flatMap((turn) =>
          (["median", "p90"] as const).flatMap((p) => (turn.ttft_ms[p] === null ? [] : [{ series, turn: turn.turn, percentile: p === "median" ? "p50" : "p90", ttft_ms: turn.ttft_ms[p] }])),
        );
      }),
    );
    if (new Set(values.map((v) => v.turn)).size < 2) return null;
    return {
      $schema: SCHEMA,
      width: WIDTH,
      height: 240,
      data: { values },
      mark: { type: "line", point: { filled: true, size: 40 } },
      encoding: {
        x: { field: "turn", type: "ordinal", title: m.axisTurn, axis: { labelAngle: 0 } },
        y: { field: "ttft_ms", type: "quantitative", title: m.axisTtft },
        // series may name a run: the legend goes below, wide enough for the whole name
        color: { field: "series", type: "nominal", title: null, legend: { orient: "bottom", direction: "vertical", labelLimit: LABEL_LIMIT } },
        // the percentile by dash and point shape together, so its legend symbols differ in shape
        strokeDash: { field: "percentile", type: "nominal", title: null },
        shape: { field: "percentile", type: "nominal", title: null },
      },
    };
  },
};
