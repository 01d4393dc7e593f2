/**
 * The ollama backend (the `ollama` npm client) against a FAKE Ollama server that replays real response shapes —
 * Ollama itself cannot be installed on these machines.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { runExperiment } from "../../src/run/runner.js";
import { serverDecodeRate, serverPrefillRate, serverLoadMs } from "../../src/analyse/metrics/all.js";
import { discoverModels } from "../../src/discover/models.js";
import { tempDir, writeExperiment } from "../helpers/experiments.js";
import { FAKE_DIGEST, startFakeOllama, type FakeOllama } from "../fakes/fake-ollama-server.js";

let fake: FakeOllama;
before(async () => {
  fake = await startFakeOllama({ thinking: 3, answer: 5, ttftMs: 30, gapMs: 10 });
});
after(async () => {
  await fake.close();
});

for (const api of ["chat", "generate"] as const) {
  test(`ollama /api/${api}: thinking then answer, Ollama's stats kept, manifest from /api/version, /api/tags, /api/show`, async () => {
    const d = tempDir();
    const file = writeExperiment(d, {
      name: "ollama",
      backends: { o: { type: "ollama", host: fake.host, api } },
      variants: [{ id: "g", backend: "o", model: "gpt-oss:20b", format: "gguf" }],
      workload: { prompts: [{ id: "p", text: "AI for Scienceについて詳しく解説して" }], max_tokens: 100, warmup: 1, repetitions: 2 },
    });
    const result = await runExperiment({ file, runsDir: d });
    const m = result.manifest;
    assert.equal(m.backends["o"]?.server, "ollama");
    assert.equal(m.backends["o"]?.version, "0.11.4");
    assert.equal(m.backends["o"]?.local, true);
    assert.deepEqual(
      { digest: m.variants["g"]?.model?.digest, format: m.variants["g"]?.model?.format_reported, q: m.variants["g"]?.model?.quantization_reported, p: m.variants["g"]?.model?.parameter_size },
      { digest: FAKE_DIGEST, format: "gguf", q: "MXFP4", p: "20.9B" },
    );
    assert.equal(result.written.length, 3);
    for (const t of result.written) {
      assert.equal(t.error, null);
      assert.deepEqual(t.chunks.map((c) => c.kind), ["reasoning", "reasoning", "reasoning", "answer", "answer", "answer", "answer", "answer"]);
      assert.equal(t.reasoning_tokens, 3);
      assert.equal(t.output_tokens.client, 8);
      assert.equal(t.output_tokens.server, 8, "eval_count");
      assert.equal(t.prompt_tokens.server, fake.log[result.written.indexOf(t) + fake.log.length - result.written.length]?.plan.promptTokens, "prompt_eval_count: the whole prompt");
      assert.equal(t.output, " a3 a4 a5 a6 a7");
      assert.equal(t.reasoning, " t0 t1 t2");
      // the answer starts where the fake wrote its first answer line (after three reasoning lines), not at the first token
      const written = fake.log[result.written.indexOf(t) + fake.log.length - result.written.length]!.writes;
      // the fake waits 30 ms before its first token (a busy machine can stamp "sent" a little late: 25)
      assert.ok(t.ttft_ms !== null && t.ttft_answer_ms !== null && t.ttft_ms >= 25, `TTFT ${t.ttft_ms} ms`);
      assert.ok(Math.abs(t.ttft_answer_ms - t.ttft_ms - (written[3]! - written[0]!)) < 10, `answer ${t.ttft_answer_ms} ms, first token ${t.ttft_ms} ms; the fake wrote them ${(written[3]! - written[0]!).toFixed(1)} ms apart`);
      assert.equal(t.finish_reason, "stop");
      const s = t.server as { eval_count: number; eval_duration: number; prompt_eval_count: number; prompt_eval_duration: number };
      assert.equal(serverDecodeRate(t), s.eval_count / (s.eval_duration / 1e9), "Ollama's eval rate");
      assert.equal(serverPrefillRate(t), s.prompt_eval_count / (s.prompt_eval_duration / 1e9), "Ollama's prompt eval rate");
      assert.equal(serverLoadMs(t), 1.234567);
      // first to last token as the fake really wrote them (7 gaps of 10 ms on its schedule), within a few ms
      const writes = fake.log[result.written.indexOf(t) + fake.log.length - result.written.length]!.writes;
      const truth = writes.at(-1)! - writes[0]!;
      assert.ok(truth >= 60 && Math.abs((t.e2e_ms ?? 0) - (t.ttft_ms ?? 0) - truth) < 10, `first→last token ${((t.e2e_ms ?? 0) - (t.ttft_ms ?? 0)).toFixed(1)} ms, the fake wrote them ${truth.toFixed(1)} ms apart`);
    }
  });
}

test("ollama: num_predict is sent; a model Ollama does not serve stops the run before anything is written (preflight)", async () => {
  const d = tempDir();
  const experiment = (variants: Array<{ id: string; backend: string; model: string; format: "gguf" }>) => ({
    name: "ollama-missing",
    backends: { o: { type: "ollama" as const, host: fake.host } },
    variants,
    workload: { prompts: [{ id: "p", text: "hi" }], max_tokens: 4, warmup: 0, repetitions: 2 },
  });
  const g = { id: "g", backend: "o", model: "gpt-oss:20b", format: "gguf" as const };
  const withMissing = writeExperiment(d, experiment([{ id: "missing", backend: "o", model: "nope:1b", format: "gguf" }, g]));
  await assert.rejects(runExperiment({ file: withMissing, runsDir: d }), (e: Error) => e.name === "ExperimentError" && /variants\[0\]\.model {2}model "nope:1b" is not served by backend o/.test(e.message));
  assert.ok(!existsSync(join(d, "ollama-missing")), "nothing written");
  const result = await runExperiment({ file: writeExperiment(d, experiment([g]), "ok.yaml"), runsDir: d });
  assert.equal(result.written.length, 2);
  for (const t of result.written.filter((t) => t.variant === "g")) {
    assert.equal(t.error, null);
    assert.equal(t.output_tokens.server, 4);
    assert.equal(t.finish_reason, "length");
  }
});

test("models: a URL that answers /api/tags is listed as Ollama with digests", async () => {
  const found = await discoverModels(fake.host);
  assert.equal(found.type, "ollama");
  assert.deepEqual(found.models.map((m) => [m.name, m.digest]), [["gpt-oss:20b", FAKE_DIGEST]]);
});
