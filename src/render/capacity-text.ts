/**
 * The capacity answer in words, from the message catalogue: "serves up to N requests/s — about M concurrent users at
 * one request every T s — with 90% of first tokens within 500 ms". Said only of a rate that met the SLO; otherwise the
 * sentence says that no rate did, or that no SLO was declared.
 */
import type { CapacityRow } from "../analyse/capacity.js";
import type { CapacityChange } from "../analyse/capacity-compare.js";
import type { Slo, Workload } from "../validate/schema.js";
import { formatters, messages } from "../shared/i18n/catalogue.js";
import type { Language } from "../shared/i18n/types.js";
import { DEFAULT_GOODPUT, goodputShare } from "../analyse/capacity-slo.js";
import { fellBehind } from "../analyse/capacity.js";
import { conversationSentence } from "./sessions-text.js";

/** A rate or a limit with as few decimals as it needs (0 to 3; 2 when it needs more). */
export function plainNumber(x: number, lang: Language): string {
  const digits = [0, 1, 2, 3].find((d) => Math.abs(Math.round(x * 10 ** d) / 10 ** d - x) < 1e-9) ?? 2;
  return formatters(lang).num(x, digits);
}

export const percent = (share: number, lang: Language): string => `${formatters(lang).int(share * 100)}%`;

/** The SLO as a condition: "90% of first tokens within 500 ms", or every limit named. */
export function sloCondition(slo: Slo, lang: Language): string {
  const m = messages(lang).capacity;
  const share = percent(slo.goodput ?? DEFAULT_GOODPUT, lang);
  const n = (x: number) => plainNumber(x, lang);
  if (slo.ttft_ms !== undefined && slo.tpot_ms === undefined && slo.e2e_ms === undefined) return m.firstTokensWithin(share, n(slo.ttft_ms));
  const limits = [
    ...(slo.ttft_ms === undefined ? [] : [m.limitTtft(n(slo.ttft_ms))]),
    ...(slo.tpot_ms === undefined ? [] : [m.limitTpot(n(slo.tpot_ms))]),
    ...(slo.e2e_ms === undefined ? [] : [m.limitE2e(n(slo.e2e_ms))]),
  ];
  return m.requestsMeeting(share, limits.join(lang === "ja" ? "、" : ", "));
}

/** Who the sentence is about: the variant, with the prompt when a run has several. */
export const capacityWho = (row: CapacityRow, withPrompt: boolean): string => (withPrompt ? `${row.variant} (${row.prompt})` : row.variant);

/** The answer for one variant and prompt, and the knee when the sweep crossed it; then the conversations' answer, if any. */
export function capacitySentence(row: CapacityRow, lang: Language = "en", withPrompt = false): string {
  const conversations = conversationSentence(row, lang, withPrompt);
  if (conversations !== null && row.levels.length === 0) return conversations;
  const rate = rateSentence(row, lang, withPrompt);
  return conversations === null ? rate : `${rate}${lang === "ja" ? "" : " "}${conversations}`;
}

function rateSentence(row: CapacityRow, lang: Language, withPrompt: boolean): string {
  const m = messages(lang).capacity;
  const who = capacityWho(row, withPrompt);
  const n = (x: number) => plainNumber(x, lang);
  if (!row.slo) return m.noSlo(who);
  const condition = sloCondition(row.slo, lang);
  if (row.max_rate_rps === null) {
    const lowest = [...row.levels].sort((a, b) => a.rate - b.rate)[0];
    if (lowest && lowest.kept_up !== null && fellBehind(lowest.kept_up) && (lowest.goodput ?? 0) >= goodputShare(row.slo)) {
      return m.noRateKeptUp(who, n(lowest.rate), percent(lowest.kept_up, lang), condition);
    }
    return m.noRateMet(who, n(lowest?.rate ?? 0), percent(lowest?.goodput ?? 0, lang), condition);
  }
  // with conversations, max_sessions is the measured count; the rate's users are still rate × interval
  const users = row.max_sessions_from === "conversations" ? Math.floor(row.max_rate_rps * row.user_interval_s + 1e-9) : (row.max_sessions ?? 0);
  let out = m.servesUpTo(who, n(row.max_rate_rps), formatters(lang).int(users), n(row.user_interval_s), condition);
  const space = lang === "ja" ? "" : " ";
  if (row.knee.first_missed_rps === null) out += space + m.aboveSweep(n(row.max_rate_rps));
  else out += space + m.kneeBetween(n(row.max_rate_rps), n(row.knee.first_missed_rps));
  return out;
}

/** One line per compared capacity: "capacity of v (hi): 2 → 3 requests/s meeting the SLO (1.50×)". */
export function capacityChangeLine(c: CapacityChange, lang: Language = "en"): string {
  const m = messages(lang).capacity;
  const rate = (x: number | null) => (x === null ? m.noneMet : m.perSecond(plainNumber(x, lang)));
  const who = c.a.variant === c.b.variant ? `${c.a.variant} (${c.a.prompt})` : `${c.a.variant} → ${c.b.variant} (${c.a.prompt})`;
  const ratio = c.ratio === null ? "" : ` (${formatters(lang).num(c.ratio, 2)}×)`;
  const judged = { higher: m.judgedHigher, lower: m.judgedLower, "no measurable difference": m.judgedSame, "not comparable": m.judgedNotComparable }[c.change];
  return m.capacityChange(who, rate(c.a.max_rate_rps), rate(c.b.max_rate_rps), ratio) + (c.slo_differs ? m.sloDiffers : "") + judged;
}

/** The open-loop levels and sweep as declared (`workload.load`, `workload.sweep`), one line each, for Methodology. */
export function openLoopLines(w: Workload, lang: Language = "en"): string[] {
  const m = messages(lang).capacity;
  const n = (x: number) => plainNumber(x, lang);
  const size = (l: { requests?: number | undefined; duration_s?: number | undefined }) => (l.requests !== undefined ? m.sizeRequests(n(l.requests)) : m.sizeSeconds(n(l.duration_s ?? 0)));
  const shape = (l: { arrivals: string; burstiness?: number | undefined; max_concurrency?: number | undefined }) =>
    `${l.arrivals}${l.burstiness === undefined ? "" : m.burstiness(n(l.burstiness))}${l.max_concurrency === undefined ? "" : m.capped(n(l.max_concurrency))}`;
  const out = (w.load ?? []).map((l) => m.loadLine(n(l.rate), shape(l), size(l)));
  const s = w.sweep;
  if (s) {
    const rates = s.rates ? m.sweepRates(s.rates.map(n).join(lang === "ja" ? "、" : ", ")) : m.sweepRange(n(s.from ?? 0), n(s.to ?? 0), n(s.steps));
    out.push(m.sweepLine(rates, shape(s), size(s), s.search ? m.searchNote(n(s.refine)) : "", n(w.user_interval_s)));
  }
  return out;
}
