/**
 * The summary in plain words: per variant, prompt and load level, how fast it generates (saying whose counter), when
 * the first token and the first visible answer token arrive, the share of reasoning tokens. The comparisons between
 * variants are on the first page (the executive summary).
 */
import type { RootContent } from "mdast";
import type { Section } from "../types.js";
import { metricOf, type RunSummary, type SummaryMetric } from "../../../analyse/summary.js";
import { words } from "../../../shared/i18n/catalogue.js";
import { heading, list, paragraph, strong } from "../mdast.js";
import { verdictOf, verdictWords } from "./verdict.js";
import { loadWords, reasoningShare, variantWhat } from "./figures.js";
import { capacityParagraphs } from "./capacity.js";
import { plainNumber } from "../../capacity-text.js";

/** Requests of an open-loop level that were never sent (a search stopped it early): not in the level's own counts. */
function notSentOf(s: RunSummary, level: RunSummary["levels"][number]): number[] {
  if (level.rate === undefined) return [];
  const l = s.capacity?.find((c) => c.variant === level.variant && c.prompt === level.prompt)?.levels.find((x) => x.rate === level.rate);
  return l && l.not_sent > 0 ? [l.not_sent] : [];
}

export const summary: Section = {
  build(input) {
    const { runs, summaries, lang } = input;
    const w = words(lang);
    const { t, f } = w;
    const items: string[] = [];
    summaries.forEach((s, i) => {
      const run = runs[i];
      if (!run) return;
      for (const level of s.levels) {
        const m = (id: SummaryMetric) => metricOf(s, level, id);
        const server = m("decode_tps_server");
        const decode = server ?? m("decode_tps_client");
        const ttft = m("ttft_ms");
        const answer = m("ttft_answer_ms");
        const share = reasoningShare(run, level);
        const where = t.summary.where(variantWhat(w, run, level.variant), level.prompt, level.rate !== undefined ? t.capacity.offeredLoad(plainNumber(level.rate, w.lang)) : loadWords(w, level.concurrency), runs.length > 1 ? s.run_id : "");
        const ci = decode?.ci95_low != null ? `${f.num(decode.ci95_low)}–${f.num(decode.ci95_high)}` : "";
        const reasoned = share !== null && share > 0;
        const parts = [
          t.summary.generates(f.num(decode?.mean), ci, server ? t.wording.byServer : t.wording.byClient),
          reasoned
            ? t.summary.firstTokenReasoning(f.int(ttft?.median), f.int(ttft?.p90), f.int(answer?.median), f.int(answer?.p90))
            : t.summary.firstToken(f.int(ttft?.median), f.int(ttft?.p90)),
          ...(share === null ? [] : [reasoned ? t.summary.reasoningShare(f.pct(share)) : t.summary.noReasoning]),
          t.summary.completed(f.int(level.completed), f.int(level.requests), level.errors ? f.int(level.errors) : ""),
          ...notSentOf(s, level).map((n) => t.summary.notSent(f.int(n))),
        ];
        items.push(t.summary.sentence(where, parts.join(t.summary.joiner)));
      }
    });
    const verdicts = runs.filter((r) => r.manifest.feasibility).map((r) => verdictWords(w, verdictOf(r)).headline);
    const out: RootContent[] = [heading(2, t.summary.heading), ...capacityParagraphs(input), ...verdicts.map((h) => paragraph(strong(t.summary.verdict(h)), t.summary.verdictFollows)), list(items)];
    return out;
  },
};
