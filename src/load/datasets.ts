/**
 * Datasets of a feasibility experiment: files found by glob (relative to the experiment file), read as text (txt, md,
 * html, json, csv, pdf) and cut into items — one per file, per record (CSV row, JSON array element) or one for the
 * whole dataset. Items carry the fields that task prompts and check values name with placeholders.
 */
import { readFileSync } from "node:fs";
import { basename, extname, resolve } from "node:path";
import { globSync } from "tinyglobby";
import type { Dataset, Task } from "../validate/schema.js";
import { parseCsv } from "./files/csv.js";
import { htmlText } from "./files/html.js";
import { pdfText } from "./files/pdf.js";

export const READABLE = [".txt", ".md", ".markdown", ".html", ".htm", ".json", ".csv", ".pdf"] as const;

export interface DatasetFile {
  /** Relative to the experiment file, with forward slashes. */
  path: string;
  name: string;
}

export interface Item {
  id: string;
  /** The file the item comes from (null for a whole dataset). */
  file: string | null;
  fields: Record<string, unknown>;
}

/** The files a dataset's globs match, sorted, each once. */
export function datasetFiles(d: Dataset, baseDir: string): DatasetFile[] {
  const paths = globSync([...d.files], { cwd: baseDir, onlyFiles: true, expandDirectories: false });
  return [...new Set(paths)].sort().map((p) => ({ path: p, name: basename(p) }));
}

const isReadable = (path: string): boolean => (READABLE as readonly string[]).includes(extname(path).toLowerCase());

/** The text of a file as a model should read it. */
export async function fileText(path: string): Promise<string> {
  const ext = extname(path).toLowerCase();
  if (ext === ".pdf") return pdfText(readFileSync(path));
  const text = readFileSync(path, "utf8");
  return ext === ".html" || ext === ".htm" ? htmlText(text) : text;
}

/** Records of a CSV or JSON file (JSON: an array's elements, or the object itself); null for other files. */
export function fileRecords(path: string): Record<string, unknown>[] | null {
  const ext = extname(path).toLowerCase();
  if (ext === ".csv") return parseCsv(readFileSync(path, "utf8"));
  if (ext !== ".json") return null;
  const value = JSON.parse(readFileSync(path, "utf8")) as unknown;
  const list = Array.isArray(value) ? value : [value];
  return list.map((v) => (v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : { value: v }));
}

/** Fields every item has, whatever the task: name, path, text, files (a record's own columns of the same name win). */
export const BASE_FIELDS = ["name", "path", "text", "files"] as const;

function unique(ids: string[]): string[] {
  const seen = new Map<string, number>();
  return ids.map((id) => {
    const n = (seen.get(id) ?? 0) + 1;
    seen.set(id, n);
    return n === 1 ? id : `${id}~${n}`;
  });
}

/**
 * Cuts a dataset into the items a task runs on. `cache` keeps file texts by path, so that tasks sharing a dataset
 * read (and extract PDFs) once.
 */
export async function loadItems(task: Task, d: Dataset, baseDir: string, cache: Map<string, Promise<string>> = new Map()): Promise<Item[]> {
  const files = datasetFiles(d, baseDir).filter((f) => isReadable(f.path));
  const textOf = (path: string): Promise<string> => {
    let t = cache.get(path);
    if (!t) cache.set(path, (t = fileText(path)));
    return t;
  };
  const texts = await Promise.all(files.map((f) => textOf(resolve(baseDir, f.path))));
  const all = files.map((f, i) => `## ${f.name}\n\n${texts[i] ?? ""}`).join("\n\n");
  if (task.per === "dataset") return [{ id: "all", file: null, fields: { name: task.dataset, path: "", text: all, files: all } }];
  if (task.per === "file") {
    const ids = unique(files.map((f) => f.name));
    return files.map((f, i) => ({ id: ids[i] ?? f.name, file: f.path, fields: { name: f.name, path: f.path, text: texts[i] ?? "", files: all } }));
  }
  const items: Item[] = [];
  for (const f of files) {
    const records = fileRecords(resolve(baseDir, f.path));
    if (records === null) continue;
    records.forEach((r, i) => items.push({ id: `${f.name}#${i + 1}`, file: f.path, fields: { name: f.name, path: f.path, text: JSON.stringify(r), files: all, ...r } }));
  }
  return items;
}
