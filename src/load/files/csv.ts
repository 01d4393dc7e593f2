/** RFC 4180 CSV: quoted fields with "" escapes and newlines inside quotes; the first row names the columns. */

export interface CsvRow {
  cells: string[];
  /** The line the row starts on (1-based). */
  line: number;
}

/** Every row with the line it starts on; blank lines are left out. `unterminated`: the line of a quote never closed. */
export function csvRows(text: string): { rows: CsvRow[]; unterminated?: number } {
  const rows: CsvRow[] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  let quoteLine = 1;
  const src = text.replace(/^\uFEFF/, "");
  const push = () => {
    row.push(field);
    if (!(row.length === 1 && row[0] === "")) rows.push({ cells: row, line: rowLine });
    row = [];
    field = "";
  };
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (quoted) {
      if (c === '"' && src[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else {
        if (c === "\n") line++;
        field += c;
      }
    } else if (c === '"' && field === "") {
      quoted = true;
      quoteLine = line;
    } else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\n" || c === "\r") {
      if (c === "\r" && src[i + 1] === "\n") i++;
      push();
      line++;
      rowLine = line;
    } else field += c;
  }
  if (field !== "" || row.length > 0) push();
  return quoted ? { rows, unterminated: quoteLine } : { rows };
}

export function parseCsv(text: string): Record<string, string>[] {
  const [header, ...body] = csvRows(text).rows.map((r) => r.cells);
  if (!header) return [];
  return body.map((r) => Object.fromEntries(header.map((h, i) => [h.trim(), r[i] ?? ""])));
}
