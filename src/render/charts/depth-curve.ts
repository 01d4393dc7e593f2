/**
 * Prefill and decode tok/s against context depth (`workload.depth`): mean speed at each depth with its 95% interval,
 * one line per variant (and prompt, and run). Left out when no run measured at least two depths.
 */
import { LABEL_LIMIT, SCHEMA, WIDTH, seriesLabel, wordsIn, type ChartKind, type ChartWords } from "./types.js";
import type { Description } from "../../analyse/stats.js";

const wordsFor = (t: ChartWords) => wordsIn(t, "depth");

export const depthCurve: ChartKind = {
  title: (t) => wordsFor(t).chartTitle,
  caption: (t) => wordsFor(t).chartCaption,
  spec(input, t) {
    const m = wordsFor(t);
    const rows = input.summaries.flatMap((s) => (s.depth ?? []).map((r) => ({ s, r })));
    const series = seriesLabel(rows.map((x) => x.r), input);
    const label = (x: (typeof rows)[number]) => series(x.r.variant, x.r.prompt, x.s.run_id);
    const points = (pick: (x: (typeof rows)[number]) => Description | null) =>
      rows.flatMap((x) => {
        const d = pick(x);
        return d?.mean == null ? [] : [{ series: label(x), depth: x.r.depth, mean: d.mean, low: d.ci95_low ?? d.mean, high: d.ci95_high ?? d.mean }];
      });
    const prefill = points((x) => x.r.prefill_tps);
    const decode = points((x) => x.r.decode_tps);
    if (new Set([...prefill, ...decode].map((p) => p.depth)).size < 2) return null;
    const x = { field: "depth", type: "quantitative", title: m.axisDepth };
    // series name a run too when a report holds several: the legend goes below, wide enough for the whole name
    const color = { field: "series", type: "nominal", title: null, legend: { orient: "bottom", direction: "vertical", labelLimit: LABEL_LIMIT } };
    const panel = (values: typeof prefill, title: string, height: number) => ({
      width: WIDTH,
      height,
      data: { values },
      layer: [
        { mark: { type: "line", point: true }, encoding: { x, y: { field: "mean", type: "quantitative", title }, color } },
        { mark: { type: "rule" }, encoding: { x, y: { field: "low", type: "quantitative" }, y2: { field: "high" }, color } },
      ],
    });
    return { $schema: SCHEMA, vconcat: [panel(prefill, m.axisPrefill, 180), panel(decode, m.axisDecode, 180)] };
  },
};
