import { parseJsonAnswer } from "../answer.js";
import { failed, passed, type CheckImpl } from "../types.js";

/** Resolves an RFC 6901 JSON Pointer. */
function at(value: unknown, pointer: string): unknown {
  if (pointer === "") return value;
  return pointer
    .split("/")
    .slice(1)
    .map((p) => p.replace(/~1/g, "/").replace(/~0/g, "~"))
    .reduce<unknown>((cur, key) => (cur && typeof cur === "object" ? (cur as Record<string, unknown>)[key] : undefined), value);
}

export const numeric: CheckImpl<"numeric"> = (c, answer) => {
  const expected = typeof c.value === "number" ? c.value : Number(c.value.replace(/,/g, "").trim());
  if (!Number.isFinite(expected)) return failed(`the expected value ${JSON.stringify(c.value)} is not a number`);
  let found: number | undefined;
  if (c.pointer !== undefined) {
    const parsed = parseJsonAnswer(answer);
    if (!parsed.ok) return failed(`is not JSON, so ${c.pointer} cannot be read: ${parsed.error}`);
    const v = at(parsed.value, c.pointer);
    found = typeof v === "number" ? v : typeof v === "string" && v.trim() !== "" ? Number(v.replace(/,/g, "")) : undefined;
  } else {
    const m = /-?\d[\d,]*(\.\d+)?([eE][-+]?\d+)?/.exec(answer);
    found = m ? Number(m[0].replace(/,/g, "")) : undefined;
  }
  if (found === undefined || !Number.isFinite(found)) return failed(`has no number${c.pointer ? ` at ${c.pointer}` : ""}`);
  const diff = Math.abs(found - expected);
  const ok = diff <= c.tolerance || (c.relative !== undefined && diff <= Math.abs(expected) * c.relative);
  const within = [`±${c.tolerance}`, ...(c.relative !== undefined ? [`±${c.relative * 100}%`] : [])].join(" or ");
  return ok ? passed(`${found} is within ${within} of ${expected}`) : failed(`${found} is not within ${within} of ${expected}`);
};
