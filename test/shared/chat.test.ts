import { test } from "node:test";
import assert from "node:assert/strict";
import { chatMessages, chatTurns, conversationChars, flatText } from "../../src/shared/chat.js";
import { withNonce } from "../../src/plan/nonce.js";
import { requestBody } from "../../src/backends/openai/stream.js";
import { messagesBody } from "../../src/backends/anthropic/stream.js";
import { generateBody } from "../../src/backends/gemini/stream.js";
import { lmStudioBody } from "../../src/backends/lmstudio/stream.js";
import type { GenerationRequest } from "../../src/backends/types.js";

const convo = {
  id: "c",
  system: "Be brief.",
  history: [
    { role: "user" as const, content: "Name a colour." },
    { role: "assistant" as const, content: "Blue." },
  ],
  text: "Another?",
};
const req: GenerationRequest = { model: "m", prompt: convo, max_tokens: 8, ignore_eos: false, temperature: 0, seed: 1 };

test("a conversation becomes system, the earlier turns in order, then the user message", () => {
  assert.deepEqual(chatMessages(convo), [
    { role: "system", content: "Be brief." },
    { role: "user", content: "Name a colour." },
    { role: "assistant", content: "Blue." },
    { role: "user", content: "Another?" },
  ]);
  assert.deepEqual(chatTurns({ text: "hi" }), [{ role: "user", content: "hi" }]);
  assert.equal(flatText(convo), "Be brief.\n\nName a colour.\n\nBlue.\n\nAnother?");
  assert.equal(flatText(convo, false), "Name a colour.\n\nBlue.\n\nAnother?");
  assert.equal(conversationChars(convo), "Be brief.Name a colour.Blue.Another?".length);
});

test("every chat backend sends the whole history", () => {
  const openai = requestBody("chat", req) as { messages: unknown[] };
  assert.equal(openai.messages.length, 4);
  assert.equal((requestBody("completions", req) as { prompt: string }).prompt, flatText(convo));
  assert.deepEqual((lmStudioBody(req) as { messages: unknown[] }).messages, chatMessages(convo));
  const anthropic = messagesBody(req) as { messages: Array<{ role: string }>; system: string };
  assert.deepEqual(anthropic.messages.map((m) => m.role), ["user", "assistant", "user"]);
  assert.equal(anthropic.system, "Be brief.");
  const gemini = generateBody(req) as { contents: Array<{ role: string; parts: Array<{ text: string }> }> };
  assert.deepEqual(gemini.contents.map((c) => c.role), ["user", "model", "user"]);
  assert.equal(gemini.contents[1]?.parts[0]?.text, "Blue.");
});

test("the nonce starts the first message: system, else the first earlier turn, else the user text", () => {
  assert.equal(withNonce(convo, "abcd").system, "[abcd] Be brief.");
  const { system: _s, ...noSystem } = convo;
  const n = withNonce(noSystem, "abcd");
  assert.equal(n.history?.[0]?.content, "[abcd] Name a colour.");
  assert.equal(n.text, "Another?");
  assert.equal(withNonce({ id: "x", text: "hi" }, "abcd").text, "[abcd] hi");
});
