/**
 * Every check type, by `type` — a missing one does not compile — and `runChecks`, which applies an item's checks to
 * the answer without its reasoning, after filling placeholders in check values with the item's fields.
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
import { judge } from "./checks/judge.js";
import { fillCheck } from "./fill.js";

export const CHECKS: CheckRegistry = {
  contains,
  "not-contains": notContains,
  equals,
  regex,
  "is-json": isJson,
  "json-schema": jsonSchema,
  numeric,
  function: fn,
  judge,
};

export interface NamedResult extends CheckResult {
  check: string;
}

export async function runChecks(checks: readonly Check[], rawAnswer: string, context: CheckContext): Promise<NamedResult[]> {
  const answer = answerOnly(rawAnswer);
  const out: NamedResult[] = [];
  for (const [i, c] of checks.entries()) {
    const name = c.id ?? `${c.type}#${i + 1}`;
    let filled: Check;
    try {
      filled = fillCheck(c, context.item.fields ?? {});
    } catch (e) {
      out.push({ check: name, pass: false, score: 0, detail: (e as Error).message });
      continue;
    }
    const impl = CHECKS[filled.type] as CheckImpl<typeof filled.type>;
    out.push({ check: name, ...(await impl(filled as never, answer, context)) });
  }
  return out;
}
