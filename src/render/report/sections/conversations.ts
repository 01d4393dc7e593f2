/**
 * Conversations (`workload.sessions`): per variant, prompt and users level, one row per turn — answered turns, TTFT
 * percentiles and mean with its interval, prompt and cached tokens, think time, share meeting the SLO — with the
 * level's verdict, how much the last turn's first token slowed down, and the definitions. Left out when a run has no
 * conversations. The one-sentence answer is in the Capacity section and the summary (capacity-text.ts).
 */
import type { RootContent } from "mdast";
import type { ReportInput, Section } from "../types.js";
import type { ConversationLevel, TurnFigures } from "../../../analyse/sessions.js";
import { messages } from "../../../shared/i18n/catalogue.js";
import type { Language } from "../../../shared/i18n/types.js";
import { percent, plainNumber } from "../../capacity-text.js";
import { growthSentence } from "../../sessions-text.js";
import { reportLanguage } from "./capacity.js";
import { fmt, heading, list, paragraph, table } from "../mdast.js";

function turnRow(t: TurnFigures, lang: Language): string[] {
  const d = t.ttft_ms;
  const interval = d.ci95_low === null || d.ci95_high === null ? "" : ` (${fmt(d.ci95_low, 0)}–${fmt(d.ci95_high, 0)})`;
  return [
    plainNumber(t.turn, lang),
    `${t.completed}/${t.planned}`,
    `${fmt(d.median, 0)} / ${fmt(d.p90, 0)} / ${fmt(d.p99, 0)}`,
    `${fmt(d.mean, 0)}${interval}`,
    fmt(t.prompt_tokens, 0),
    fmt(t.cached_tokens, 0),
    fmt(t.think_ms, 0),
    t.goodput === null ? "—" : percent(t.goodput, lang),
  ];
}

function levelLine(l: ConversationLevel, lang: Language): string {
  const m = messages(lang).sessions;
  const verdict = l.meets_slo === null ? m.noVerdict : l.meets_slo ? m.met : m.missed;
  return m.levelLine(plainNumber(l.conversations, lang), plainNumber(l.completed, lang), l.goodput === null ? "—" : percent(l.goodput, lang), verdict, l.conversations === 1);
}

export const conversations: Section = {
  build(input: ReportInput) {
    const rows = input.summaries.flatMap((s) => (s.conversations ?? []).map((row) => ({ runId: s.run_id, row })));
    if (rows.length === 0) return [];
    const lang = reportLanguage(input);
    const m = messages(lang).sessions;
    const prompts = new Set(rows.map((r) => r.row.prompt)).size > 1;
    const out: RootContent[] = [heading(2, m.heading), paragraph(m.intro)];
    for (const { runId, row } of rows) {
      const who = `${row.variant}${prompts ? ` (${row.prompt})` : ""}${input.runs.length > 1 ? ` · ${runId}` : ""}`;
      const growth = growthSentence(row, lang);
      if (growth) out.push(paragraph(`${who}${messages(lang).common.labelSeparator}${growth}`));
      for (const level of row.levels) {
        out.push(heading(3, m.levelHeading(who, plainNumber(level.users, lang))), paragraph(levelLine(level, lang)));
        out.push(table([m.colTurn, m.colAnswered, m.colTtft, m.colMean, m.colPrompt, m.colCached, m.colThink, m.colGoodput], level.turns.map((t) => turnRow(t, lang))));
      }
    }
    out.push(heading(3, m.definitions), list([m.defTtft, m.defPrompt, m.defCached, m.defThink, m.defGoodput, m.defMaxSessions, m.defFailed]));
    return out;
  },
};
