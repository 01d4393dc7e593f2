/** Results tables: per variant × prompt × concurrency, the statistics of the main figures. */
import type { RootContent } from "mdast";
import type { Section } from "../types.js";
import { metricOf, type SummaryMetric } from "../../../analyse/summary.js";
import { fmt, heading, paragraph, table } from "../mdast.js";

export const results: Section = {
  build({ summaries }) {
    const out: RootContent[] = [heading(2, "Results")];
    for (const s of summaries) {
      if (summaries.length > 1) out.push(heading(3, `Run ${s.run_id}`));
      const get = (l: (typeof s.levels)[number], metric: SummaryMetric) => metricOf(s, l, metric);
      const ci = (m: ReturnType<typeof get>) => (m?.ci95_low == null ? fmt(m?.mean) : `${fmt(m.mean)} (${fmt(m.ci95_low)}–${fmt(m.ci95_high)})`);
      const rows = s.levels.map((l) => [
        l.variant,
        l.prompt,
        l.level === undefined ? String(l.concurrency) : `${l.level}/s`,
        `${l.completed}/${l.requests}`,
        `${fmt(get(l, "ttft_ms")?.median, 0)} / ${fmt(get(l, "ttft_ms")?.p90, 0)}`,
        fmt(get(l, "tpot_ms")?.median, 2),
        ci(get(l, "decode_tps_server")),
        ci(get(l, "decode_tps_client")),
        fmt(get(l, "prefill_tps_server")?.mean),
        fmt(l.output_tps),
        l.goodput_rps === null ? "–" : fmt(l.goodput_rps, 2),
      ]);
      out.push(table(["variant", "prompt", "c", "ok", "TTFT p50 / p90 ms", "TPOT p50 ms", "decode tok/s server (95% CI)", "decode tok/s trialbook (95% CI)", "prefill tok/s server", "output tok/s", "goodput req/s"], rows));
    }
    out.push(paragraph("Rates are means of per-trial rates with 95% bootstrap intervals; output tok/s is Σ output tokens over the wall time of the level; goodput counts requests meeting every SLO."));
    return out;
  },
};
