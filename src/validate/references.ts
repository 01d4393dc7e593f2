/**
 * Checks what a schema cannot say: references between fields and duplicate ids. It reads the raw data defensively,
 * so that these problems are reported in the same pass as schema problems.
 */
import type { RawProblem } from "./issues.js";
import { isObj, list, type Obj } from "./raw.js";
import { didYouMean } from "./suggest.js";
import { checkFeasibility, checkKind } from "./feasibility-refs.js";
import { checkLoad } from "./load-refs.js";
import { checkDepth } from "./depth-refs.js";
import { checkReport } from "./report-refs.js";
import { checkPromptSources } from "./sources-refs.js";


function duplicateIds(items: unknown[], path: (i: number) => RawProblem["path"], what: string): RawProblem[] {
  const first = new Map<string, number>();
  const out: RawProblem[] = [];
  items.forEach((item, i) => {
    const id = isObj(item) ? item["id"] : undefined;
    if (typeof id !== "string") return;
    const at = first.get(id);
    if (at === undefined) first.set(id, i);
    else out.push({ path: path(i), message: `duplicate ${what} id "${id}" (also at index ${at}); ids must be unique` });
  });
  return out;
}

export function checkReferences(data: unknown, file = "experiment.yaml"): RawProblem[] {
  if (!isObj(data)) return [];
  const problems: RawProblem[] = [...checkKind(data), ...checkFeasibility(data, file), ...checkReport(data, file), ...checkLoad(data), ...checkDepth(data)];
  const backends = isObj(data["backends"]) ? data["backends"] : undefined;
  const backendIds = backends ? Object.keys(backends) : [];
  if (backends && backendIds.length === 0) problems.push({ path: ["backends"], message: "is empty; declare at least one backend" });
  const variants = list(data["variants"]);
  variants.forEach((v, i) => {
    const ref = isObj(v) ? v["backend"] : undefined;
    if (backends && typeof ref === "string" && !(ref in backends)) {
      problems.push({
        path: ["variants", i, "backend"],
        message: `names backend "${ref}", which is not declared${didYouMean(ref, backendIds)}; declared: ${backendIds.join(", ") || "none"}`,
      });
    }
  });
  problems.push(...duplicateIds(variants, (i) => ["variants", i, "id"], "variant"));
  const workload = isObj(data["workload"]) ? data["workload"] : {};
  const prompts = list(workload["prompts"]);
  problems.push(...duplicateIds(prompts, (i) => ["workload", "prompts", i, "id"], "prompt"));
  problems.push(...checkPromptSources(data, file));
  const levels = list(workload["concurrency"]);
  levels.forEach((c, i) => {
    if (levels.indexOf(c) !== i) problems.push({ path: ["workload", "concurrency", i], message: `repeats level ${String(c)}; give each level once` });
  });
  return problems;
}
