/** Turns zod issues into located, actionable problems: the value found, what is allowed, and a "did you mean". */
import type { z } from "zod";
import { didYouMean } from "./suggest.js";
import { allowedKeys, discriminatorValues } from "./shape.js";
import type { FieldPath } from "./problem.js";

export interface RawProblem {
  path: FieldPath;
  /** For unknown keys: the key, so that the position is the key's own. */
  key?: string;
  message: string;
}

export function show(value: unknown): string {
  if (value === undefined) return "missing";
  if (typeof value === "number" && !Number.isFinite(value)) return String(value);
  const s = JSON.stringify(value) ?? String(value);
  return s.length > 40 ? `${s.slice(0, 37)}...` : s;
}

function kindOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  if (typeof value === "number") return Number.isInteger(value) ? "an integer" : "a number";
  return `a ${typeof value}`;
}

const EXPECTED: Record<string, string> = {
  array: "a list",
  object: "a mapping",
  record: "a mapping",
  number: "a number",
  int: "an integer",
  string: "a string",
  boolean: "true or false",
};

const bound = (inclusive: boolean | undefined, above: boolean): string => (above ? (inclusive ? "≤" : "<") : inclusive ? "≥" : ">");

function sizeMessage(issue: z.core.$ZodIssueTooBig | z.core.$ZodIssueTooSmall, above: boolean): string {
  const limit = above ? (issue as z.core.$ZodIssueTooBig).maximum : (issue as z.core.$ZodIssueTooSmall).minimum;
  const input = (issue as { input?: unknown }).input;
  switch (issue.origin) {
    case "array":
    case "set":
      return above
        ? `has ${Array.isArray(input) ? input.length : "?"} items, allowed: at most ${String(limit)}`
        : `has ${Array.isArray(input) ? input.length : "?"} items; needs at least ${String(limit)}`;
    case "string":
      return Number(limit) === 1 && !above ? "is empty, must not be" : `has ${typeof input === "string" ? input.length : "?"} characters, allowed: ${bound(issue.inclusive, above)} ${String(limit)}`;
    default:
      return `is ${show(input)}, allowed: ${bound(issue.inclusive, above)} ${String(limit)}`;
  }
}

function valueAt(data: unknown, path: FieldPath): unknown {
  let cur = data;
  for (const part of path) cur = cur && typeof cur === "object" ? (cur as Record<string | number, unknown>)[part] : undefined;
  return cur;
}

export function fromZodIssue(issue: z.core.$ZodIssue, schema: z.core.$ZodType, data: unknown): RawProblem[] {
  const path = issue.path as FieldPath;
  const input = (issue as { input?: unknown }).input;
  switch (issue.code) {
    case "invalid_type": {
      const expected = EXPECTED[issue.expected] ?? issue.expected;
      if (input === undefined) return [{ path, message: `is missing; required: ${expected}` }];
      if (typeof input === "number" && !Number.isFinite(input)) return [{ path, message: `is ${show(input)} (the number is too large); allowed: a finite ${expected.replace(/^an? /, "")}` }];
      return [{ path, message: `is ${show(input)} (${kindOf(input)}), expected ${expected}` }];
    }
    case "invalid_value": {
      const values = issue.values.map(String);
      const hint = typeof input === "string" ? didYouMean(input, values) : "";
      return [{ path, message: `is ${show(input)}, allowed: ${values.join(", ")}${hint}` }];
    }
    case "too_small":
      return [{ path, message: sizeMessage(issue, false) }];
    case "too_big":
      return [{ path, message: sizeMessage(issue, true) }];
    case "unrecognized_keys": {
      const allowed = allowedKeys(schema, data, path);
      return issue.keys.map((key) => ({
        path: [...path, key],
        key,
        message: `unknown key "${key}"${didYouMean(key, allowed)}${allowed.length ? `; allowed: ${allowed.join(", ")}` : ""}`,
      }));
    }
    case "invalid_union": {
      const disc = (issue as { discriminator?: string }).discriminator;
      if (disc) {
        // zod reports the path either of the union or of its discriminator field.
        const unionPath = path[path.length - 1] === disc ? path.slice(0, -1) : path;
        const values = discriminatorValues(schema, data, unionPath, disc);
        const found = valueAt(data, [...unionPath, disc]);
        const hint = typeof found === "string" ? didYouMean(found, values) : "";
        return [{ path: [...unionPath, disc], message: `is ${show(found)}, allowed: ${values.join(", ")}${hint}` }];
      }
      return [{ path, message: `is ${show(input)}, which matches none of the allowed forms` }];
    }
    case "invalid_key":
      return [{ path, message: `key ${show(path[path.length - 1])} ${issue.issues[0]?.message ?? "is not allowed"}` }];
    case "invalid_format":
      return [{ path, message: `is ${show(input)}: ${issue.message}` }];
    default:
      return [{ path, message: issue.message }];
  }
}
