/** Results tables: per variant × prompt × load level, the statistics of the main figures. */
import type { RootContent } from "mdast";
import type { Section } from "../types.js";
import { metricOf, type SummaryMetric } from "../../../analyse/summary.js";
import { words } from "../../../shared/i18n/catalogue.js";
import { heading, paragraph, table } from "../mdast.js";

export const results: Section = {
  build({ summaries, lang }) {
    const { t, f } = words(lang);
    const out: RootContent[] = [heading(2, t.results.heading)];
    for (const s of summaries) {
      if (summaries.length > 1) out.push(heading(3, t.results.run(s.run_id)));
      const get = (l: (typeof s.levels)[number], metric: SummaryMetric) => metricOf(s, l, metric);
      const ci = (m: ReturnType<typeof get>) => (m?.ci95_low == null ? f.num(m?.mean) : `${f.num(m.mean)} (${f.num(m.ci95_low)}–${f.num(m.ci95_high)})`);
      const rows = s.levels.map((l) => [
        l.variant,
        l.prompt,
        l.level === undefined ? `c${l.concurrency}` : `${l.level}/s`,
        `${l.completed}/${l.requests}`,
        `${f.int(get(l, "ttft_ms")?.median)} / ${f.int(get(l, "ttft_ms")?.p90)}`,
        f.int(get(l, "ttft_answer_ms")?.median),
        f.num(get(l, "tpot_ms")?.median, 2),
        ci(get(l, "decode_tps_server")),
        ci(get(l, "decode_tps_client")),
        f.num(get(l, "prefill_tps_server")?.mean),
        f.num(l.output_tps),
        l.goodput_rps === null ? "–" : f.num(l.goodput_rps, 2),
      ]);
      out.push(table(t.results.header.split("|"), rows));
    }
    out.push(paragraph(t.results.note));
    return out;
  },
};
