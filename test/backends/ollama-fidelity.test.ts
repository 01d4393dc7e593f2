/**
 * The ollama backend against the FAKE Ollama (test/fakes/fake-ollama-server.ts, after ollama's api/types.go and its
 * llama-server runner): gpt-oss harmony text inside `content`, several tokens per NDJSON line, `think` levels from a
 * variant's reasoning_effort, and the prompt cache's report (whole prompt counted, uncached time only).
 */
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { runExperiment } from "../../src/run/runner.js";
import { itlPerToken, tpotMs } from "../../src/analyse/metrics/all.js";
import { tempDir, writeExperiment } from "../helpers/experiments.js";
import { startFakeOllama, type FakeOllama, type FakeOllamaOptions } from "../fakes/fake-ollama-server.js";
import { truth } from "../fakes/fake-engine.js";

const fakes: FakeOllama[] = [];
after(async () => {
  for (const f of fakes) await f.close();
});

async function run(options: FakeOllamaOptions, variant: { reasoning_effort?: "low" | "medium" | "high" } = {}, text = "why is the sky blue") {
  const fake = await startFakeOllama(options);
  fakes.push(fake);
  const d = tempDir();
  const file = writeExperiment(d, {
    name: "ollama-fidelity",
    backends: { o: { type: "ollama", host: fake.host } },
    variants: [{ id: "g", backend: "o", model: "gpt-oss:20b", format: "gguf", ...variant }],
    workload: { prompts: [{ id: "p", text }], max_tokens: 500, warmup: 0, repetitions: 2, prompt_cache: "allow" },
  });
  const result = await runExperiment({ file, runsDir: d });
  return { fake, result, trials: result.written };
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

test("Ollama without think: harmony text in content is split; eval_count spread over multi-token lines; TTFT (answer) at the first answer line", async () => {
  const { fake, trials } = await run({ thinking: 24, answer: 40, tokensPerEvent: 3, inlineThinking: "harmony", splitTags: true, gapMs: 5 });
  trials.forEach((t, i) => {
    const entry = fake.log[i]!;
    const real = truth(entry);
    assert.equal(t.error, null);
    assert.ok(!/[<|>]/.test(t.output ?? "") && (t.output ?? "").startsWith(" a24 a25"), "the answer only");
    assert.ok(/^ t0 t1/.test(t.reasoning ?? ""));
    const answerAt = t.sent_epoch_ms + t.ttft_answer_ms!;
    assert.ok(answerAt >= real.firstAnswerEpoch! - 1 && answerAt - real.firstAnswerEpoch! < 25, `TTFT (answer) ${(answerAt - real.firstAnswerEpoch!).toFixed(1)} ms from the fake's first answer line`);
    assert.equal(t.token_count_source, "server-spread");
    assert.deepEqual(t.flags, ["tokens-estimated", "reasoning-inline"]);
    assert.equal(t.output_tokens.client, t.output_tokens.server, "eval_count spread over the lines");
    assert.equal(t.output_tokens.server, entry.plan.completionTokens);
    // an estimate: at least the 24 reasoning words, at most those and every harmony markup token
    assert.ok(t.reasoning_tokens >= 24 && t.reasoning_tokens <= entry.plan.reasoningTokens, `reasoning tokens ${t.reasoning_tokens}, true 24 (+ markup: ${entry.plan.reasoningTokens})`);
    const tpot = tpotMs(t)!;
    const itl = mean(itlPerToken(t));
    assert.ok(Math.abs(itl - tpot) <= 0.05 * tpot, `ITL per token ${itl.toFixed(2)} vs TPOT ${tpot.toFixed(2)}`);
  });
});

test("reasoning_effort is sent as Ollama's think level for gpt-oss and recorded as declared", async () => {
  const { fake, result, trials } = await run({}, { reasoning_effort: "high" });
  assert.deepEqual(fake.log.map((e) => e.body["think"]), ["high", "high"]);
  assert.equal(result.manifest.variants["g"]?.declared.reasoning_effort, "high");
  for (const t of trials) assert.equal(t.reasoning, " t0 t1 t2");
});

test("the fake's prompt cache behaves like Ollama's: the same prompt again counts the whole prompt but takes only the uncached time", async () => {
  const long = Array.from({ length: 200 }, (_, i) => `word${i}`).join(" ");
  const { fake, trials } = await run({ prefillMsPerToken: 1, ttftMs: 5 }, {}, long);
  const [cold, warm] = trials as [(typeof trials)[number], (typeof trials)[number]];
  assert.equal(fake.log[0]!.plan.cachedTokens, 0);
  assert.equal(fake.log[1]!.plan.cachedTokens, fake.log[1]!.plan.promptTokens - 1);
  assert.equal(cold.prompt_tokens.server, warm.prompt_tokens.server, "prompt_eval_count: the whole prompt both times");
  const duration = (t: typeof cold) => (t.server as { prompt_eval_duration: number }).prompt_eval_duration / 1e6;
  assert.ok(duration(cold) > 150 && duration(warm) < duration(cold) / 4, `prompt_eval_duration ${duration(cold).toFixed(0)} ms cold, ${duration(warm).toFixed(0)} ms warm`);
  assert.equal(warm.prompt_cached_tokens, undefined, "Ollama itself says nothing about its cache");
});

test("the fake's load: the first request pays load_duration; keep_alive 0 unloads (load again, prompt cache gone)", async () => {
  for (const keep_alive of [undefined, 0] as const) {
    const fake = await startFakeOllama({ loadMs: 120 });
    fakes.push(fake);
    const d = tempDir();
    const file = writeExperiment(d, {
      name: "ollama-load",
      backends: { o: { type: "ollama", host: fake.host, ...(keep_alive === undefined ? {} : { keep_alive }) } },
      variants: [{ id: "g", backend: "o", model: "gpt-oss:20b", format: "gguf" }],
      workload: { prompts: [{ id: "p", text: "hello there" }], max_tokens: 20, warmup: 1, repetitions: 2 },
    });
    const { written } = await runExperiment({ file, runsDir: d });
    const loads = written.map((t) => (t.server as { load_duration: number }).load_duration / 1e6);
    if (keep_alive === undefined) {
      assert.deepEqual(loads, [120, 0.1, 0.1], "the warm-up loads the model");
      assert.deepEqual(fake.log.map((e) => e.plan.cachedTokens > 0), [false, true, true]);
      assert.ok(written[0]!.ttft_ms! >= 120);
    } else {
      assert.deepEqual(loads, [120, 120, 120]);
      assert.deepEqual(fake.log.map((e) => e.plan.cachedTokens), [0, 0, 0]);
    }
  }
});
