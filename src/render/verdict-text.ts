/** The feasibility verdict for the terminal: the headline, then per variant, per task, and the stage that was skipped. */
import type { FeasibilityVerdict } from "../analyse/feasibility/verdict.js";
import { textTable } from "./text-table.js";
import { itemRows, taskHeader, taskRows, VARIANT_HEADER, variantRows } from "./verdict-rows.js";

export function verdictText(v: FeasibilityVerdict, options: { items?: boolean } = {}): string {
  const parts = [`VERDICT: ${v.headline}`, "", textTable(VARIANT_HEADER, variantRows(v), 3), "", textTable(taskHeader(v), taskRows(v))];
  if (options.items) parts.push("", textTable(["task", "item", ...taskHeader(v).slice(1)], itemRows(v), 2));
  if (v.skipped_stage) parts.push("", `open-weight stage skipped: ${v.skipped_stage}`);
  parts.push(
    "",
    `pass = every check passed; a failed request counts as not passing. A variant passes when every task's rate is ≥ ${(v.threshold * 100).toFixed(0)}%.`,
    `95% CI: Wilson score interval. Paired: the same task, item and repetition against ${v.reference ?? "the best flagship"} (McNemar exact test). Speed: medians over the measured requests.`,
  );
  return parts.join("\n");
}
