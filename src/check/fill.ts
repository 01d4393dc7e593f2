/** Fills the placeholders of a check's values with the item's fields, before the check runs. */
import { fill } from "../plan/template.js";
import type { Check } from "./schema.js";

export function fillCheck(c: Check, fields: Readonly<Record<string, unknown>>): Check {
  switch (c.type) {
    case "contains":
    case "not-contains":
    case "equals":
      return { ...c, value: fill(c.value, fields) };
    case "regex":
      return { ...c, pattern: fill(c.pattern, fields) };
    case "numeric":
      return typeof c.value === "string" ? { ...c, value: fill(c.value, fields) } : c;
    case "judge":
      return { ...c, rubric: fill(c.rubric, fields) };
    default:
      return c;
  }
}

/** Placeholder-bearing strings of a check, for validation. */
export function checkTemplates(c: Check): string[] {
  switch (c.type) {
    case "contains":
    case "not-contains":
    case "equals":
      return [c.value];
    case "regex":
      return [c.pattern];
    case "numeric":
      return typeof c.value === "string" ? [c.value] : [];
    case "judge":
      return [c.rubric];
    default:
      return [];
  }
}
