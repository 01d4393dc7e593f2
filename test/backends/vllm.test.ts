/**
 * The openai backend against a FAKE vLLM (test/fakes/fake-vllm-server.ts, after vLLM's serving.py and protocol.py):
 * reasoning inside `content` (no reasoning parser) is split out with TTFT (answer) at the fake's real first answer
 * write; several tokens per event are counted from `continuous_usage_stats`, so per-token ITL and TPOT agree with
 * each other and with the fake's true time per token; cached prompt tokens and raw usage are kept.
 */
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { runExperiment } from "../../src/run/runner.js";
import { itlPerToken, tpotMs } from "../../src/analyse/metrics/all.js";
import type { Trial } from "../../src/store/trial.js";
import { tempDir, writeExperiment } from "../helpers/experiments.js";
import { startFakeVllm, type FakeVllm, type FakeVllmOptions } from "../fakes/fake-vllm-server.js";
import { truth } from "../fakes/fake-engine.js";

const fakes: FakeVllm[] = [];
after(async () => {
  for (const f of fakes) await f.close();
});

async function run(options: FakeVllmOptions, workload: { prompts?: Array<{ id: string; text: string }>; repetitions?: number; warmup?: number; max_tokens?: number } = {}) {
  const fake = await startFakeVllm(options);
  fakes.push(fake);
  const d = tempDir();
  const file = writeExperiment(d, {
    name: "vllm",
    backends: { v: { type: "openai", base_url: fake.url } },
    variants: [{ id: "g", backend: "v", model: "openai/gpt-oss-20b", format: "other", reasoning_effort: "low" }],
    workload: { prompts: workload.prompts ?? [{ id: "p", text: "explain prefix caching in two sentences" }], max_tokens: workload.max_tokens ?? 200, warmup: workload.warmup ?? 0, repetitions: workload.repetitions ?? 2, prompt_cache: "allow" },
  });
  const result = await runExperiment({ file, runsDir: d });
  assert.equal(result.manifest.backends["v"]?.server, "vllm", "recognised by its /version");
  return { fake, result, trials: result.written };
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const within = (a: number, b: number, rel: number) => Math.abs(a - b) <= rel * Math.abs(b);

function assertAnswerTiming(t: Trial, entry: FakeVllm["log"][number]): void {
  const truthOf = truth(entry);
  const answerAt = t.sent_epoch_ms + (t.ttft_answer_ms ?? NaN);
  const firstAt = t.sent_epoch_ms + (t.ttft_ms ?? NaN);
  // the client stamps each read when it arrives: a few ms after the fake wrote it (more on a loaded 2-core machine),
  // never before; the reasoning before the answer lasts 100+ ms, so counting it as answer would fail this
  assert.ok(answerAt >= truthOf.firstAnswerEpoch! - 1 && answerAt - truthOf.firstAnswerEpoch! < 25, `TTFT (answer) ${answerAt - truthOf.firstAnswerEpoch!} ms from the fake's first answer write`);
  assert.ok(firstAt >= truthOf.firstEpoch - 1 && firstAt - truthOf.firstEpoch < 25);
}

for (const format of ["harmony", "think"] as const) {
  test(`vLLM without a reasoning parser: ${format} text in content is split, tags cut across events, TTFT (answer) at the first answer write`, async () => {
    const { fake, trials } = await run({ reasoningFormat: format, reasoningTokens: 30, answerTokens: 12, tokensPerEvent: 3, splitTags: true, tokenMs: 6 });
    assert.equal(trials.length, 2);
    trials.forEach((t, i) => {
      const entry = fake.log[i]!;
      assert.equal(t.error, null);
      assert.equal(t.output, " a0 a1 a2 a3 a4 a5 a6 a7 a8 a9 a10 a11", "the answer holds no reasoning and no tag");
      assert.match(t.reasoning ?? "", /^ r0 r1 .* r29$/);
      assert.ok(!/[<|>]/.test(t.reasoning ?? ""), "no markup in the reasoning either");
      assertAnswerTiming(t, entry);
      assert.ok((t.ttft_answer_ms ?? 0) - (t.ttft_ms ?? 0) > 30 * 6 * 0.8, "the answer starts after the reasoning");
      assert.equal(t.token_count_source, "server-per-event");
      assert.equal(t.output_tokens.client, entry.plan.completionTokens, "per-event counts add up to the server's");
      assert.equal(t.output_tokens.server, entry.plan.completionTokens);
      assert.ok(t.reasoning_tokens >= 30 && t.reasoning_tokens < entry.plan.completionTokens - 12 + 1);
      assert.ok(t.flags?.includes("reasoning-inline"));
      assert.equal((JSON.parse(JSON.stringify(entry.body)) as { reasoning_effort?: string }).reasoning_effort, "low");
    });
  });
}

test("vLLM speculative decoding (4 tokens per event): per-token ITL and TPOT agree within 5%, and with the true time per token", async () => {
  const { fake, trials } = await run({ answerTokens: 64, tokensPerEvent: 4, tokenMs: 8 });
  trials.forEach((t, i) => {
    const real = truth(fake.log[i]!);
    const tpot = tpotMs(t)!;
    const itl = mean(itlPerToken(t));
    assert.equal(t.token_count_source, "server-per-event");
    assert.deepEqual(t.chunks.slice(0, 3).map((c) => c.tokens), [1, 4, 4]);
    assert.ok(within(itl, tpot, 0.05), `ITL per token ${itl.toFixed(2)} vs TPOT ${tpot.toFixed(2)}`);
    assert.ok(within(tpot, real.perTokenMs, 0.05), `TPOT ${tpot.toFixed(2)} vs the fake's ${real.perTokenMs.toFixed(2)} ms per token`);
    assert.ok(mean(t.chunks.slice(1).map((c, k) => c.t_ms - t.chunks[k]!.t_ms)) > 3 * real.perTokenMs, "per chunk, the gaps are ~4 tokens long");
  });
});

test("vLLM with a reasoning parser and prompt-token details: reasoning field, reasoning_tokens, cached_tokens from the second identical prompt", async () => {
  const { fake, trials } = await run({ reasoningParser: true, reasoningTokens: 8, answerTokens: 6, promptTokensDetails: true }, { repetitions: 3 });
  trials.forEach((t, i) => {
    const entry = fake.log[i]!;
    assert.equal(t.output, " a0 a1 a2 a3 a4 a5");
    assert.equal(t.reasoning_tokens, 8);
    assert.equal(t.prompt_cached_tokens, entry.plan.cachedTokens, "the server's own cached-token report");
    assert.equal((t.usage as { prompt_tokens_details?: { cached_tokens?: number } }).prompt_tokens_details?.cached_tokens, entry.plan.cachedTokens, "usage kept raw");
    assert.equal(t.hidden_reasoning_tokens, undefined, "all counted reasoning was streamed");
  });
  assert.equal(trials[0]!.prompt_cached_tokens, 0);
  assert.ok((trials[1]!.prompt_cached_tokens ?? 0) > 0 && (trials[1]!.prompt_cached_tokens ?? 0) % 16 === 0, "whole 16-token blocks");
});

test("vLLM: no cached_tokens without --enable-prompt-tokens-details (the field stays unknown, not 0)", async () => {
  const { trials } = await run({ answerTokens: 4 });
  for (const t of trials) assert.equal(t.prompt_cached_tokens, undefined);
});

test("reasoning counted but not streamed (completion_tokens_details.reasoning_tokens, as OpenAI reasoning models): kept apart, TPOT over the streamed tokens", async () => {
  const { fake, trials } = await run({ reasoningParser: true, reasoningFormat: "hidden", reasoningTokens: 60, answerTokens: 30, tokenMs: 6 }, { repetitions: 1 });
  const t = trials[0]!;
  const real = truth(fake.log[0]!);
  assert.equal(t.reasoning, null);
  assert.equal(t.hidden_reasoning_tokens, 60);
  assert.ok(t.flags?.includes("hidden-reasoning"));
  assert.equal(t.output_tokens.server, 90);
  assert.equal(t.output_tokens.client, 30, "the hidden tokens the running count put on the first chunk are taken off");
  assert.ok(within(tpotMs(t)!, real.perTokenMs, 0.05), `TPOT ${tpotMs(t)!.toFixed(2)} vs ${real.perTokenMs.toFixed(2)} ms per streamed token`);
});

test("a </think> whose <think> was in the prompt (DeepSeek-R1 templates): the text before it becomes reasoning, TTFT (answer) after it", async () => {
  const { fake, trials } = await run({ reasoningFormat: "think", thinkOpenInPrompt: true, reasoningTokens: 20, answerTokens: 5, tokensPerEvent: 2, tokenMs: 6 }, { repetitions: 1 });
  const t = trials[0]!;
  assert.equal(t.output, " a0 a1 a2 a3 a4");
  assert.match(t.reasoning ?? "", /^ r0 r1 .* r19$/);
  assert.ok(t.chunks.findIndex((c) => c.kind === "answer") > 5 && t.chunks.slice(0, 5).every((c) => c.kind === "reasoning"), "chunks streamed as answer were re-marked");
  assertAnswerTiming(t, fake.log[0]!);
});

test("the fake's prefix cache: 16-token blocks, never the whole prompt, and cache_salt keeps requests apart (as vLLM)", async () => {
  const { FakeEngine } = await import("../fakes/fake-engine.js");
  const engine = new FakeEngine({ cacheBlock: 16, prefillMsPerToken: 1 });
  const text = Array.from({ length: 60 }, (_, i) => `w${i}`).join(" ");
  const cold = engine.plan(text, 4);
  const warm = engine.plan(text, 4);
  assert.equal(cold.cachedTokens, 0);
  assert.equal(warm.cachedTokens, 64, "72 prompt tokens: 4 whole blocks, the last token always computed");
  assert.ok(warm.prefillMs < cold.prefillMs / 5);
  assert.equal(engine.plan(text, 4, "salt-a").cachedTokens, 0, "a new salt shares nothing");
  assert.equal(engine.plan(text, 4, "salt-a").cachedTokens, 64);
  assert.equal(engine.plan(`nonce ${text}`, 4).cachedTokens, 0, "a different prompt start busts the cache");
});

test("vLLM with the default prompt_cache (bust): a unique nonce and cache_salt per request, so no measured request is served from vLLM's prefix cache", async () => {
  const fake = await startFakeVllm({ answerTokens: 4, prefillMsPerToken: 2 });
  fakes.push(fake);
  const d = tempDir();
  const long = Array.from({ length: 80 }, (_, i) => `row${i}`).join(" ");
  const file = writeExperiment(d, {
    name: "vllm-bust",
    backends: { v: { type: "openai", base_url: fake.url } },
    variants: [{ id: "g", backend: "v", model: "openai/gpt-oss-20b", format: "other" }],
    workload: { prompts: [{ id: "p", text: `summarise: ${long}` }], max_tokens: 4, warmup: 1, repetitions: 3 },
  });
  const result = await runExperiment({ file, runsDir: d });
  const salts = fake.log.map((e) => e.body["cache_salt"]);
  assert.equal(salts.length, 4);
  assert.ok(salts.every((s) => typeof s === "string" && s.length > 0), "every request carries a cache_salt");
  assert.equal(new Set(salts).size, 4, "no two requests share a salt");
  assert.ok(fake.log.every((e) => e.plan.cachedTokens === 0), "the fake's prefix cache served nothing");
  for (const t of result.written) assert.ok(!(t.prompt_cached_tokens ?? 0), `${t.trial}: no cached prompt tokens reported`);
  const { summarizeRun } = await import("../../src/analyse/summary.js");
  const { readRun } = await import("../../src/analyse/load-run.js");
  assert.equal(summarizeRun(readRun(result.dir)).levels[0]?.prompt_cache_hits, 0);
});
