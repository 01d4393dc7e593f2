import { test } from "node:test";
import assert from "node:assert/strict";
import { readJsonl } from "../../src/load/prompts/jsonl.js";
import { readShareGpt } from "../../src/load/prompts/sharegpt.js";
import { readCsv } from "../../src/load/prompts/csv.js";
import { RecordError } from "../../src/load/prompts/types.js";
import { parseCsv } from "../../src/load/files/csv.js";
import { describeReadError, formatOf } from "../../src/load/prompts/source.js";

const lineOf = (f: () => unknown): number => {
  try {
    f();
  } catch (e) {
    assert.ok(e instanceof RecordError, String(e));
    return e.line;
  }
  assert.fail("expected a RecordError");
};

test("JSONL: prompt lines and messages lines, blank lines ignored, each record with its line", () => {
  const text = [
    `{"prompt": "Summarise the memo."}`,
    ``,
    `{"prompt": "Translate it.", "system": "Be brief."}`,
    `{"messages": [{"role": "system", "content": "S"}, {"role": "user", "content": "u1"}, {"role": "assistant", "content": "a1"}, {"role": "user", "content": "u2"}, {"role": "assistant", "content": "reference"}]}`,
  ].join("\n");
  const r = readJsonl(text, {});
  assert.equal(r.records.length, 3);
  assert.deepEqual(r.records[0], { history: [], text: "Summarise the memo.", line: 1 });
  assert.deepEqual(r.records[1], { system: "Be brief.", history: [], text: "Translate it.", line: 3 });
  // the trailing assistant turn (the reference answer) is dropped; the last user turn is sent after the history
  assert.deepEqual(r.records[2], { system: "S", history: [{ role: "user", content: "u1" }, { role: "assistant", content: "a1" }], text: "u2", line: 4 });
});

test("JSONL: a bad line is an error naming its line", () => {
  const good = `{"prompt": "a"}`;
  assert.equal(lineOf(() => readJsonl([good, good, `{"prompt": "b"`].join("\n"), {})), 3);
  assert.equal(lineOf(() => readJsonl([good, `{"question": "b"}`].join("\n"), {})), 2);
  assert.equal(lineOf(() => readJsonl([good, good, good, `{"messages": [{"role": "robot", "content": "x"}]}`].join("\n"), {})), 4);
  assert.equal(lineOf(() => readJsonl(`[1, 2]`, {})), 1);
  assert.match(describeReadError("data.jsonl", new RecordError(7, "not JSON (x)")), /^data\.jsonl line 7: not JSON/);
});

test("JSONL: a conversation with no user message left to send is skipped and counted", () => {
  const r = readJsonl([`{"messages": [{"role": "assistant", "content": "hi"}]}`, `{"prompt": "ok"}`, `{"messages": []}`].join("\n"), {});
  assert.equal(r.records.length, 1);
  assert.equal(r.skipped, 2);
  assert.equal(r.first_skipped?.line, 1);
});

test("ShareGPT: conversations become system + history + last human turn; each record's line is where it starts", () => {
  const text = `[
  {"id": "a", "conversations": [{"from": "human", "value": "What is RAG?"}, {"from": "gpt", "value": "Retrieval…"}]},
  {
    "id": "b",
    "conversations": [
      {"from": "system", "value": "Answer in Japanese."},
      {"from": "human", "value": "q1"}, {"from": "gpt", "value": "a1 with a \\"quote\\" and ] [ {"},
      {"from": "human", "value": "q2"}
    ]
  },
  {"id": "c", "conversations": [{"from": "gpt", "value": "only an answer"}]}
]`;
  const r = readShareGpt(text, {});
  assert.deepEqual(r.records[0], { history: [], text: "What is RAG?", line: 2 });
  assert.deepEqual(r.records[1], { system: "Answer in Japanese.", history: [{ role: "user", content: "q1" }, { role: "assistant", content: 'a1 with a "quote" and ] [ {' }], text: "q2", line: 3 });
  assert.equal(r.skipped, 1);
  assert.deepEqual(r.first_skipped, { line: 11, why: "no user message to send" });
});

test("ShareGPT: broken JSON names the line; a record without conversations names its line", () => {
  assert.equal(lineOf(() => readShareGpt(`[\n{"conversations": []},\n{"conversations": [}\n]`, {})), 3);
  assert.equal(lineOf(() => readShareGpt(`[\n  {"conversations": []},\n  {"turns": []}\n]`, {})), 3);
  assert.equal(lineOf(() => readShareGpt(`{"conversations": []}`, {})), 1);
  assert.equal(lineOf(() => readShareGpt(`[\n{"conversations": [{"from": "robot", "value": "x"}]}]`, {})), 2);
});

test("CSV: quoted fields with commas, doubled quotes and newlines; rows keep the line they start on", () => {
  const text = `id,prompt,system\n1,"Hello, world",\n2,"Say ""hi""\nthen stop",Be kind\n\n3,plain,\n`;
  const r = readCsv(text, {});
  assert.deepEqual(r.records, [
    { history: [], text: "Hello, world", line: 2 },
    { system: "Be kind", history: [], text: 'Say "hi"\nthen stop', line: 3 },
    { history: [], text: "plain", line: 6 },
  ]);
  assert.deepEqual(readCsv(`q\nx\n`, { column: "q" }).records.map((x) => x.text), ["x"]);
});

test("CSV: missing column, wrong field count, empty prompt, unclosed quote name their lines", () => {
  assert.equal(lineOf(() => readCsv(`question\nx\n`, {})), 1);
  assert.equal(lineOf(() => readCsv(`prompt,id\na,1\nb\n`, {})), 3);
  assert.equal(lineOf(() => readCsv(`prompt,id\na,1\n,2\n`, {})), 3);
  assert.equal(lineOf(() => readCsv(`prompt\na\nb\n"never closed\nmore\n`, {})), 4);
});

test("parseCsv (feasibility datasets) reads as before", () => {
  assert.deepEqual(parseCsv(`a, b\n1,"x,y"\r\n\n2,"say ""z"""`), [{ a: "1", b: "x,y" }, { a: "2", b: 'say "z"' }]);
});

test("the format comes from the extension unless declared", () => {
  assert.equal(formatOf("data/p.jsonl"), "jsonl");
  assert.equal(formatOf("data/p.NDJSON"), "jsonl");
  assert.equal(formatOf("sharegpt.json"), "sharegpt");
  assert.equal(formatOf("p.csv"), "csv");
  assert.equal(formatOf("p.txt"), null);
  assert.equal(formatOf("p.txt", "csv"), "csv");
});
