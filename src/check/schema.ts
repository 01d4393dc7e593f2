/**
 * Checks of an answer, as written in a feasibility experiment (issue #6): one zod schema per check type, chosen by
 * `type`. Checks see the answer only — never the reasoning (gpt-oss thinking, `<think>` blocks). String values may name
 * fields of the item with placeholders (`{{total}}`), filled in per item.
 */
import { z } from "zod";

const common = { id: z.string().min(1).max(80).optional().describe("Names the check in results; default: its type and position.") };

export const ContainsCheck = z.strictObject({ ...common, type: z.literal("contains"), value: z.string().min(1), case_sensitive: z.boolean().default(false) });
export const NotContainsCheck = z.strictObject({ ...common, type: z.literal("not-contains"), value: z.string().min(1), case_sensitive: z.boolean().default(false) });
export const EqualsCheck = z.strictObject({ ...common, type: z.literal("equals"), value: z.string(), trim: z.boolean().default(true), case_sensitive: z.boolean().default(true) });
export const RegexCheck = z.strictObject({ ...common, type: z.literal("regex"), pattern: z.string().min(1), flags: z.string().regex(/^[dgimsuvy]*$/).default("") });
export const IsJsonCheck = z.strictObject({ ...common, type: z.literal("is-json") });
export const JsonSchemaCheck = z.strictObject({
  ...common,
  type: z.literal("json-schema"),
  schema: z.record(z.string(), z.unknown()).describe("A JSON Schema (draft 2020-12 or 07) the answer, parsed as JSON, must satisfy."),
});
export const NumericCheck = z.strictObject({
  ...common,
  type: z.literal("numeric"),
  value: z.union([z.number(), z.string().min(1)]).describe("The expected number, or a placeholder such as \"{{total}}\" naming a field of the item."),
  tolerance: z.number().min(0).default(0).describe("Absolute tolerance."),
  relative: z.number().min(0).optional().describe("Relative tolerance (0.01 = 1%); passes if either tolerance holds."),
  pointer: z.string().optional().describe("JSON Pointer into the answer parsed as JSON; without it, the first number in the answer."),
});
export const FunctionCheck = z.strictObject({
  ...common,
  type: z.literal("function"),
  file: z.string().min(1).describe("A .js/.mjs/.ts module in the repository, relative to the experiment file."),
  export: z.string().default("default").describe("The exported function: (answer, item) => boolean | {pass, score?, detail?}."),
});

export const JudgeCheck = z.strictObject({
  ...common,
  type: z.literal("judge"),
  judge: z.string().min(1).describe("The id of the variant that grades (declared under `variants`; it sees the item's data)."),
  rubric: z.string().min(1).describe("What a good answer does; the judge answers a score from 0 to 1 and its reasoning, both stored."),
  pass_score: z.number().min(0).max(1).default(0.5).describe("The score at or above which the answer passes."),
  max_tokens: z.int().min(16).max(100_000).default(512).describe("Output tokens the judge may use."),
});

export const Check = z.discriminatedUnion("type", [ContainsCheck, NotContainsCheck, EqualsCheck, RegexCheck, IsJsonCheck, JsonSchemaCheck, NumericCheck, FunctionCheck, JudgeCheck]);
export type Check = z.infer<typeof Check>;
export type CheckType = Check["type"];
