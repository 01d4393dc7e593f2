/** A check written as a function in the repository: (answer, item) => boolean | {pass, score?, detail?}. */
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { failed, type CheckImpl, type CheckResult } from "../types.js";

type Verdict = boolean | { pass: boolean; score?: number; detail?: string };

export const fn: CheckImpl<"function"> = async (c, answer, context) => {
  const path = resolve(context.baseDir, c.file);
  let mod: Record<string, unknown>;
  try {
    mod = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
  } catch (e) {
    return failed(`check module ${c.file} could not be loaded: ${(e as Error).message}`);
  }
  const f = mod[c.export];
  if (typeof f !== "function") return failed(`${c.file} exports no function "${c.export}"`);
  try {
    const v = (await (f as (a: string, i: unknown) => Verdict | Promise<Verdict>)(answer, context.item)) as Verdict;
    if (typeof v === "boolean") return { pass: v, score: v ? 1 : 0, detail: `${c.file}#${c.export} returned ${v}` };
    const r: CheckResult = { pass: Boolean(v.pass), score: typeof v.score === "number" ? v.score : v.pass ? 1 : 0, detail: v.detail ?? `${c.file}#${c.export}` };
    return r;
  } catch (e) {
    return failed(`${c.file}#${c.export} threw: ${(e as Error).message}`);
  }
};
