/**
 * Every check type, by `type` — a missing one does not compile — and `runChecks`, which applies an item's checks to
 * the answer without its reasoning. (The `judge` check, graded by a judge variant, arrives with feasibility runs.)
 */
import type { Check } from "./schema.js";
import type { CheckContext, CheckImpl, CheckRegistry, CheckResult } from "./types.js";
import { answerOnly } from "./answer.js";
import { contains, notContains } from "./checks/contains.js";
import { equals } from "./checks/equals.js";
import { regex } from "./checks/regex.js";
import { isJson, jsonSchema } from "./checks/json.js";
import { numeric } from "./checks/numeric.js";
import { fn } from "./checks/function.js";

export const CHECKS: CheckRegistry = {
  contains,
  "not-contains": notContains,
  equals,
  regex,
  "is-json": isJson,
  "json-schema": jsonSchema,
  numeric,
  function: fn,
};

export interface NamedResult extends CheckResult {
  check: string;
}

export async function runChecks(checks: readonly Check[], rawAnswer: string, context: CheckContext): Promise<NamedResult[]> {
  const answer = answerOnly(rawAnswer);
  const out: NamedResult[] = [];
  for (const [i, c] of checks.entries()) {
    const impl = CHECKS[c.type] as CheckImpl<typeof c.type>;
    out.push({ check: c.id ?? `${c.type}#${i + 1}`, ...(await impl(c as never, answer, context)) });
  }
  return out;
}
