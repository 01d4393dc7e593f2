/** Walks the zod schema alongside the data to find the allowed keys of the object at a path (for "did you mean"). */
import type { z } from "zod";
import type { FieldPath } from "./problem.js";

type AnySchema = z.core.$ZodType;
interface Def {
  type: string;
  innerType?: AnySchema;
  shape?: Record<string, AnySchema>;
  element?: AnySchema;
  valueType?: AnySchema;
  options?: AnySchema[];
  discriminator?: string;
  values?: unknown[];
}
const def = (s: AnySchema): Def => (s as unknown as { _zod: { def: Def } })._zod.def;

function unwrap(s: AnySchema): AnySchema {
  let d = def(s);
  while ((d.type === "optional" || d.type === "default" || d.type === "nullable" || d.type === "prefault") && d.innerType) {
    s = d.innerType;
    d = def(s);
  }
  return s;
}

function pickOption(s: AnySchema, data: unknown): AnySchema | undefined {
  const d = def(s);
  if (d.type !== "union" || !d.options) return s;
  const key = d.discriminator;
  if (key && data && typeof data === "object") {
    const value = (data as Record<string, unknown>)[key];
    for (const o of d.options) {
      const shape = def(unwrap(o)).shape;
      const lit = shape?.[key] ? def(unwrap(shape[key])).values : undefined;
      if (lit?.includes(value)) return unwrap(o);
    }
  }
  return undefined;
}

/** The schema at `path` (unwrapped, union not yet resolved) and the data found there. */
function walk(root: AnySchema, rootData: unknown, path: FieldPath): { schema: AnySchema; data: unknown } | undefined {
  let s: AnySchema | undefined = unwrap(root);
  let data = rootData;
  for (const part of path) {
    const picked: AnySchema | undefined = s ? pickOption(s, data) : undefined;
    if (!picked) return undefined;
    const d = def(picked);
    if (d.type === "object" && typeof part === "string") s = d.shape?.[part];
    else if (d.type === "array") s = d.element;
    else if (d.type === "record") s = d.valueType;
    else return undefined;
    s = s ? unwrap(s) : undefined;
    data = data && typeof data === "object" ? (data as Record<string | number, unknown>)[part] : undefined;
  }
  return s ? { schema: s, data } : undefined;
}

/** Allowed keys of the object schema at `path` (empty when it cannot be told). */
export function allowedKeys(root: AnySchema, data: unknown, path: FieldPath): string[] {
  const at = walk(root, data, path);
  const s = at ? pickOption(at.schema, at.data) : undefined;
  const shape = s ? def(s).shape : undefined;
  return shape ? Object.keys(shape) : [];
}

/** The values a discriminated union at `path` allows for its discriminator `key`. */
export function discriminatorValues(root: AnySchema, data: unknown, path: FieldPath, key: string): string[] {
  const at = walk(root, data, path);
  const d = at ? def(at.schema) : undefined;
  if (!d || d.type !== "union" || !d.options) return [];
  return d.options.flatMap((o) => {
    const shape = def(unwrap(o)).shape;
    const field = shape?.[key];
    return field ? (def(unwrap(field)).values ?? []).map(String) : [];
  });
}
