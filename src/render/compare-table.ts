/** `trialbook compare` on a terminal: what changed, with the ratio B/A, its 95% interval and the verdict. */
import type { Change, ComparisonRow } from "../analyse/compare.js";
import { TRIAL_METRICS } from "../analyse/metrics/index.js";
import { words } from "../shared/i18n/catalogue.js";
import type { Language } from "../shared/i18n/types.js";
import { num, textTable } from "./text-table.js";

export function compareTable(rows: readonly ComparisonRow[], lang: Language = "en"): string {
  const { t } = words(lang);
  const change = (c: Change): string => ({ faster: t.cli.faster, slower: t.cli.slower, "no significant change": "-", "not comparable": t.cli.notComparable })[c];
  const body = rows.map((r) => [
    r.variant_a === r.variant_b ? r.variant_a : `${r.variant_a} → ${r.variant_b}`,
    r.prompt,
    // an open-loop level by its arrivals and rate, as the summary table names it (its concurrency is only the cap)
    r.level === undefined ? `c${r.concurrency}` : `${r.level}/s`,
    `${t.metricLabels[r.metric]} (${TRIAL_METRICS[r.metric].unit})`,
    num(r.mean_a, 2),
    num(r.mean_b, 2),
    num(r.ratio, 3),
    r.ci95_low === null ? "-" : `${num(r.ci95_low, 3)}–${num(r.ci95_high, 3)}`,
    change(r.change),
  ]);
  const flagged = rows.filter((r) => r.change === "faster" || r.change === "slower").length;
  return `${textTable(t.cli.compareHeader.split("|"), body)}\n\n${flagged ? t.cli.compareChanges(String(flagged)) : t.cli.compareNoChange}${t.cli.compareRule}`;
}
