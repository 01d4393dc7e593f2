/** RFC 4180 CSV: a header from the first row's keys (or the given columns), quoted where needed. */
export function toCsv(rows: ReadonlyArray<object>, columns?: readonly string[]): string {
  const cols = columns ?? Object.keys(rows[0] ?? {});
  const cell = (v: unknown): string => {
    if (v === null || v === undefined) return "";
    const s = typeof v === "object" ? JSON.stringify(v) : String(v);
    return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [cols.join(","), ...rows.map((r) => cols.map((c) => cell((r as Record<string, unknown>)[c])).join(","))].join("\n") + "\n";
}
