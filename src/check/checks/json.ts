import { Ajv2020 } from "ajv/dist/2020.js";
import { parseJsonAnswer } from "../answer.js";
import { failed, passed, type CheckImpl } from "../types.js";

export const isJson: CheckImpl<"is-json"> = (_c, answer) => {
  const parsed = parseJsonAnswer(answer);
  return parsed.ok ? passed("is valid JSON") : failed(`is not JSON: ${parsed.error}`);
};

export const jsonSchema: CheckImpl<"json-schema"> = (c, answer) => {
  const parsed = parseJsonAnswer(answer);
  if (!parsed.ok) return failed(`is not JSON: ${parsed.error}`);
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  const validate = ajv.compile(c.schema);
  if (validate(parsed.value)) return passed("satisfies the JSON Schema");
  const why = (validate.errors ?? []).slice(0, 3).map((e) => `${e.instancePath || "(root)"} ${e.message ?? ""}`.trim());
  return failed(`does not satisfy the JSON Schema: ${why.join("; ")}`);
};
