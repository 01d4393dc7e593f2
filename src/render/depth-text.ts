/** Context depth for terminals: `compare` lines (a heading and one line per variant, prompt and depth) and `summary`'s table. */
import type { DepthChange, DepthRatio } from "../analyse/depth-compare.js";
import type { DepthRow } from "../analyse/depth.js";
import { num, textTable } from "./text-table.js";
import { formatters, messages } from "../shared/i18n/catalogue.js";
import type { Language } from "../shared/i18n/types.js";

/** "×0.50 (0.49–0.51) slower". */
function ratioText(r: DepthRatio | null, lang: Language): string {
  if (!r) return "–";
  const f = formatters(lang);
  const t = messages(lang).cli;
  const change = { faster: t.faster, slower: t.slower, "no significant change": messages(lang).depth.noChange, "not comparable": t.notComparable }[r.change];
  const ci = r.ci95_low === null || r.ci95_high === null ? "" : ` (${f.num(r.ci95_low, 2)}–${f.num(r.ci95_high, 2)})`;
  return `×${f.num(r.ratio, 2)}${ci} ${change}`;
}

/** One line per variant, prompt and depth: prefill and decode B ÷ A with their intervals, in words. */
export function depthChangeItems(changes: readonly DepthChange[], lang: Language = "en"): string[] {
  const m = messages(lang).depth;
  const prompts = new Set(changes.map((c) => c.prompt)).size > 1;
  return changes.map((c) => {
    const who = `${c.variant_a === c.variant_b ? c.variant_a : `${c.variant_a} → ${c.variant_b}`}${prompts ? ` (${c.prompt})` : ""}`;
    return m.compareLine(who, formatters(lang).int(c.depth), ratioText(c.prefill, lang), ratioText(c.decode, lang));
  });
}

/** `compare`'s depth lines: a heading, then {@link depthChangeItems}; none without depth. */
export function depthChangeLines(changes: readonly DepthChange[], lang: Language = "en"): string[] {
  return changes.length === 0 ? [] : [messages(lang).depth.compareHeading, ...depthChangeItems(changes, lang)];
}

/** `trialbook summary`: the depth rows as a terminal table (variant, prompt, depth, prompt tokens, prefill, decode, TPOT, TTFT). */
export function depthTable(rows: readonly DepthRow[], lang: Language = "en"): string {
  const m = messages(lang).depth;
  const src = (s: DepthRow["prefill_source"]) => (s === null ? "" : s === "server" ? ` (${m.sourceServer})` : ` (${m.sourceClient})`);
  const ci = (d: DepthRow["prefill_tps"]) => (d?.mean == null ? "-" : `${num(d.mean)} [${num(d.ci95_low)}–${num(d.ci95_high)}]`);
  return textTable(
    [m.colVariant, m.colPrompt, m.colDepth, m.colPromptTokens, m.colPrefill, m.colDecode, m.colTpot, m.colTtft, m.colErrors],
    rows.map((r) => [r.variant, r.prompt, String(r.depth), r.prompt_tokens === null ? "-" : String(r.prompt_tokens), ci(r.prefill_tps) + src(r.prefill_source), ci(r.decode_tps) + src(r.decode_source), num(r.tpot_ms.mean), num(r.ttft_ms.mean, 0), String(r.errors)]),
    2,
  );
}

/** The depths as declared (`workload.depth`), one line for Methodology; none without depth. */
export function depthLines(depths: readonly number[] | undefined, lang: Language = "en"): string[] {
  if (!depths?.length) return [];
  const f = formatters(lang);
  return [messages(lang).depth.methodLine([...new Set(depths)].sort((a, b) => a - b).map((d) => f.int(d)).join(messages(lang).common.listSeparator))];
}
