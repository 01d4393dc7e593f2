/** The feasibility verdict for the terminal: the headline, then per variant, per task, and the stage that was skipped. */
import type { FeasibilityVerdict } from "../analyse/feasibility/verdict.js";
import { words } from "../shared/i18n/catalogue.js";
import type { Language } from "../shared/i18n/types.js";
import { textTable } from "./text-table.js";
import { headlineOf, itemRows, taskHeader, taskRows, variantHeader, variantRows } from "./verdict-rows.js";

export function verdictText(v: FeasibilityVerdict, options: { items?: boolean; lang?: Language | undefined } = {}): string {
  const w = words(options.lang ?? "en");
  const t = w.t.verdict;
  const parts = [t.terminalVerdict(headlineOf(v, w)), "", textTable(variantHeader(w), variantRows(v, w), 3), "", textTable(taskHeader(v, w), taskRows(v, w))];
  if (options.items) parts.push("", textTable([t.taskColumn, t.itemColumn, ...taskHeader(v, w).slice(1)], itemRows(v, w), 2));
  if (v.skipped_stage) parts.push("", t.terminalSkipped(options.lang && options.lang !== "en" ? t.skippedReason(w.f.pct(v.threshold)) : v.skipped_stage));
  parts.push("", t.terminalPassRule(w.f.pct(v.threshold)), t.terminalStats(v.reference ?? t.bestFlagship));
  return parts.join("\n");
}
