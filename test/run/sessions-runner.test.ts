/**
 * Conversations through the whole runner against the fake OpenAI server (fake-openai-server.ts): think time between
 * an answer's end and the next turn's send, the manifest's record of the conversations, and a run stopped mid-way
 * (Ctrl-C) then resumed — every planned turn stored exactly once, the stopped conversations continued with their
 * stored answers and nonce.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { runExperiment } from "../../src/run/runner.js";
import { silentProgress } from "../../src/run/progress.js";
import { readRun } from "../../src/analyse/load-run.js";
import { tempDir, writeExperiment } from "../helpers/experiments.js";
import { startFakeOpenAIServer } from "../fakes/fake-openai-server.js";

function experiment(d: string, url: string, sessions: { turns: number; think_time_s?: number; users?: number; conversations_per_user?: number }) {
  return writeExperiment(d, {
    name: "fake-sessions",
    backends: { f: { type: "openai", base_url: url } },
    variants: [{ id: "f", backend: "f", model: "ok", format: "gguf" }],
    workload: { prompts: [{ id: "hi", text: "Say hi." }], max_tokens: 5, warmup: 0, repetitions: 1, sessions },
    slo: { ttft_ms: 5000 },
  });
}

test("think time: each later turn is sent at least think_time_s after the previous answer ended", async () => {
  const server = await startFakeOpenAIServer({ tokens: 3, gapMs: 5 });
  try {
    const d = tempDir();
    const result = await runExperiment({ file: experiment(d, `${server.url}/v1`, { turns: 3, think_time_s: 0.2, users: 2 }), runsDir: d });
    assert.equal(result.status, "complete");
    assert.deepEqual(result.manifest.conversations, { turns: 3, think_time_s: 0.2, users: [2], conversations_per_user: 1, follow_ups: [result.manifest.conversations!.follow_ups[0]!] });
    const turns = result.written.filter((t) => t.turn !== undefined);
    assert.equal(turns.length, 6);
    for (const c of [0, 1]) {
      const convo = turns.filter((t) => t.conversation === c).sort((a, b) => a.turn! - b.turn!);
      for (let i = 1; i < convo.length; i++) {
        const prev = convo[i - 1]!;
        const gap = convo[i]!.sent_epoch_ms - (prev.sent_epoch_ms + (prev.end_ms ?? 0));
        assert.ok(gap >= 199, `conversation ${c} turn ${convo[i]!.turn}: ${gap} ms after the answer's end`);
        assert.ok((convo[i]!.think_ms ?? 0) >= 199 && Math.abs((convo[i]!.think_ms ?? 0) - gap) < 1, `think_ms ${convo[i]!.think_ms} ≈ ${gap}`);
      }
    }
  } finally {
    await server.close();
  }
});

test("stopped mid-conversation and resumed: every turn stored once, conversations continued from stored answers", async () => {
  const server = await startFakeOpenAIServer({ tokens: 3, gapMs: 5 });
  try {
    const d = tempDir();
    const file = experiment(d, `${server.url}/v1`, { turns: 3, think_time_s: 0.05, users: 2, conversations_per_user: 2 });
    const stop = new AbortController();
    // stopped as the first second turn is stored: that conversation's third turn waits out its think time, so it is
    // certainly left for the resume
    let cut: number | null = null;
    const progress = {
      ...silentProgress,
      trial: (t: { turn?: number; conversation?: number; concurrency?: number }) => {
        if (t.turn === 2 && cut === null) {
          cut = (t.concurrency ?? 0) * 100 + (t.conversation ?? 0);
          stop.abort();
        }
      },
    };
    const first = await runExperiment({ file, runsDir: d, stop: stop.signal, progress });
    assert.equal(first.status, "interrupted");
    const before = readRun(first.dir).trials.filter((t) => t.turn !== undefined);
    assert.ok(cut !== null && before.length >= 2 && before.length < 12, `${before.length} turns stored before the stop`);
    const second = await runExperiment({ file, runsDir: d, resume: first.run_id });
    assert.equal(second.status, "complete");
    const all = readRun(first.dir).trials.filter((t) => t.turn !== undefined);
    assert.equal(all.length, 12, "4 conversations × 3 turns");
    assert.equal(new Set(all.map((t) => t.trial)).size, 12, "none stored twice");
    assert.ok(all.every((t) => t.error === null && !t.not_sent));
    for (let c = 0; c < 4; c++) {
      const convo = all.filter((t) => t.conversation === c);
      assert.equal(new Set(convo.map((t) => t.prompt_nonce)).size, 1, `conversation ${c} kept one nonce across the resume`);
    }
    // a conversation that straddled the resume: its later turns were sent in session 1 after turns of session 0
    const cutTurns = all.filter((t) => t.concurrency * 100 + (t.conversation ?? 0) === cut);
    assert.deepEqual(cutTurns.map((t) => [t.turn, t.session]).sort(), [[1, 0], [2, 0], [3, 1]], "the conversation cut at its second turn was continued on resume");
  } finally {
    await server.close();
  }
});
