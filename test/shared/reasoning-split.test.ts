/** The reasoning splitter: the same split wherever the stream cuts the text, tokens kept, markup never shown. */
import { test } from "node:test";
import assert from "node:assert/strict";
import { ReasoningSplitter, splitReasoning, spreadByLength, type SplitKind } from "../../src/shared/reasoning-split.js";

function streamed(pieces: string[]): { reasoning: string; answer: string; tokens: number; kinds: SplitKind[] } {
  const s = new ReasoningSplitter();
  let reasoning = "";
  let answer = "";
  let tokens = 0;
  const kinds: SplitKind[] = [];
  const sink = (kind: SplitKind, text: string, n: number, retro: boolean) => {
    if (retro) {
      reasoning += answer;
      answer = "";
    }
    if (kind === "answer") answer += text;
    else reasoning += text;
    tokens += n;
    kinds.push(kind);
  };
  for (const p of pieces) s.push(p, 1, sink);
  tokens += s.flush(sink);
  return { reasoning, answer, tokens, kinds };
}

const HARMONY = "<|channel|>analysis<|message|>The user asks 2+2. Easy: 4 < 5.<|end|><|start|>assistant<|channel|>final<|message|>The answer is 4.";
const THINK = "<think>\nsecret 7 < 9\n</think>\n\nThe answer is 3.";

for (const [name, text, reasoning, answer] of [
  ["harmony", HARMONY, "The user asks 2+2. Easy: 4 < 5.", "The answer is 4."],
  ["think", THINK, "\nsecret 7 < 9\n", "\n\nThe answer is 3."],
] as const) {
  test(`${name}: every cut into two and three pieces splits the same as the whole`, () => {
    assert.deepEqual(splitReasoning(text), { reasoning, answer, inline: true });
    for (let i = 0; i <= text.length; i++) {
      for (let j = i; j <= text.length; j += 3) {
        const got = streamed([text.slice(0, i), text.slice(i, j), text.slice(j)]);
        assert.deepEqual([got.reasoning, got.answer], [reasoning, answer], `cut at ${i}, ${j}`);
        assert.equal(got.tokens, 3, "every event's token is placed");
      }
    }
  });
}

test("one character per event: reasoning first, answer after, in order", () => {
  const got = streamed([...HARMONY]);
  assert.equal(got.answer, "The answer is 4.");
  assert.equal(got.kinds.indexOf("answer"), got.kinds.lastIndexOf("reasoning") + 1);
  assert.equal(got.tokens, HARMONY.length);
});

test("plain text and a lone '<' pass through as answer; commentary channel is reasoning", () => {
  assert.deepEqual(splitReasoning("a < b and <b>bold</b>"), { reasoning: "", answer: "a < b and <b>bold</b>", inline: false });
  assert.equal(splitReasoning("<|channel|>commentary<|message|>plan<|end|><|start|>assistant<|channel|>final<|message|>ok").reasoning, "plan");
});

test("a </think> whose <think> was in the prompt makes everything before it reasoning (retro)", () => {
  assert.deepEqual(splitReasoning("thinking hard</think>Answer: 3"), { reasoning: "thinking hard", answer: "Answer: 3", inline: true });
  const got = streamed(["thinking ", "hard</th", "ink>Answer", ": 3"]);
  assert.deepEqual([got.reasoning, got.answer], ["thinking hard", "Answer: 3"]);
});

test("an unclosed <think> is all reasoning; text held back as a possible tag is flushed at the end", () => {
  assert.deepEqual(splitReasoning("<think>still going"), { reasoning: "still going", answer: "", inline: true });
  assert.deepEqual(streamed(["answer <thi"]), { reasoning: "", answer: "answer <thi", tokens: 1, kinds: ["answer", "answer"] });
});

test("spreadByLength: whole numbers, in proportion, adding up", () => {
  assert.deepEqual(spreadByLength(10, [1, 1, 2]), [3, 2, 5]);
  assert.deepEqual(spreadByLength(1, [3, 5]), [0, 1]);
  assert.equal(spreadByLength(7, [5, 9, 1, 1]).reduce((a, b) => a + b, 0), 7);
});

test("checks see the answer only: harmony analysis and think blocks never reach them", async () => {
  const { answerOnly } = await import("../../src/check/answer.js");
  assert.equal(answerOnly(HARMONY), "The answer is 4.");
  assert.equal(answerOnly(THINK), "The answer is 3.");
  assert.equal(answerOnly("the secret is 7</think>The answer is 3."), "The answer is 3.");
});
