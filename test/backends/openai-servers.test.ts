/**
 * The openai backend against FAKE mlx_lm (after mlx_lm/server.py) and a FAKE LiteLLM proxy (after litellm's
 * common_request_processing.py and streaming_chunk_builder_utils.py), and the request body for hosted OpenAI
 * reasoning models.
 */
import { after, test } from "node:test";
import assert from "node:assert/strict";
import { runExperiment } from "../../src/run/runner.js";
import { openAIFlavour, requestBody } from "../../src/backends/openai/stream.js";
import { tempDir, writeExperiment } from "../helpers/experiments.js";
import { startFakeMlxLm } from "../fakes/fake-mlx-lm-server.js";
import { startFakeVllm } from "../fakes/fake-vllm-server.js";
import { LITELLM_VERSION, startFakeLiteLLM } from "../fakes/fake-litellm-proxy.js";

const closers: Array<() => Promise<void>> = [];
after(async () => {
  for (const c of closers) await c();
});

async function runAgainst(baseUrl: string, model: string, repetitions = 2) {
  const d = tempDir();
  const file = writeExperiment(d, {
    name: "servers",
    backends: { s: { type: "openai", base_url: baseUrl } },
    variants: [{ id: "v", backend: "s", model, format: "mlx" }],
    workload: { prompts: [{ id: "p", text: "name three prime numbers and explain why each is prime" }], max_tokens: 300, warmup: 0, repetitions, prompt_cache: "allow" },
  });
  return (await runExperiment({ file, runsDir: d })).written;
}

test("mlx_lm: raw <think> text in content split out; final count spread over multi-token chunks; cached_tokens on the repeated prompt", async () => {
  const fake = await startFakeMlxLm({ reasoningFormat: "think", reasoningTokens: 10, answerTokens: 20, tokensPerEvent: 2 });
  closers.push(fake.close);
  const trials = await runAgainst(fake.url, "mlx-community/Qwen3-8B-4bit");
  trials.forEach((t, i) => {
    const entry = fake.log[i]!;
    assert.equal(t.error, null);
    assert.match(t.output ?? "", /^ a0 a1 .* a19$/);
    assert.match(t.reasoning ?? "", /^ r0 .* r9$/);
    assert.equal(t.token_count_source, "server-spread");
    assert.equal(t.output_tokens.client, entry.plan.completionTokens);
    assert.equal(t.prompt_cached_tokens, entry.plan.cachedTokens, "mlx_lm's own prompt_tokens_details.cached_tokens");
  });
  assert.equal(trials[0]!.prompt_cached_tokens, 0);
  assert.ok((trials[1]!.prompt_cached_tokens ?? 0) > 0);
});

test("mlx_lm with its reasoning field: reasoning chunks, one token per chunk agrees with the count (no estimate)", async () => {
  const fake = await startFakeMlxLm({ reasoningFormat: "separate", reasoningTokens: 5, answerTokens: 7 });
  closers.push(fake.close);
  const [t] = await runAgainst(fake.url, "mlx-community/Qwen3-8B-4bit", 1);
  assert.equal(t?.reasoning, " r0 r1 r2 r3 r4");
  assert.equal(t?.reasoning_tokens, 5);
  assert.equal(t?.token_count_source, "one-per-event");
  assert.equal(t?.flags, undefined);
});

test("LiteLLM in the path: the proxy is recorded from its x-litellm-* headers and its token counts are marked as its own", async () => {
  const upstream = await startFakeVllm({ answerTokens: 12, tokensPerEvent: 3 });
  closers.push(upstream.close);
  for (const estimateUsage of [false, true]) {
    const proxy = await startFakeLiteLLM({ upstream: upstream.url, estimateUsage });
    closers.push(proxy.close);
    const [t] = await runAgainst(proxy.url, "openai/gpt-oss-20b", 1);
    assert.equal(t?.error, null);
    assert.equal(t?.proxy?.name, "litellm");
    assert.equal(t?.proxy?.version, LITELLM_VERSION);
    assert.ok(t?.proxy?.headers["x-litellm-call-id"]);
    assert.ok(t?.flags?.includes("proxy-counts"));
    if (estimateUsage) {
      // LiteLLM's estimate (here 1 token per 4 characters) stands where the engine's count was: kept, and marked
      assert.equal(t?.output_tokens.server, Math.ceil((t?.output ?? "").length / 4));
      assert.notEqual(t?.output_tokens.server, 12);
      assert.equal(t?.token_count_source, "server-spread");
    } else {
      // vLLM's own count, passed through; LiteLLM hides vLLM's /version, so no per-event counts were asked for
      assert.equal(t?.output_tokens.server, 12);
      assert.equal(t?.output_tokens.client, 12);
      assert.equal(t?.token_count_source, "server-spread");
    }
  }
});

test("hosted OpenAI reasoning models get max_completion_tokens and no temperature; variant options still override", () => {
  const req = { model: "gpt-5-mini", prompt: { id: "p", text: "hi" }, max_tokens: 64, ignore_eos: false, temperature: 0, seed: 1, reasoning_effort: "medium" as const };
  const hosted = requestBody("chat", req, openAIFlavour("https://api.openai.com/v1", "gpt-5-mini"));
  assert.equal(hosted["max_completion_tokens"], 64);
  assert.equal("max_tokens" in hosted, false);
  assert.equal("temperature" in hosted, false);
  assert.equal(hosted["reasoning_effort"], "medium");
  assert.deepEqual(hosted["stream_options"], { include_usage: true }, "no vLLM-only stream option to api.openai.com");
  assert.equal(openAIFlavour("https://api.openai.com/v1", "o4-mini").reasoningModel, true);
  assert.equal(openAIFlavour("https://api.openai.com/v1", "gpt-4o").reasoningModel, false);
  const local = requestBody("chat", req, openAIFlavour("http://127.0.0.1:8000/v1", "gpt-5-mini", true));
  assert.equal(local["max_tokens"], 64);
  assert.equal(local["temperature"], 0);
  assert.deepEqual(local["stream_options"], { include_usage: true, continuous_usage_stats: true }, "vLLM: usage on every chunk");
  assert.deepEqual(requestBody("chat", req, openAIFlavour("http://127.0.0.1:1234/v1", "gpt-oss"))["stream_options"], { include_usage: true }, "not vLLM: only what every server takes");
  const overridden = requestBody("chat", { ...req, options: { temperature: 1 } }, openAIFlavour("https://api.openai.com/v1", "o3"));
  assert.equal(overridden["temperature"], 1);
});
