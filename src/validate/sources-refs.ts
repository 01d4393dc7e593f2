/**
 * What the schema cannot say about prompt entries: each names exactly one source (text, synthetic_tokens,
 * input_tokens, file or from_dataset); the fields of a source go with it; length bounds are in order; a prompt file
 * exists and every record in it reads (the problem sits on the `file:` field and names the record's line, e.g.
 * `data.jsonl line 7: not JSON`); a dataset named by `from_dataset` is declared and matches files. Files are read here,
 * never a network connection opened.
 */
import { resolve } from "node:path";
import type { RawProblem } from "./issues.js";
import { isObj, list, type Obj } from "./raw.js";
import { didYouMean } from "./suggest.js";
import { Dataset } from "./feasibility.js";
import { Backend } from "./schema.js";
import { backendAddress, backendIsLocal } from "../backends/locality.js";
import { PROMPT_FORMATS, type PromptFormat } from "../load/prompts/types.js";
import { datasetSourceFiles, describeReadError, formatOf, readPromptFile } from "../load/prompts/source.js";

const SOURCES = ["text", "synthetic_tokens", "input_tokens", "file", "from_dataset"] as const;

function lengthBounds(v: unknown, path: RawProblem["path"]): RawProblem[] {
  if (!isObj(v)) return [];
  const { mean, min, max } = v;
  const out: RawProblem[] = [];
  if (typeof min === "number" && typeof max === "number" && min > max) out.push({ path: [...path, "min"], message: `is ${min}, above max ${max}` });
  else if (typeof mean === "number" && ((typeof min === "number" && mean < min) || (typeof max === "number" && mean > max))) {
    out.push({ path: [...path, "mean"], message: `is ${mean}, outside [${String(min ?? 1)}, ${String(max ?? "∞")}]; put the mean between min and max` });
  }
  return out;
}

function checkFile(p: Obj, at: RawProblem["path"], baseDir: string): RawProblem[] {
  const file = p["file"];
  if (typeof file !== "string") return [];
  const declared = (PROMPT_FORMATS as readonly unknown[]).includes(p["format"]) ? (p["format"] as PromptFormat) : undefined;
  const format = formatOf(file, declared);
  if (!format) return [{ path: [...at, "file"], message: `${file}: cannot tell its format from the extension; set format: ${PROMPT_FORMATS.join(", ")}` }];
  if (typeof p["column"] === "string" && format !== "csv") return [{ path: [...at, "column"], key: "column", message: `is for CSV files and from_dataset; ${file} is ${format}` }];
  try {
    const read = readPromptFile(resolve(baseDir, file), format, typeof p["column"] === "string" ? { column: p["column"] } : {});
    if (read.records.length === 0) {
      const why = read.first_skipped ? ` (${read.skipped} skipped, the first at line ${read.first_skipped.line}: ${read.first_skipped.why})` : "";
      return [{ path: [...at, "file"], message: `${file} holds no prompt to send${why}` }];
    }
  } catch (e) {
    return [{ path: [...at, "file"], message: `${describeReadError(file, e)} (relative to ${baseDir})` }];
  }
  return [];
}

function checkDataset(p: Obj, at: RawProblem["path"], datasets: Obj, baseDir: string, variants: Obj[], backends: Obj): RawProblem[] {
  const id = p["from_dataset"];
  if (typeof id !== "string") return [];
  const declared = Object.keys(datasets);
  if (!(id in datasets)) return [{ path: [...at, "from_dataset"], message: `names dataset "${id}", which is not declared${didYouMean(id, declared)}; declared: ${declared.join(", ") || "none"} (declare it under datasets)` }];
  const d = Dataset.safeParse(datasets[id]);
  if (d.success && datasetSourceFiles(d.data, baseDir).length === 0) return [{ path: [...at, "from_dataset"], message: `dataset "${id}" matches no file (relative to ${baseDir})` }];
  if (d.success && d.data.classification === "confidential") return confidential(id, at, variants, backends);
  return [];
}

/** The confidentiality guard for speed prompts: a confidential dataset goes only to local backends. */
function confidential(id: string, at: RawProblem["path"], variants: Obj[], backends: Obj): RawProblem[] {
  return variants.flatMap((v) => {
    const parsed = Backend.safeParse(backends[String(v["backend"])]);
    if (!parsed.success || backendIsLocal(parsed.data)) return [];
    return [{
      path: [...at, "from_dataset"],
      message: `would send confidential dataset "${id}" to variant "${String(v["id"])}" on backend "${String(v["backend"])}" at ${backendAddress(parsed.data) ?? "?"}, which is remote; confidential data goes only to local backends (embedded, loopback, or declared local: true)`,
    }];
  });
}

/** Problems of `workload.prompts` entries (any kind: the sources are for speed experiments). */
export function checkPromptSources(data: Obj, experimentFile: string): RawProblem[] {
  const workload = isObj(data["workload"]) ? data["workload"] : {};
  const datasets = isObj(data["datasets"]) ? data["datasets"] : {};
  const baseDir = resolve(experimentFile, "..");
  const problems: RawProblem[] = [];
  list(workload["prompts"]).forEach((p, i) => {
    if (!isObj(p)) return;
    const at: RawProblem["path"] = ["workload", "prompts", i];
    const given = SOURCES.filter((k) => p[k] !== undefined);
    if (given.length === 0) problems.push({ path: at, message: `needs text or synthetic_tokens (or input_tokens, file, from_dataset); give one` });
    else if (given.length > 1) problems.push({ path: at, message: `has both ${given.slice(0, -1).join(", ")} and ${String(given.at(-1))}; give one` });
    const fromData = given.includes("file") || given.includes("from_dataset");
    for (const key of ["format", "sample"] as const) {
      if (p[key] !== undefined && !fromData) problems.push({ path: [...at, key], key, message: `goes with file or from_dataset; this prompt has ${given[0] ?? "neither"}` });
    }
    if (p["format"] !== undefined && given.includes("from_dataset")) problems.push({ path: [...at, "format"], key: "format", message: "is for file; a dataset's files are read by their extension" });
    if (p["column"] !== undefined && !fromData) problems.push({ path: [...at, "column"], key: "column", message: "goes with a CSV file or from_dataset" });
    problems.push(...lengthBounds(p["input_tokens"], [...at, "input_tokens"]), ...lengthBounds(p["output_tokens"], [...at, "output_tokens"]));
    if (given.length === 1) problems.push(...checkFile(p, at, baseDir), ...checkDataset(p, at, datasets, baseDir, list(data["variants"]).filter(isObj), isObj(data["backends"]) ? data["backends"] : {}));
  });
  return problems;
}

/** Datasets that speed prompts take (`from_dataset`), so that a speed experiment may declare them. */
export function datasetsUsedByPrompts(data: Obj): Set<string> {
  const workload = isObj(data["workload"]) ? data["workload"] : {};
  return new Set(list(workload["prompts"]).flatMap((p) => (isObj(p) && typeof p["from_dataset"] === "string" ? [p["from_dataset"]] : [])));
}
