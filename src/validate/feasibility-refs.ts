/**
 * What the schema cannot say about a feasibility experiment: which parts each kind needs, references between tasks,
 * datasets, stages and judges, dataset files that exist and placeholders that name fields — and the confidentiality
 * guard: a confidential dataset is never sent to a remote backend (a stage variant or a judge).
 */
import { resolve } from "node:path";
import type { RawProblem } from "./issues.js";
import { isObj, list, type Obj } from "./raw.js";
import { didYouMean } from "./suggest.js";
import { Backend } from "./schema.js";
import { backendAddress, backendIsLocal } from "../backends/locality.js";
import { BASE_FIELDS, datasetFiles, fileRecords, READABLE } from "../load/datasets.js";
import { placeholders } from "../plan/template.js";
import { datasetsUsedByPrompts } from "./sources-refs.js";

const strings = (v: unknown): string[] => list(v).filter((x): x is string => typeof x === "string");

const SPEED_ONLY = ["prompts", "concurrency", "repetitions", "load", "sweep", "sessions"] as const;
const FEASIBILITY_ONLY = ["datasets", "tasks", "stages"] as const;

export function checkKind(data: Obj): RawProblem[] {
  const problems: RawProblem[] = [];
  const kind = data["kind"] ?? "speed";
  const workload = isObj(data["workload"]) ? data["workload"] : undefined;
  if (kind === "speed") {
    const used = datasetsUsedByPrompts(data);
    for (const key of FEASIBILITY_ONLY) if (key in data && !(key === "datasets" && used.size > 0)) problems.push({ path: [key], key, message: `belongs to kind: feasibility; this experiment is kind: speed` });
    if (workload && !("prompts" in workload)) problems.push({ path: ["workload"], message: "needs prompts (kind: speed)" });
  } else if (kind === "feasibility") {
    for (const key of FEASIBILITY_ONLY) if (!(key in data)) problems.push({ path: [], message: `kind: feasibility needs ${key}` });
    for (const key of SPEED_ONLY) {
      if (workload && key in workload) {
        problems.push({ path: ["workload", key], key, message: `is for kind: speed; a feasibility experiment takes ${key === "prompts" ? "its prompts from tasks" : key === "repetitions" ? "stages.repetitions" : "one request at a time"}` });
      }
    }
  }
  return problems;
}

interface Guarded {
  local: boolean;
  address: string;
}

function backendLocality(backends: Obj): Map<string, Guarded> {
  const out = new Map<string, Guarded>();
  for (const [id, raw] of Object.entries(backends)) {
    const parsed = Backend.safeParse(raw);
    if (!parsed.success) continue;
    out.set(id, { local: backendIsLocal(parsed.data), address: backendAddress(parsed.data) ?? "embedded" });
  }
  return out;
}

export function checkFeasibility(data: Obj, experimentFile: string): RawProblem[] {
  if ((data["kind"] ?? "speed") !== "feasibility") return [];
  const problems: RawProblem[] = [];
  const baseDir = resolve(experimentFile, "..");
  const variants = list(data["variants"]).filter(isObj);
  const variantIds = variants.map((v) => v["id"]).filter((x): x is string => typeof x === "string");
  const backendOf = new Map(variants.map((v) => [String(v["id"]), String(v["backend"])]));
  const datasets = isObj(data["datasets"]) ? data["datasets"] : {};
  const stages = isObj(data["stages"]) ? data["stages"] : {};
  const locality = backendLocality(isObj(data["backends"]) ? data["backends"] : {});
  const unknownVariant = (path: RawProblem["path"], id: string): RawProblem => ({ path, message: `names variant "${id}", which is not declared${didYouMean(id, variantIds)}; declared: ${variantIds.join(", ")}` });

  // stages
  const staged = new Map<string, string>();
  for (const stage of ["flagship", "open_weight"] as const) {
    strings(stages[stage]).forEach((id, i) => {
      if (!variantIds.includes(id)) problems.push(unknownVariant(["stages", stage, i], id));
      else if (staged.has(id)) problems.push({ path: ["stages", stage, i], message: `variant "${id}" is already in stage ${staged.get(id)}; a variant belongs to one stage` });
      else staged.set(id, stage);
    });
  }

  // datasets: files exist and can be read
  const fieldsOf = new Map<string, Set<string>>();
  for (const [id, d] of Object.entries(datasets)) {
    if (!isObj(d)) continue;
    const fields = new Set<string>(BASE_FIELDS);
    strings(d["files"]).forEach((pattern, i) => {
      const files = datasetFiles({ files: [pattern], classification: "public" }, baseDir);
      if (files.length === 0) problems.push({ path: ["datasets", id, "files", i], message: `matches no file (relative to ${baseDir})` });
      for (const f of files) {
        if (!(READABLE as readonly string[]).some((ext) => f.path.toLowerCase().endsWith(ext))) {
          problems.push({ path: ["datasets", id, "files", i], message: `matches ${f.path}, which trialbook cannot read; allowed: ${READABLE.join(" ")}` });
          continue;
        }
        try {
          for (const r of fileRecords(resolve(baseDir, f.path)) ?? []) for (const k of Object.keys(r)) fields.add(k);
        } catch (e) {
          problems.push({ path: ["datasets", id, "files", i], message: `${f.path} cannot be parsed: ${(e as Error).message}` });
        }
      }
    });
    fieldsOf.set(id, fields);
  }

  // tasks
  const taskIds = new Map<string, number>();
  list(data["tasks"]).forEach((t, i) => {
    if (!isObj(t)) return;
    const id = typeof t["id"] === "string" ? t["id"] : `#${i}`;
    if (taskIds.has(id)) problems.push({ path: ["tasks", i, "id"], message: `duplicate task id "${id}" (also at index ${taskIds.get(id)}); ids must be unique` });
    taskIds.set(id, i);
    const dsId = t["dataset"];
    const ds = typeof dsId === "string" && isObj(datasets[dsId]) ? (datasets[dsId] as Obj) : undefined;
    if (typeof dsId === "string" && !ds) {
      const declared = Object.keys(datasets);
      problems.push({ path: ["tasks", i, "dataset"], message: `names dataset "${dsId}", which is not declared${didYouMean(dsId, declared)}; declared: ${declared.join(", ") || "none"}` });
    }
    const fields = typeof dsId === "string" ? fieldsOf.get(dsId) : undefined;
    const checks = list(t["checks"]).filter(isObj);
    const templated: Array<[RawProblem["path"], unknown]> = [
      [["tasks", i, "prompt"], t["prompt"]],
      [["tasks", i, "system"], t["system"]],
      ...checks.flatMap((c, k): Array<[RawProblem["path"], unknown]> => [
        [["tasks", i, "checks", k, "value"], c["value"]],
        [["tasks", i, "checks", k, "pattern"], c["pattern"]],
        [["tasks", i, "checks", k, "rubric"], c["rubric"]],
      ]),
    ];
    if (fields) {
      for (const [path, value] of templated) {
        if (typeof value !== "string") continue;
        for (const name of placeholders(value)) {
          if (!fields.has(name)) problems.push({ path, message: `placeholder {{${name}}} names no field of dataset "${String(dsId)}"${didYouMean(name, [...fields])}; fields: ${[...fields].join(", ")}` });
        }
      }
    }
    const judges = checks.filter((c) => c["type"] === "judge");
    judges.forEach((c) => {
      const j = c["judge"];
      if (typeof j === "string" && !variantIds.includes(j)) problems.push(unknownVariant(["tasks", i, "checks", checks.indexOf(c), "judge"], j));
    });
    // the confidentiality guard
    if (ds?.["classification"] !== "confidential") return;
    const receivers = [...staged.keys()].map((v) => ({ variant: v, role: `stage ${staged.get(v)}` }));
    for (const c of judges) if (typeof c["judge"] === "string") receivers.push({ variant: c["judge"], role: "judge" });
    for (const r of receivers) {
      const backend = backendOf.get(r.variant) ?? "";
      const where = locality.get(backend);
      if (!where || where.local) continue;
      problems.push({
        path: ["tasks", i, "dataset"],
        message: `task "${id}" would send confidential dataset "${String(dsId)}" to variant "${r.variant}" (${r.role}) on backend "${backend}" at ${where.address}, which is remote; confidential data goes only to local backends (embedded, loopback, or declared local: true) — use a surrogate dataset for remote models`,
      });
    }
  });
  return problems;
}
