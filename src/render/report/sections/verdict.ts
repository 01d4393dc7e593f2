/**
 * The verdict of feasibility trials (flagship → open-weight), on the first page after the summary: the headline, the
 * protocol as run, per variant (pass rate with Wilson interval, paired comparison against the flagship, speed, cost),
 * per task and per item, and the first reason each failing item failed. Speed experiments have none; the section is
 * left out.
 */
import type { RootContent } from "mdast";
import type { Section } from "../types.js";
import { feasibilityVerdict, type FeasibilityVerdict } from "../../../analyse/feasibility/verdict.js";
import type { StoredRun } from "../../../analyse/load-run.js";
import { words, type Words } from "../../../shared/i18n/catalogue.js";
import { heading, list, paragraph, strong, table } from "../mdast.js";
import { failureNotes, headlineOf, itemRows, taskHeader, taskRows, variantHeader, variantRows } from "../../verdict-rows.js";

/** A run's verdict, computed once per run object for the sections that show it (summary and verdict). */
const verdicts = new WeakMap<StoredRun, FeasibilityVerdict>();
export function verdictOf(run: StoredRun): FeasibilityVerdict {
  let v = verdicts.get(run);
  if (!v) verdicts.set(run, (v = feasibilityVerdict(run.trials, run.manifest)));
  return v;
}

/** The verdict's words in the report's language. */
export const verdictWords = (w: Words, v: FeasibilityVerdict) => ({ headline: headlineOf(v, w) });

export const verdict: Section = {
  build({ runs, lang }) {
    const w = words(lang);
    const { t, f } = w;
    const out: RootContent[] = [];
    for (const run of runs) {
      const fz = run.manifest.feasibility;
      if (!fz) continue;
      const v = verdictOf(run);
      out.push(heading(2, runs.length > 1 ? t.verdict.headingRun(run.manifest.run_id) : t.verdict.heading));
      out.push(paragraph(strong(headlineOf(v, w))));
      const datasets = Object.entries(fz.datasets).map(([id, d]) => t.verdict.dataset(id, d.classification, f.int(d.files.length), d.files.length !== 1));
      out.push(
        list([
          t.verdict.protocol(fz.stages.flagship.join(t.common.listSeparator), fz.stages.open_weight.join(t.common.listSeparator), Boolean(fz.force_open_weight), fz.stages.flagship.length > 1),
          t.verdict.passRule(f.pct(fz.threshold), f.int(fz.repetitions), fz.repetitions !== 1),
          t.verdict.datasets(datasets.join(t.common.listSeparator)),
        ]),
      );
      if (v.skipped_stage) out.push(paragraph(t.verdict.skipped(t.verdict.skippedReason(f.pct(v.threshold)))));
      const carried = new Map<string, Set<string>>();
      for (const tr of run.trials) if (tr.carried_from) (carried.get(tr.carried_from) ?? carried.set(tr.carried_from, new Set()).get(tr.carried_from)!).add(tr.variant);
      for (const [from, variants] of carried) out.push(paragraph(t.verdict.carried([...variants].join(t.common.listSeparator), from)));
      const header = variantHeader(w);
      out.push(heading(3, t.verdict.byVariant), table(header, variantRows(v, w), header.map((_, i) => (i < 3 ? "left" : "right"))));
      out.push(paragraph(t.verdict.explanation(v.reference ?? t.verdict.bestFlagship)));
      const tasks = taskHeader(v, w);
      out.push(heading(3, t.verdict.byTask), table(tasks, taskRows(v, w)));
      out.push(heading(3, t.verdict.byItem), table([t.verdict.taskColumn, t.verdict.itemColumn, ...tasks.slice(1)], itemRows(v, w), ["left", "left", ...tasks.slice(1).map(() => "right" as const)]));
      const notes = failureNotes(v);
      if (notes.length) out.push(paragraph(t.verdict.failures), list(notes));
    }
    return out;
  },
};
