/**
 * RFC 4180 CSV: a header from the rows' keys in order of first appearance (or the given columns), quoted where needed.
 * Rows may differ in keys (open-loop levels carry `rate` and `level`; closed-loop ones do not): every key is a column.
 */
export function toCsv(rows: ReadonlyArray<object>, columns?: readonly string[]): string {
  const cols = columns ?? [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const cell = (v: unknown): string => {
    if (v === null || v === undefined) return "";
    const s = typeof v === "object" ? JSON.stringify(v) : String(v);
    return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [cols.join(","), ...rows.map((r) => cols.map((c) => cell((r as Record<string, unknown>)[c])).join(","))].join("\n") + "\n";
}
