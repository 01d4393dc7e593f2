/**
 * Phase 1, load: read an experiment file as UTF-8 YAML, keeping positions so that every later problem can name its
 * line and column.
 */
import { readFileSync } from "node:fs";
import { LineCounter, parseDocument, type Document } from "yaml";
import type { Problem } from "../validate/problem.js";

export interface LoadedFile {
  file: string;
  text: string;
  doc: Document.Parsed;
  lines: LineCounter;
  /** The parsed value (undefined when the YAML has errors). */
  data: unknown;
}

export type LoadResult = { ok: true; loaded: LoadedFile } | { ok: false; problems: Problem[] };

const MAX_BYTES = 4 * 1024 * 1024;

/** Index of the first byte that is not part of a valid UTF-8 sequence, or -1. */
export function firstInvalidUtf8(b: Uint8Array): number {
  for (let i = 0; i < b.length; ) {
    const c = b[i] ?? 0;
    const n = c < 0x80 ? 0 : c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : -1;
    if (n < 0) return i;
    for (let k = 1; k <= n; k++) if (((b[i + k] ?? 0) & 0xc0) !== 0x80) return i;
    if (n === 2 && ((c === 0xe0 && (b[i + 1] ?? 0) < 0xa0) || (c === 0xed && (b[i + 1] ?? 0) > 0x9f))) return i;
    if (n === 3 && ((c === 0xf0 && (b[i + 1] ?? 0) < 0x90) || (c === 0xf4 && (b[i + 1] ?? 0) > 0x8f))) return i;
    i += n + 1;
  }
  return -1;
}

function decode(file: string, bytes: Buffer): { text: string } | { problem: Problem } {
  const at = (message: string): { problem: Problem } => ({ problem: { file, line: 1, col: 1, field: "(file)", message } });
  if (bytes.length > MAX_BYTES) return at(`file is ${bytes.length} bytes, more than the ${MAX_BYTES} an experiment may have`);
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))
    return at("file is UTF-16; save it as UTF-8");
  const bad = firstInvalidUtf8(bytes);
  if (bad >= 0) {
    const before = bytes.subarray(0, bad).toString("utf8");
    const line = before.split("\n").length;
    const col = before.length - before.lastIndexOf("\n");
    return { problem: { file, line, col, field: "(file)", message: "file is not valid UTF-8 (wrong encoding?); save it as UTF-8" } };
  }
  const text = bytes.toString("utf8");
  if (text.includes("\u0000")) return at("file contains NUL bytes; is it a binary file?");
  return { text: text.replace(/^\uFEFF/, "") };
}

/** Parses YAML text; syntax errors come back as problems with their positions. */
export function parseText(file: string, text: string): LoadResult {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    // Later errors on the same line are usually the same mistake seen again; keep the first of each line.
    const seen = new Set<number>();
    const problems: Problem[] = [];
    for (const e of doc.errors) {
      const pos = e.linePos?.[0] ?? lines.linePos(e.pos[0]);
      if (seen.has(pos.line)) continue;
      seen.add(pos.line);
      const message = e.code === "MULTIPLE_DOCS"
        ? "a second YAML document starts here (---); an experiment file holds one document"
        : (e.message.split("\n")[0]?.replace(/ at line \d+, column \d+:?$/, "") ?? e.message);
      problems.push({ file, line: pos.line, col: pos.col, field: "(yaml)", message: `${message} (${e.code})` });
    }
    return { ok: false, problems };
  }
  let data: unknown;
  try {
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    return { ok: false, problems: [{ file, line: 1, col: 1, field: "(yaml)", message: (e as Error).message }] };
  }
  if (data === null || data === undefined) {
    return { ok: false, problems: [{ file, line: 1, col: 1, field: "(root)", message: "the file holds no experiment; it needs at least name, backends, variants and workload" }] };
  }
  return { ok: true, loaded: { file, text, doc, lines, data } };
}

/** Reads and parses an experiment file. Never throws for bad content; I/O errors become problems too. */
export function readExperimentFile(file: string): LoadResult {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? "";
    const why = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "is a folder, not a file" : (e as Error).message;
    return { ok: false, problems: [{ file, line: 1, col: 1, field: "(file)", message: why }] };
  }
  const decoded = decode(file, bytes);
  if ("problem" in decoded) return { ok: false, problems: [decoded.problem] };
  return parseText(file, decoded.text);
}
