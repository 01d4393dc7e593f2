/**
 * Capacity (open-loop levels): the answer in one sentence per variant and prompt, then the evidence — one row per
 * level with offered, sent and completed rates, goodput, latency percentiles, queueing, output tokens/s, errors and the
 * SLO verdict — and the definitions of every figure. Left out when a run has no open-loop levels.
 */
import type { RootContent } from "mdast";
import type { ReportInput, Section } from "../types.js";
import { fellBehind, KEEP_UP, type CapacityLevel, type CapacityRow } from "../../../analyse/capacity.js";
import { messages } from "../../../shared/i18n/catalogue.js";
import { isLanguage, type Language } from "../../../shared/i18n/types.js";
import { capacitySentence, capacityWho, percent, plainNumber } from "../../capacity-text.js";
import { notSentReason } from "../../not-sent-text.js";
import { fmt, heading, list, paragraph, strong, table } from "../mdast.js";

/** The report's language when the input carries one (`report.language`), else English. */
export function reportLanguage(input: ReportInput): Language {
  return isLanguage(input.lang) ? input.lang : "en";
}

const rowsOf = (input: ReportInput): Array<{ runId: string; row: CapacityRow }> =>
  input.summaries.flatMap((s) => (s.capacity ?? []).map((row) => ({ runId: s.run_id, row })));

/** A capacity sentence, led by its run's name when the report covers several runs ("Run … — small-f32 serves up to …"). */
export function capacityOfRunSentence(input: ReportInput, runId: string, sentence: string): string {
  return input.runs.length > 1 ? `${messages(reportLanguage(input)).wording.runHeading(runId)} — ${sentence}` : sentence;
}

/** The one-sentence answers, for the summary page. */
export function capacityParagraphs(input: ReportInput): RootContent[] {
  const lang = reportLanguage(input);
  const rows = rowsOf(input);
  const prompts = new Set(rows.map((r) => r.row.prompt)).size > 1;
  return rows.map((r) => paragraph(strong(capacityOfRunSentence(input, r.runId, capacitySentence(r.row, lang, prompts)))));
}

/** Why a level missed the SLO other than by its goodput, in a sentence under the table (a table cell is too narrow for it). */
function levelNote(l: CapacityLevel, lang: Language): string | null {
  if (l.meets_slo !== false) return null;
  const m = messages(lang).capacity;
  // worded from the cause in figures, as the errors section words it; runs older than `not_sent_cause` keep the
  // runner's English sentence, the rule named in the report's language where it is one of the two
  const why = (r: string) => (/latency rising/.test(r) ? m.whyRising : /already missed/.test(r) ? m.whyUnreachable : r);
  if (l.stopped_early) return m.stoppedNote(plainNumber(l.rate, lang), l.stopped_cause ? notSentReason(l.stopped_cause, lang) : why(l.stopped_early));
  if (l.kept_up !== null && fellBehind(l.kept_up)) return m.notKeptUpNote(plainNumber(l.rate, lang), percent(l.kept_up, lang));
  return null;
}

function levelRow(l: CapacityLevel, lang: Language): string[] {
  const m = messages(lang).capacity;
  const verdict = l.meets_slo === null ? m.notTested : l.meets_slo ? m.met : l.stopped_early ? m.stoppedEarly : fellBehind(l.kept_up) ? m.notKeptUp : m.missed;
  return [
    `${plainNumber(l.rate, lang)} (${l.arrivals})`,
    `${fmt(l.sent_rps, 2)} / ${fmt(l.due_rps, 2)}`,
    fmt(l.achieved_rps, 2),
    l.goodput === null ? m.notTested : percent(l.goodput, lang),
    `${fmt(l.felt_ttft_ms.p50, 0)} / ${fmt(l.felt_ttft_ms.p90, 0)} / ${fmt(l.felt_ttft_ms.p99, 0)}`,
    fmt(l.tpot_ms.p50, 1),
    fmt(l.felt_e2e_ms.p90, 0),
    fmt(l.queue_ms.p90, 0),
    fmt(l.output_tps, 1),
    `${l.errors}${l.not_sent ? ` (+${l.not_sent})` : ""}`,
    l.kept_up === null ? m.notTested : percent(l.kept_up, lang),
    verdict,
  ];
}

export const capacity: Section = {
  build(input) {
    const rows = rowsOf(input);
    if (rows.length === 0) return [];
    const lang = reportLanguage(input);
    const m = messages(lang).capacity;
    const prompts = new Set(rows.map((r) => r.row.prompt)).size > 1;
    const out: RootContent[] = [heading(2, m.heading), ...capacityParagraphs(input)];
    // rows of conversations alone (no open-loop level) have their evidence in the Conversations section
    const rated = rows.filter((r) => r.row.levels.length > 0);
    if (rated.length === 0) return out;
    out.push(paragraph(m.intro));
    for (const { runId, row } of rated) {
      out.push(heading(3, m.levelsHeading(`${capacityWho(row, prompts)}${input.runs.length > 1 ? ` · ${runId}` : ""}`)));
      out.push(
        table(
          [m.colRate, m.colSent, m.colAchieved, m.colGoodput, m.colTtft, m.colTpot, m.colE2e, m.colQueue, m.colOut, m.colErrors, m.colKeptUp, m.colVerdict],
          [...row.levels].sort((a, b) => a.rate - b.rate).map((l) => levelRow(l, lang)),
        ),
      );
      const notes = [...row.levels].sort((a, b) => a.rate - b.rate).flatMap((l) => levelNote(l, lang) ?? []);
      if (notes.length) out.push(list(notes));
    }
    const first = rated[0]!.row;
    // one table: its own unloaded TTFT; several: each table against its own
    const unloaded =
      rated.length > 1 ? m.unloadedEach : first.unloaded_ttft_ms === null ? "—" : first.unloaded_source === "concurrency 1" ? m.unloadedC1(fmt(first.unloaded_ttft_ms, 0)) : m.unloadedLowest(fmt(first.unloaded_ttft_ms, 0));
    out.push(heading(3, m.definitions), list([m.defOffered, m.defSent, m.defAchieved, m.defGoodput, m.defKeptUp(percent(KEEP_UP, lang)), m.defErrors, m.defQueue(unloaded), m.defMaxRate, m.defUsers(plainNumber(first.user_interval_s, lang))]));
    return out;
  },
};
