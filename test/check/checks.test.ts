/** Checks (groundwork for feasibility trials, issue #6): each type against answers whose verdict is known. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { Check } from "../../src/check/schema.js";
import { runChecks } from "../../src/check/registry.js";
import { answerOnly, parseJsonAnswer } from "../../src/check/answer.js";
import { wilson } from "../../src/analyse/stats.js";

const baseDir = fileURLToPath(new URL("../fixtures/checks", import.meta.url));
const ctx = { item: { fields: { total: "1,234" } }, baseDir };
const verdicts = async (checks: unknown[], answer: string) => (await runChecks(checks.map((c) => Check.parse(c)), answer, ctx)).map((r) => r.pass);

test("text checks: contains, not-contains, equals, regex", async () => {
  assert.deepEqual(await verdicts([{ type: "contains", value: "paris" }, { type: "contains", value: "paris", case_sensitive: true }], "The capital is Paris."), [true, false]);
  assert.deepEqual(await verdicts([{ type: "not-contains", value: "confidential" }], "Nothing secret here."), [true]);
  assert.deepEqual(await verdicts([{ type: "not-contains", value: "SECRET" }], "a secret"), [false]);
  assert.deepEqual(await verdicts([{ type: "equals", value: "42" }, { type: "equals", value: "yes", case_sensitive: false }], "  42 \n"), [true, false]);
  assert.deepEqual(await verdicts([{ type: "regex", pattern: "^INV-\\d{4}$", flags: "m" }], "Invoice:\nINV-2026\n"), [true]);
});

test("JSON checks: is-json (also fenced), json-schema with the reasons it fails", async () => {
  assert.deepEqual(await verdicts([{ type: "is-json" }], '```json\n{"a": 1}\n```'), [true]);
  assert.deepEqual(await verdicts([{ type: "is-json" }], "{a: 1}"), [false]);
  const schema = { type: "object", required: ["name", "amount"], properties: { name: { type: "string" }, amount: { type: "number", minimum: 0 } } };
  assert.deepEqual(await verdicts([{ type: "json-schema", schema }], '{"name": "ACME", "amount": 12.5}'), [true]);
  const [bad] = await runChecks([Check.parse({ type: "json-schema", schema })], '{"name": "ACME", "amount": -1}', ctx);
  assert.equal(bad?.pass, false);
  assert.match(bad?.detail ?? "", /\/amount must be >= 0/);
});

test("numeric: first number or a JSON pointer, absolute and relative tolerance", async () => {
  assert.deepEqual(await verdicts([{ type: "numeric", value: 1234, tolerance: 0 }], "The total is 1,234 EUR."), [true]);
  assert.deepEqual(await verdicts([{ type: "numeric", value: 100, relative: 0.05 }], "about 104"), [true]);
  assert.deepEqual(await verdicts([{ type: "numeric", value: 100, relative: 0.01 }], "about 104"), [false]);
  assert.deepEqual(await verdicts([{ type: "numeric", value: 3.5, pointer: "/totals/0/net", tolerance: 0.01 }], '{"totals": [{"net": 3.499}]}'), [true]);
  assert.deepEqual(await verdicts([{ type: "numeric", value: 1 }], "no digits here"), [false]);
});

test("function checks from a file in the repository; a throwing one fails with its reason", async () => {
  const [ok] = await runChecks([Check.parse({ type: "function", file: "has-total.mjs" })], "Total: 1,234", ctx);
  assert.deepEqual([ok?.pass, ok?.detail], [true, "looked for total 1,234"]);
  const [boom] = await runChecks([Check.parse({ type: "function", file: "has-total.mjs", export: "alwaysThrows" })], "x", ctx);
  assert.deepEqual([boom?.pass, boom?.detail], [false, "has-total.mjs#alwaysThrows threw: boom"]);
  const [missing] = await runChecks([Check.parse({ type: "function", file: "nope.mjs" })], "x", ctx);
  assert.match(missing?.detail ?? "", /could not be loaded/);
});

test("checks see the answer, never the reasoning", async () => {
  assert.equal(answerOnly("<think>the secret is 7</think>The answer is 3."), "The answer is 3.");
  assert.deepEqual(await verdicts([{ type: "not-contains", value: "secret" }, { type: "numeric", value: 3 }], "<think>the secret is 7</think>The answer is 3."), [true, true]);
  assert.deepEqual(parseJsonAnswer("not json").ok, false);
});

test("Wilson interval: known values, and sound at 0 and n passes", () => {
  const [lo, hi] = wilson(8, 10) ?? [NaN, NaN];
  assert.ok(Math.abs(lo - 0.4902) < 1e-3 && Math.abs(hi - 0.9433) < 1e-3, `${lo} ${hi}`);
  assert.deepEqual(wilson(0, 5)?.[0], 0);
  assert.equal(wilson(5, 5)?.[1], 1);
  assert.equal(wilson(0, 0), null);
});

test("judge grades are read from the judge's JSON, never guessed", async () => {
  const { readGrade, judge } = await import("../../src/check/checks/judge.js");
  assert.deepEqual(readGrade('<think>hmm</think>{"score": 0.75, "reasoning": "close"}'), { score: 0.75, reasoning: "close" });
  assert.deepEqual(readGrade('Sure! ```json\n{"score": "1", "reasoning": "ok"}\n```'), { score: 1, reasoning: "ok" });
  assert.deepEqual(readGrade('Here: {"score": 0.2} and more text'), { score: 0.2, reasoning: "" });
  assert.ok("problem" in readGrade('{"score": 7}'), "out of range");
  assert.ok("problem" in readGrade("I think it is good"), "no grade");
  const c = { type: "judge" as const, judge: "g", rubric: "r", pass_score: 0.5, max_tokens: 64 };
  const asked: string[] = [];
  const r = await judge(c, "the answer", { item: {}, baseDir: ".", question: "the question", askJudge: async (v, req) => (asked.push(`${v}|${req.text}`), '{"score": 0.4, "reasoning": "misses the total"}') });
  assert.deepEqual([r.pass, r.score, r.judge], [false, 0.4, { variant: "g", score: 0.4, reasoning: "misses the total" }]);
  assert.match(asked[0] ?? "", /^g\|Rubric:\nr\n\nQuestion:\nthe question\n\nAnswer to grade:\nthe answer/);
  const none = await judge(c, "a", { item: {}, baseDir: "." });
  assert.equal(none.pass, false);
});
