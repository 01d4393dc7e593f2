/**
 * The anthropic backend against a FAKE Messages API with a schedule (test/fakes/fake-anthropic-server.ts): a variant's
 * reasoning_effort becomes a thinking budget; deltas with several tokens get output_tokens spread over them, so
 * per-token ITL and TPOT agree; cache reads and writes are prompt tokens, the reads are the cached prompt.
 */
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { runExperiment } from "../../src/run/runner.js";
import { itlPerToken, tpotMs } from "../../src/analyse/metrics/all.js";
import { tempDir, writeExperiment } from "../helpers/experiments.js";
import { startFakeAnthropic, type FakeAnthropic } from "../fakes/fake-anthropic-server.js";

let fake: FakeAnthropic;
after(async () => {
  await fake?.close();
});

test("Anthropic: thinking budget from reasoning_effort, output_tokens spread over multi-token deltas, cache reads counted as prompt and as cached", async () => {
  fake = await startFakeAnthropic({ thinkingTokens: 21, answerTokens: 40, tokenMs: 6, tokensPerEvent: 3 });
  process.env["FAKE_ANTHROPIC_KEY"] = "fake-key";
  const d = tempDir();
  const system = Array.from({ length: 60 }, (_, i) => `rule${i}`).join(" ");
  const file = writeExperiment(d, {
    name: "anthropic-fidelity",
    backends: { a: { type: "anthropic", base_url: fake.url, api_key_env: "FAKE_ANTHROPIC_KEY" } },
    variants: [{ id: "c", backend: "a", model: "claude-fake-thinking", format: "other", reasoning_effort: "low", options: { system: [{ type: "text", text: system, cache_control: { type: "ephemeral" } }] } }],
    workload: { prompts: [{ id: "p", text: "summarise the rules" }], max_tokens: 4000, warmup: 0, repetitions: 2, prompt_cache: "allow" },
  });
  const result = await runExperiment({ file, runsDir: d });
  const [first, second] = result.written as [(typeof result.written)[number], (typeof result.written)[number]];
  for (const [i, t] of result.written.entries()) {
    const entry = fake.log[i]!;
    assert.deepEqual(entry.body["thinking"], { type: "enabled", budget_tokens: 2048 });
    assert.equal("temperature" in entry.body, false, "extended thinking takes the default temperature only");
    assert.equal(t.error, null);
    assert.equal(t.output_tokens.client, 61, "output_tokens spread over the deltas");
    assert.ok(Math.abs(t.reasoning_tokens - 21) <= 3, `reasoning tokens ${t.reasoning_tokens} (by text length) vs 21`);
    assert.equal(t.token_count_source, "server-spread");
    assert.ok(t.flags?.includes("tokens-estimated"));
    assert.equal(t.prompt_tokens.server, entry.input + entry.cacheRead + entry.cacheCreation, "input + cache reads + cache writes");
    assert.equal(t.prompt_cached_tokens, entry.cacheRead);
    assert.deepEqual(Object.keys(t.usage ?? {}).sort(), ["cache_creation_input_tokens", "cache_read_input_tokens", "input_tokens", "output_tokens"]);
    const tpot = tpotMs(t)!;
    const itl = itlPerToken(t).reduce((a, b) => a + b, 0) / itlPerToken(t).length;
    assert.ok(Math.abs(itl - tpot) <= 0.05 * tpot, `ITL per token ${itl.toFixed(2)} vs TPOT ${tpot.toFixed(2)}`);
  }
  assert.equal(first.prompt_cached_tokens, 0);
  assert.ok((second.prompt_cached_tokens ?? 0) > 50, "the system prompt read from the cache");
});
