/**
 * The conversations answer in words, from the message catalogue: "holds N conversations at once (T turns each, X s
 * between an answer and the next turn) with 90% of first tokens within 500 ms, over every turn". Said only of a users
 * level that met the SLO, with every lower level meeting it too.
 */
import type { CapacityRow } from "../analyse/capacity.js";
import type { ConversationRow } from "../analyse/sessions.js";
import type { ManifestSessions } from "../store/load-manifest.js";
import type { ConversationChange } from "../analyse/sessions-compare.js";
import { formatters, messages } from "../shared/i18n/catalogue.js";
import type { Language } from "../shared/i18n/types.js";
import { capacityWho, percent, plainNumber, sloCondition } from "./capacity-text.js";

/** The conversations sentence of a capacity row that has conversations, or null. */
export function conversationSentence(row: CapacityRow, lang: Language = "en", withPrompt = false): string | null {
  const c = row.conversations;
  if (!c) return null;
  const m = messages(lang).sessions;
  const who = capacityWho(row, withPrompt);
  const n = (x: number) => plainNumber(x, lang);
  if (!row.slo) return m.noSlo(who);
  const condition = sloCondition(row.slo, lang);
  const levels = [...c.levels].sort((a, b) => a.users - b.users);
  if (row.max_sessions === null) {
    const lowest = levels[0];
    return m.noneHeld(who, n(lowest?.users ?? 0), percent(lowest?.goodput ?? 0, lang), condition);
  }
  const think = c.think_time_s === null ? "–" : n(c.think_time_s);
  const out = m.holds(who, formatters(lang).int(row.max_sessions), n(c.turns), think, condition, row.max_sessions === 1, c.turns === 1);
  const space = lang === "ja" ? "" : " ";
  const missed = levels.find((l) => l.users > (row.max_sessions ?? 0) && l.meets_slo !== true);
  return out + space + (missed ? m.firstMissed(n(missed.users)) : m.aboveLevels(n(row.max_sessions)));
}

/** How much longer the last turn's median TTFT took than the first's, at the lowest users level, in words. */
export function growthSentence(row: ConversationRow, lang: Language = "en"): string | null {
  const level = row.levels[0];
  if (!level || level.ttft_growth === null || level.turns.length < 2) return null;
  const f = formatters(lang);
  return messages(lang).sessions.growth(f.num(level.ttft_growth, 2), plainNumber(level.turns[level.turns.length - 1]!.turn, lang), f.int(level.conversations), level.conversations === 1);
}

/** The conversations as declared, one line for Methodology. */
export function conversationsLine(s: ManifestSessions, lang: Language = "en"): string {
  const n = (x: number) => plainNumber(x, lang);
  const users = s.users.map(n).join(messages(lang).common.listSeparator);
  return messages(lang).sessions.methodLine(n(s.turns), n(s.think_time_s), users, n(s.conversations_per_user), s.turns === 1, s.users.length === 1 && s.users[0] === 1);
}

/** The conversations of A against B, in lines: the count held at once, then TTFT per users level and turn with its ratio. */
export function conversationChangeLines(c: ConversationChange, lang: Language = "en"): string[] {
  const m = messages(lang).sessions;
  const f = formatters(lang);
  const who = c.a.variant === c.b.variant ? `${c.a.variant} (${c.a.prompt})` : `${c.a.variant} → ${c.b.variant} (${c.a.prompt})`;
  const count = (x: number | null) => (x === null ? m.noneHeldShort : f.int(x));
  const lines = [m.sessionsChange(who, count(c.a.max_sessions), count(c.b.max_sessions))];
  for (const t of c.turns) {
    const ratio = t.ratio === null ? "" : ` (${f.num(t.ratio, 2)}×${t.ci ? ` [${f.num(t.ci[0], 2)}–${f.num(t.ci[1], 2)}]` : ""})`;
    lines.push(m.turnChange(plainNumber(t.users, lang), plainNumber(t.turn, lang), f.num(t.a_ms, 1), f.num(t.b_ms, 1), ratio));
  }
  return lines;
}

/** One line per variant, prompt and users level: the median TTFT of each turn, "12.0 → 13.3 → 14.4". */
export function perTurnLines(rows: readonly ConversationRow[], lang: Language = "en"): string[] {
  const m = messages(lang).sessions;
  const f = formatters(lang);
  const prompts = new Set(rows.map((r) => r.prompt)).size > 1;
  return rows.flatMap((r) => r.levels.map((l) => m.perTurnLine(prompts ? `${r.variant} (${r.prompt})` : r.variant, plainNumber(l.users, lang), l.turns.map((t) => f.num(t.ttft_ms.median, 1)).join(" → "))));
}
