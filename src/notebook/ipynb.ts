/** Jupyter notebooks (nbformat 4), read and written as plain JSON — the parts trialbook uses. */
import { readFileSync, writeFileSync } from "node:fs";

export type MultilineString = string | string[];

export interface StreamOutput {
  output_type: "stream";
  name: "stdout" | "stderr";
  text: MultilineString;
}
export interface DisplayOutput {
  output_type: "display_data" | "execute_result";
  data: Record<string, MultilineString>;
  metadata: Record<string, unknown>;
  execution_count?: number | null;
}
export interface ErrorOutput {
  output_type: "error";
  ename: string;
  evalue: string;
  traceback: string[];
}
export type Output = StreamOutput | DisplayOutput | ErrorOutput;

export interface CodeCell {
  cell_type: "code";
  id?: string;
  source: MultilineString;
  metadata: { tags?: string[]; [key: string]: unknown };
  outputs: Output[];
  execution_count: number | null;
}
export interface TextCell {
  cell_type: "markdown" | "raw";
  id?: string;
  source: MultilineString;
  metadata: { tags?: string[]; [key: string]: unknown };
  attachments?: Record<string, unknown>;
}
export type Cell = CodeCell | TextCell;

export interface Notebook {
  cells: Cell[];
  metadata: Record<string, unknown> & {
    kernelspec?: { name: string; display_name: string; language?: string };
    language_info?: Record<string, unknown>;
  };
  nbformat: 4;
  nbformat_minor: number;
}

export const TSLAB_KERNELSPEC = { name: "tslab", display_name: "TypeScript", language: "typescript" };

export const text = (s: MultilineString): string => (Array.isArray(s) ? s.join("") : s);

/** nbformat's multiline form: one string per line, each keeping its newline. */
export const lines = (s: string): string[] => s.split(/(?<=\n)/);

export const tags = (c: Cell): string[] => (Array.isArray(c.metadata.tags) ? c.metadata.tags : []);

/** A problem with the notebook or its parameters that is the caller's to fix (exit 2). */
export class NotebookError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "NotebookError";
  }
}

export function readNotebook(path: string): Notebook {
  let nb: Notebook;
  try {
    nb = JSON.parse(readFileSync(path, "utf8")) as Notebook;
  } catch (e) {
    throw new NotebookError(`${path}: ${(e as Error).message}`);
  }
  if (nb.nbformat !== 4 || !Array.isArray(nb.cells)) throw new NotebookError(`${path} is not an nbformat 4 notebook`);
  return nb;
}

export function writeNotebook(path: string, nb: Notebook): void {
  writeFileSync(path, `${JSON.stringify(nb, null, 1)}\n`);
}
