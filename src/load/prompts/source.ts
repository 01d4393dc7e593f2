/**
 * Reads the prompts of a file source (`file:`) or of a feasibility dataset (`from_dataset:`), as records in file
 * order. Paths are relative to the experiment file. The readers are gathered in one map, chosen by the validated
 * `format` (default: from the file's extension).
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { extname, resolve } from "node:path";
import type { Dataset } from "../../validate/feasibility.js";
import { datasetFiles, loadItems } from "../datasets.js";
import { readCsv } from "./csv.js";
import { readJsonl } from "./jsonl.js";
import { readShareGpt } from "./sharegpt.js";
import { RecordError, type PromptFormat, type PromptReader, type PromptRecord, type PromptRecords, type ReadOptions } from "./types.js";

export const READERS: Record<PromptFormat, PromptReader> = { jsonl: readJsonl, sharegpt: readShareGpt, csv: readCsv };

const BY_EXTENSION: Record<string, PromptFormat> = { ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "sharegpt", ".csv": "csv" };

/** The declared format, else the one the extension names; null when neither says. */
export function formatOf(file: string, declared?: PromptFormat): PromptFormat | null {
  return declared ?? BY_EXTENSION[extname(file).toLowerCase()] ?? null;
}

/** A record with the file it comes from (relative to the experiment file, as written). */
export interface SourcedRecord extends PromptRecord {
  file: string;
  /** Dataset CSV rows and JSON elements: the record's number in its file (1-based); `line` is then 0. */
  record?: number;
}

export interface LoadedSource extends Omit<PromptRecords, "records"> {
  records: SourcedRecord[];
  /** `file` or `dataset:<id>` — what the methodology names. */
  origin: string;
  format: PromptFormat | "dataset";
  /** A prompt file's sha256 (absent for datasets), so that a resumed run can tell the file changed. */
  sha256?: string;
}

/** What a prompt entry says about where its prompts come from (the fields of a validated entry). */
export interface SourceSpec {
  file?: string | undefined;
  format?: PromptFormat | undefined;
  column?: string | undefined;
  from_dataset?: string | undefined;
}

/**
 * Reads and parses one prompt file (or its `bytes`, already read); throws a RecordError (bad record) or the file
 * system's error.
 */
export function readPromptFile(path: string, format: PromptFormat, options: ReadOptions = {}, bytes: Buffer = readFileSync(path)): PromptRecords {
  const text = bytes.toString("utf8");
  if (text.includes("\u0000")) throw new RecordError(1, "contains NUL bytes; is it a binary file?");
  return READERS[format](text, options);
}

/** Says why a file cannot be read, with the line of the bad record when there is one: `data.jsonl line 7: not JSON`. */
export function describeReadError(file: string, e: unknown): string {
  if (e instanceof RecordError) return `${file} line ${e.line}: ${e.message}`;
  const code = (e as NodeJS.ErrnoException).code;
  if (code === "ENOENT") return `${file}: no such file`;
  if (code === "EISDIR") return `${file}: is a folder, not a file`;
  return `${file}: ${(e as Error).message}`;
}

/** A dataset's prompts: each file's text, or (with `column`) that field of each CSV row / JSON array element. */
async function datasetRecords(id: string, d: Dataset, column: string | undefined, baseDir: string): Promise<SourcedRecord[]> {
  if (column === undefined) {
    const items = await loadItems({ id, dataset: id, per: "file", prompt: "{{text}}", checks: [] } as never, d, baseDir);
    return items.filter((it) => String(it.fields["text"] ?? "").trim() !== "").map((it) => ({ history: [], text: String(it.fields["text"]), line: 0, file: it.file ?? id }));
  }
  const items = await loadItems({ id, dataset: id, per: "record", prompt: "{{text}}", checks: [] } as never, d, baseDir);
  return items.flatMap((it) => {
    const v = it.fields[column];
    const text = typeof v === "string" ? v : v === undefined || v === null ? "" : JSON.stringify(v);
    const index = Number(it.id.split("#").at(-1));
    return text.trim() === "" ? [] : [{ history: [], text, line: 0, record: index, file: it.file ?? id }];
  });
}

/** Every record of a source, in file order. */
export async function loadSource(spec: SourceSpec, baseDir: string, datasets: Readonly<Record<string, Dataset>> = {}): Promise<LoadedSource> {
  if (spec.from_dataset !== undefined) {
    const d = datasets[spec.from_dataset];
    if (!d) throw new Error(`dataset ${spec.from_dataset} is not declared`);
    return { records: await datasetRecords(spec.from_dataset, d, spec.column, baseDir), skipped: 0, origin: `dataset:${spec.from_dataset}`, format: "dataset" };
  }
  const file = spec.file ?? "";
  const format = formatOf(file, spec.format);
  if (!format) throw new Error(`${file}: cannot tell the format from the extension; set format`);
  const path = resolve(baseDir, file);
  // one read for the records and the hash, so the hash is of the very bytes the records came from
  const bytes = readFileSync(path);
  const read = readPromptFile(path, format, spec.column === undefined ? {} : { column: spec.column }, bytes);
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  return { ...read, records: read.records.map((r) => ({ ...r, file })), origin: file, format, sha256 };
}

/** The files a dataset source reads (for validation: they must exist). */
export const datasetSourceFiles = (d: Dataset, baseDir: string) => datasetFiles(d, baseDir);
