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
import { heading, list, paragraph, strong, table } from "../mdast.js";
import { failureNotes, itemRows, taskHeader, taskRows, VARIANT_HEADER, variantRows } from "../../verdict-rows.js";

/** A run's verdict, computed once per run object for the sections that show it (summary and verdict). */
const verdicts = new WeakMap<StoredRun, FeasibilityVerdict>();
export function verdictOf(run: StoredRun): FeasibilityVerdict {
  let v = verdicts.get(run);
  if (!v) verdicts.set(run, (v = feasibilityVerdict(run.trials, run.manifest)));
  return v;
}

export const verdict: Section = {
  build({ runs }) {
    const out: RootContent[] = [];
    for (const run of runs) {
      const f = run.manifest.feasibility;
      if (!f) continue;
      const v = verdictOf(run);
      out.push(heading(2, runs.length > 1 ? `Verdict — run ${run.manifest.run_id}` : "Verdict"));
      out.push(paragraph(strong(v.headline)));
      const datasets = Object.entries(f.datasets).map(([id, d]) => `${id} (${d.classification}, ${d.files.length} file${d.files.length === 1 ? "" : "s"})`);
      out.push(
        list([
          `Protocol: every task on the flagship variant${f.stages.flagship.length > 1 ? "s" : ""} (${f.stages.flagship.join(", ")}) first; the open-weight variants (${f.stages.open_weight.join(", ")}) only if a flagship passes${f.force_open_weight ? " — forced to run regardless" : ""}.`,
          `A variant passes when every task's pass rate is at least ${(f.threshold * 100).toFixed(0)}%; an answer passes when every check passes; a failed request counts as not passing. ${f.repetitions} request${f.repetitions === 1 ? "" : "s"} per task and item.`,
          `Datasets: ${datasets.join("; ")}. Confidential data went only to local backends (checked by validate and again before each request).`,
        ]),
      );
      if (v.skipped_stage) out.push(paragraph(`Open-weight stage not run: ${v.skipped_stage}.`));
      const carried = new Map<string, Set<string>>();
      for (const t of run.trials) if (t.carried_from) (carried.get(t.carried_from) ?? carried.set(t.carried_from, new Set()).get(t.carried_from)!).add(t.variant);
      for (const [from, variants] of carried) out.push(paragraph(`Answers of ${[...variants].join(", ")} carried over from run ${from} (models unchanged, same tasks and data; no request sent in this run).`));
      out.push(heading(3, "By variant"), table(VARIANT_HEADER, variantRows(v), VARIANT_HEADER.map((_, i) => (i < 3 ? "left" : "right"))));
      out.push(
        paragraph(
          `Rate: passing answers ÷ requests, with its Wilson 95% interval. Paired: on the same task, item and repetition as ${v.reference ?? "the best flagship"}, how often this variant passed where the flagship failed (better) and the reverse (worse), with McNemar's exact test (repetitions of one item are not independent: read the p-value with care). Speed: medians over these requests (decode = (N−1)/(E2E−TTFT), METRICS.md). Tokens: prompt and output tokens of these requests (the server's counts). Cost: declared prices per token, or a declared hourly cost for local hardware × the time the requests took; "not declared" when the experiment gives none.`,
        ),
      );
      out.push(heading(3, "By task"), table(taskHeader(v), taskRows(v)));
      out.push(heading(3, "By item"), table(["task", "item", ...taskHeader(v).slice(1)], itemRows(v), ["left", "left", ...taskHeader(v).slice(1).map(() => "right" as const)]));
      const notes = failureNotes(v);
      if (notes.length) out.push(paragraph("First failure per variant and item (model output is quoted as text):"), list(notes));
    }
    return out;
  },
};
