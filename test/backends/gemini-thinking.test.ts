/**
 * The gemini backend against a FAKE Gemini that thinks (test/fakes/fake-gemini-server.ts): thoughts are asked for
 * (`includeThoughts`), per-event counts come from the cumulative usageMetadata, and thinking that is counted but not
 * streamed is kept apart so the visible decode rate is the true one.
 */
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { runExperiment } from "../../src/run/runner.js";
import { clientDecodeRate, itlPerToken, tpotMs } from "../../src/analyse/metrics/all.js";
import { tempDir, writeExperiment } from "../helpers/experiments.js";
import { startFakeGemini, type FakeGemini } from "../fakes/fake-gemini-server.js";

let fake: FakeGemini;
after(async () => {
  await fake?.close();
});

async function run(variant: Record<string, unknown>) {
  fake ??= await startFakeGemini({ thinkingTokens: 100, answerTokens: 161, tokenMs: 6, tokensPerEvent: 4, summaryEvery: 25 });
  const d = tempDir();
  const file = writeExperiment(d, {
    name: "gemini-thinking",
    backends: { g: { type: "gemini", base_url: fake.url, api_key_env: "FAKE_GEMINI_KEY" } },
    variants: [{ id: "v", backend: "g", model: "gemini-fake-thinking", format: "other", ...variant }],
    workload: { prompts: [{ id: "p", text: "plan a trip" }], max_tokens: 1000, warmup: 0, repetitions: 1 },
  });
  process.env["FAKE_GEMINI_KEY"] = "fake-key";
  const result = await runExperiment({ file, runsDir: d });
  return { trial: result.written[0]!, entry: fake.log.at(-1)!, manifest: result.manifest };
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

test("hidden thinking (no includeThoughts): thoughtsTokenCount kept apart, visible decode within 5% of the true rate", async () => {
  const { trial: t, entry } = await run({ options: { generationConfig: { maxOutputTokens: 1000 } } });
  assert.equal(t.error, null);
  assert.equal(t.reasoning, null);
  assert.equal(t.hidden_reasoning_tokens, 100);
  assert.ok(t.flags?.includes("hidden-reasoning"));
  assert.equal(t.output_tokens.server, 261, "candidates + thoughts");
  assert.equal(t.output_tokens.client, 161, "streamed: the answer");
  assert.equal(t.token_count_source, "server-per-event");
  const trueRate = 1000 / ((entry.answerWrites.at(-1)! - entry.answerWrites[0]!) / 160);
  const rate = clientDecodeRate(t)!;
  assert.ok(Math.abs(rate - trueRate) <= 0.05 * trueRate, `visible decode ${rate.toFixed(0)} tok/s vs true ${trueRate.toFixed(0)} tok/s`);
  // Dividing all 261 counted tokens by the visible window (what trialbook did before) is 1.6× too fast:
  assert.ok(260 / ((t.e2e_ms! - t.ttft_ms!) / 1000) > 1.5 * trueRate);
});

test("includeThoughts sent (thinkingBudget from reasoning_effort): thought summaries are reasoning, thinking counted on them", async () => {
  const { trial: t, entry, manifest } = await run({ reasoning_effort: "medium" });
  assert.deepEqual(entry.body.generationConfig?.thinkingConfig, { includeThoughts: true, thinkingBudget: 8192 });
  assert.equal(manifest.variants["v"]?.declared.reasoning_effort, "medium");
  assert.match(t.reasoning ?? "", /^\*\*Step 1\*\*/);
  assert.equal(t.output, Array.from({ length: 161 }, (_, i) => ` a${i}`).join(""));
  assert.equal(t.reasoning_tokens, 100, "the thinking counted on the summaries that streamed");
  assert.equal(t.hidden_reasoning_tokens, undefined);
  assert.ok(t.ttft_answer_ms! - t.ttft_ms! > 60 * 6 * 0.9, "the answer starts after the thinking");
  const itl = mean(itlPerToken(t));
  // per-event counts place the thinking done before the first summary on it, so per-token ITL is the fake's true
  // time per token from its first summary to its last answer chunk (the 25 tokens of the first summary before it)
  const real = (entry.answerWrites.at(-1)! - entry.summaryWrites[0]!) / (100 + 161 - 25);
  assert.ok(Math.abs(itl - real) <= 0.05 * real, `ITL per token ${itl.toFixed(2)} ms vs ${real.toFixed(2)} ms per token`);
  // vLLM's TPOT divides by N − 1 as if the first chunk held one token: low by the 24 thought tokens before it
  assert.ok(tpotMs(t)! < itl);
});

test("thinkingConfig goes to thinking models and wherever reasoning_effort is set, not to models that cannot think", async () => {
  const { generateBody } = await import("../../src/backends/gemini/stream.js");
  const req = { model: "gemini-2.0-flash", prompt: { id: "p", text: "hi" }, max_tokens: 10, ignore_eos: false, temperature: 0, seed: 1 };
  const config = (r: typeof req & { reasoning_effort?: "low" }) => (generateBody(r)["generationConfig"] as { thinkingConfig?: unknown }).thinkingConfig;
  assert.equal(config(req), undefined);
  assert.deepEqual(config({ ...req, model: "gemini-2.5-flash" }), { includeThoughts: true });
  assert.deepEqual(config({ ...req, model: "gemini-3-pro-preview" }), { includeThoughts: true });
  assert.deepEqual(config({ ...req, reasoning_effort: "low" }), { includeThoughts: true, thinkingBudget: 2048 });
});
