/**
 * Phase 2, validate: schema (zod) first, then references between fields. Every problem is located in the file.
 */
import { Experiment } from "./schema.js";
import { fromZodIssue, type RawProblem } from "./issues.js";
import { checkReferences } from "./references.js";
import { locate } from "./locate.js";
import { formatPath, type Problem } from "./problem.js";
import { parseText, readExperimentFile, type LoadedFile, type LoadResult } from "../load/read.js";

export type ValidationResult =
  | { ok: true; experiment: Experiment; loaded: LoadedFile }
  | { ok: false; problems: Problem[] };

function place(loaded: LoadedFile, raw: readonly RawProblem[]): Problem[] {
  return raw
    .map((r) => ({ ...locate(loaded.doc, loaded.lines, r.path, r.key), file: loaded.file, field: formatPath(r.path), message: r.message }))
    .sort((a, b) => a.line - b.line || a.col - b.col);
}

export function validateLoaded(loaded: LoadedFile): ValidationResult {
  const parsed = Experiment.safeParse(loaded.data, { reportInput: true });
  const raw = parsed.success ? [] : parsed.error.issues.flatMap((i) => fromZodIssue(i, Experiment, loaded.data));
  raw.push(...checkReferences(loaded.data, loaded.file));
  if (!parsed.success || raw.length > 0) return { ok: false, problems: place(loaded, raw) };
  return { ok: true, experiment: parsed.data, loaded };
}

function fromLoad(result: LoadResult): ValidationResult {
  return result.ok ? validateLoaded(result.loaded) : result;
}

/** Reads, parses and validates an experiment file. */
export function validateFile(file: string): ValidationResult {
  return fromLoad(readExperimentFile(file));
}

/** Validates experiment text (for notebooks and tests); `file` is only used in messages. */
export function validateText(text: string, file = "<text>"): ValidationResult {
  return fromLoad(parseText(file, text));
}
