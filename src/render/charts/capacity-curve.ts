/**
 * Latency percentiles (TTFT counted from the due time, as the SLO counts it) and goodput against offered load, one line per variant (and prompt, and run), with the knee
 * marked: a solid rule at the highest rate meeting the SLO, a dashed one at the first rate missing it; the SLO's TTFT
 * limit and goodput share as dotted horizontal rules.
 */
import { DEFAULT_GOODPUT } from "../../analyse/capacity-slo.js";
import { LABEL_LIMIT, SCHEMA, WIDTH, seriesLabel, wordsIn, type ChartKind, type ChartWords } from "./types.js";

const wordsFor = (t: ChartWords) => wordsIn(t, "capacity");

export const capacityCurve: ChartKind = {
  title: (t) => wordsFor(t).chartTitle,
  caption: (t) => wordsFor(t).chartCaption,
  spec(input, t) {
    const m = wordsFor(t);
    const rows = input.summaries.flatMap((s) => (s.capacity ?? []).map((c) => ({ s, c })));
    const series = seriesLabel(rows.map((r) => r.c), input);
    const label = (r: (typeof rows)[number]) => series(r.c.variant, r.c.prompt, r.s.run_id);
    const latency = rows.flatMap((r) =>
      r.c.levels.flatMap((l) =>
        (["p50", "p90", "p99"] as const).flatMap((p) => (l.felt_ttft_ms[p] === null ? [] : [{ series: label(r), rate: l.rate, percentile: p, ttft_ms: l.felt_ttft_ms[p] }])),
      ),
    );
    const goodput = rows.flatMap((r) => r.c.levels.filter((l) => l.goodput !== null).map((l) => ({ series: label(r), rate: l.rate, goodput: l.goodput })));
    if (new Set(latency.map((v) => `${v.series}@${v.rate}`)).size < 2) return null;
    const knees = rows.flatMap((r) => [
      ...(r.c.knee.last_met_rps === null ? [] : [{ series: label(r), rate: r.c.knee.last_met_rps, mark: m.knee }]),
      ...(r.c.knee.first_missed_rps === null ? [] : [{ series: label(r), rate: r.c.knee.first_missed_rps, mark: "missed" }]),
    ]);
    const slo = rows.find((r) => r.c.slo)?.c.slo ?? null;
    const x = { field: "rate", type: "quantitative", title: m.axisOffered };
    // series name a run too when a report holds several: the legend goes below, wide enough for the whole name
    const color = { field: "series", type: "nominal", title: null, legend: { orient: "bottom", direction: "vertical", labelLimit: LABEL_LIMIT } };
    const kneeLayers = knees.length
      ? [
          { data: { values: knees.filter((k) => k.mark === m.knee) }, mark: { type: "rule", strokeWidth: 1.5 }, encoding: { x, color } },
          { data: { values: knees.filter((k) => k.mark !== m.knee) }, mark: { type: "rule", strokeDash: [5, 4] }, encoding: { x, color } },
        ]
      : [];
    return {
      $schema: SCHEMA,
      vconcat: [
        {
          width: WIDTH,
          height: 220,
          layer: [
            {
              data: { values: latency },
              mark: { type: "line", point: { filled: true, size: 40 } },
              // the percentile by dash and point shape together, so its legend symbols differ in shape, not only in a dash too short to see
              encoding: {
                x,
                y: { field: "ttft_ms", type: "quantitative", title: m.axisLatency },
                color,
                strokeDash: { field: "percentile", type: "nominal", title: null },
                shape: { field: "percentile", type: "nominal", title: null },
              },
            },
            ...(slo?.ttft_ms === undefined ? [] : [{ data: { values: [{ y: slo.ttft_ms }] }, mark: { type: "rule", strokeDash: [2, 2], color: "black" }, encoding: { y: { field: "y", type: "quantitative" } } }]),
            ...kneeLayers,
          ],
        },
        {
          width: WIDTH,
          height: 140,
          layer: [
            {
              data: { values: goodput },
              mark: { type: "line", point: true },
              encoding: { x, y: { field: "goodput", type: "quantitative", title: m.axisGoodput, scale: { domain: [0, 1] } }, color },
            },
            ...(slo ? [{ data: { values: [{ y: slo.goodput ?? DEFAULT_GOODPUT }] }, mark: { type: "rule", strokeDash: [2, 2], color: "black" }, encoding: { y: { field: "y", type: "quantitative" } } }] : []),
            ...kneeLayers,
          ],
        },
      ],
    };
  },
};
