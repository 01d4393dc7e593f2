/** `trialbook compare` on a terminal: what changed, with the ratio B/A, its 95% interval and the verdict. */
import type { ComparisonRow } from "../analyse/compare.js";
import { TRIAL_METRICS } from "../analyse/metrics/index.js";
import { num, textTable } from "./text-table.js";

export function compareTable(rows: readonly ComparisonRow[]): string {
  const header = ["variant", "prompt", "c", "metric", "A", "B", "B/A", "95% CI", "change"];
  const body = rows.map((r) => [
    r.variant_a === r.variant_b ? r.variant_a : `${r.variant_a} → ${r.variant_b}`,
    r.prompt,
    String(r.concurrency),
    `${TRIAL_METRICS[r.metric].label} (${TRIAL_METRICS[r.metric].unit})`,
    num(r.mean_a, 2),
    num(r.mean_b, 2),
    num(r.ratio, 3),
    r.ci95_low === null ? "-" : `${num(r.ci95_low, 3)}–${num(r.ci95_high, 3)}`,
    r.change === "no significant change" ? "-" : r.change,
  ]);
  const flagged = rows.filter((r) => r.change === "faster" || r.change === "slower").length;
  return `${textTable(header, body)}\n\n${flagged ? `${flagged} changes beyond the noise` : "no change beyond the noise"} (ratio of means, 95% bootstrap interval excludes 1 and the change exceeds 3%).`;
}
