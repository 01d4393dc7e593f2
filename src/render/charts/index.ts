/** Every chart kind, in report order. Adding a chart is a module and an entry here. */
import type { ChartInput, ChartKind, VegaLiteSpec } from "./types.js";
import { messages } from "../../shared/i18n/catalogue.js";
import { decodeRates } from "./decode-rates.js";
import { ttftBox } from "./ttft-box.js";
import { itlBox } from "./itl-box.js";
import { throughputLatency } from "./throughput-latency.js";
import { timeline } from "./timeline.js";
import { roofline } from "./roofline.js";
import { runComparison } from "./run-comparison.js";
import { capacityCurve } from "./capacity-curve.js";
import { depthCurve } from "./depth-curve.js";
import { ttftPerTurn } from "./ttft-per-turn.js";

export const CHARTS = {
  "decode-rates": decodeRates,
  "ttft-box": ttftBox,
  "itl-box": itlBox,
  "throughput-latency": throughputLatency,
  "token-timeline": timeline,
  roofline,
  "run-comparison": runComparison,
  "capacity-curve": capacityCurve,
  "depth-curve": depthCurve,
  "ttft-per-turn": ttftPerTurn,
} as const satisfies Record<string, ChartKind>;

export type ChartId = keyof typeof CHARTS;

export interface BuiltChart {
  id: ChartId;
  title: string;
  caption: string;
  spec: VegaLiteSpec;
}

/** The charts that have data for these runs, with their specs. */
export function buildCharts(input: ChartInput): BuiltChart[] {
  const t = messages(input.lang ?? "en").charts;
  return (Object.keys(CHARTS) as ChartId[]).flatMap((id) => {
    const kind: ChartKind = CHARTS[id];
    const spec = kind.spec(input, t);
    return spec ? [{ id, title: kind.title(t), caption: kind.caption(t), spec }] : [];
  });
}

export type { ChartInput, ChartKind, VegaLiteSpec } from "./types.js";
