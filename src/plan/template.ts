/**
 * `{{name}}` placeholders in task prompts and check values. A placeholder that names no field is an error (caught by
 * `validate` where the fields are known), never silently empty: a prompt with a hole is a different task.
 */
const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_.-]*)\s*\}\}/g;

/** The names a template uses, in order, each once. */
export function placeholders(template: string): string[] {
  return [...new Set([...template.matchAll(PLACEHOLDER)].map((m) => m[1] ?? ""))];
}

const asText = (v: unknown): string => (typeof v === "string" ? v : v === null || v === undefined ? "" : typeof v === "object" ? JSON.stringify(v) : String(v));

/** Fills every placeholder; throws naming the first one that has no field (with the fields there are). */
export function fill(template: string, fields: Readonly<Record<string, unknown>>): string {
  return template.replace(PLACEHOLDER, (_, name: string) => {
    if (!(name in fields)) throw new Error(`placeholder {{${name}}} names no field; fields: ${Object.keys(fields).join(", ")}`);
    return asText(fields[name]);
  });
}
