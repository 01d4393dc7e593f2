/**
 * `trialbook summary` on a terminal: one row per variant × prompt × load level (closed-loop concurrency levels, then
 * open-loop rates from the lowest), the figures people ask for first.
 */
import { flaggedTotals, metricOf, type RunSummary, type SummaryMetric } from "../analyse/summary.js";
import type { Manifest } from "../store/manifest.js";
import { words } from "../shared/i18n/catalogue.js";
import type { Language } from "../shared/i18n/types.js";
import { num, textTable } from "./text-table.js";

export function summaryTable(summary: RunSummary, manifest: Manifest, lang: Language = "en"): string {
  const { t } = words(lang);
  const get = (l: RunSummary["levels"][number], m: SummaryMetric) => metricOf(summary, l, m);
  const ci = (lo: number | null | undefined, hi: number | null | undefined) => (lo == null || hi == null ? "" : ` (${num(lo)}–${num(hi)})`);
  const header = t.cli.summaryHeader.split(/\|(?![^(（]*[)）])/);
  const rows = summary.levels.map((l) => {
    const ttft = get(l, "ttft_ms");
    const tpot = get(l, "tpot_ms");
    const dc = get(l, "decode_tps_client");
    const ds = get(l, "decode_tps_server");
    const ps = get(l, "prefill_tps_server");
    const loads = summary.loads?.find((x) => x.variant === l.variant);
    const load = `${num(loads?.cold_ms ?? manifest.variants[l.variant]?.model?.load_ms, 0)} | ${num(loads?.warm_ms ?? loads?.unloaded_ms, 0)}`;
    return [
      l.variant, l.prompt, l.level === undefined ? `c${l.concurrency}` : `${l.level}/s`, String(l.completed), String(l.errors),
      num(ttft?.median), num(ttft?.p90), num(tpot?.median, 2),
      num(ds?.mean), `${num(dc?.mean)}${ci(dc?.ci95_low, dc?.ci95_high)}`, num(ps?.mean), load, num(l.output_tps),
    ];
  });
  const mismatches = summary.levels.reduce((a, l) => a + l.token_mismatches, 0);
  const notes = [t.cli.summaryNoteLatency, t.cli.summaryNoteLevel, t.cli.summaryNoteDecode, t.cli.summaryNoteCi(lang === "en" ? summary.ci_method : t.cli.ciMethod), t.cli.summaryNoteLoad];
  if (mismatches) notes.push(t.cli.warnMismatch(String(mismatches)));
  const cached = summary.levels.reduce((a, l) => a + l.prompt_cache_hits, 0);
  if (cached) notes.push(t.cli.warnCached(String(cached)));
  for (const [flag, n] of flaggedTotals(summary.levels)) notes.push(`${t.cli.warning}${t.flags[flag](String(n))}`);
  const spans = summary.levels.filter((l) => l.spans_sessions).length;
  if (spans) notes.push(t.cli.spans(String(spans)));
  return `${textTable(header, rows, 2)}\n\n${notes.join("\n")}`;
}
