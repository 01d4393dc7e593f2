/**
 * CSV (RFC 4180: quoted fields, "" escapes, newlines inside quotes) with a header row: each row is one prompt, taken
 * from the column named by `column` (default `prompt`); a `system` column, when there is one, gives its system message.
 */
import { csvRows } from "../files/csv.js";
import { RecordError, type PromptReader, type PromptRecord } from "./types.js";

export const readCsv: PromptReader = (text, options) => {
  const column = options.column ?? "prompt";
  const { rows, unterminated } = csvRows(text);
  if (unterminated !== undefined) throw new RecordError(unterminated, "a quoted field is never closed (a \" is missing)");
  const [header, ...body] = rows;
  if (!header) throw new RecordError(1, "is empty; a CSV needs a header row naming the columns");
  const names = header.cells.map((h) => h.trim());
  const at = names.indexOf(column);
  if (at < 0) throw new RecordError(header.line, `has no column "${column}"; columns: ${names.join(", ")}`);
  const sys = names.indexOf("system");
  const records = body.map((r): PromptRecord => {
    if (r.cells.length !== names.length) throw new RecordError(r.line, `has ${r.cells.length} fields; the header has ${names.length}`);
    const text = r.cells[at] ?? "";
    if (text === "") throw new RecordError(r.line, `column "${column}" is empty`);
    const system = sys >= 0 ? r.cells[sys] : undefined;
    return system ? { system, history: [], text, line: r.line } : { history: [], text, line: r.line };
  });
  return { records, skipped: 0 };
};
