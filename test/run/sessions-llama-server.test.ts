/**
 * Conversations (`workload.sessions`) against a REAL llama-server with two slots (-np 2), through a recording proxy:
 * each turn's request body holds every earlier user message and the model's real answer (the one stored on the earlier
 * turn), the server's prompt counts grow turn by turn, a conversation's turns share one nonce and no two conversations
 * share one, and the analysis reports per-turn figures and max_sessions.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { runExperiment } from "../../src/run/runner.js";
import { readRun } from "../../src/analyse/load-run.js";
import { summarizeRun } from "../../src/analyse/summary.js";
import { DEFAULT_FOLLOW_UP } from "../../src/validate/sessions.js";
import { tempDir, writeExperiment } from "../helpers/experiments.js";
import { testModel } from "../helpers/models.js";
import { startLlamaServer, type RunningServer } from "../helpers/llama-server.js";
import { startRecordingProxy, type RecordingProxy } from "../helpers/recording-proxy.js";

let server: RunningServer;
let proxy: RecordingProxy;
before(async () => {
  server = await startLlamaServer(testModel("tiny", 5), { parallel: 2, ctx: 4096 });
  proxy = await startRecordingProxy(server.url);
});
after(async () => {
  await proxy?.close();
  await server?.stop();
});

interface Body {
  messages: Array<{ role: string; content: string }>;
}

test("sessions send growing histories with the model's real answers; prompt tokens grow per turn", async () => {
  const d = tempDir();
  const file = writeExperiment(d, {
    name: "llama-sessions",
    backends: { ls: { type: "openai", base_url: `${proxy.url}/v1` } },
    variants: [{ id: "ls", backend: "ls", model: "default", format: "gguf" }],
    workload: {
      prompts: [{ id: "chat", text: "Tell me about the sea." }],
      max_tokens: 12,
      ignore_eos: true,
      warmup: 0,
      repetitions: 1,
      sessions: { turns: 3, think_time_s: 0.05, users: 2, follow_ups: ["Why?"] },
    },
    slo: { ttft_ms: 60_000 },
  });
  const result = await runExperiment({ file, runsDir: d });
  assert.equal(result.status, "complete");
  const turns = result.written.filter((t) => t.turn !== undefined);
  assert.equal(turns.length, 6, "2 conversations × 3 turns");
  for (const t of turns) assert.equal(t.error, null, JSON.stringify(t.error));
  const chats = proxy.requests.filter((r) => r.path.endsWith("/chat/completions")).map((r) => JSON.parse(r.body) as Body);
  for (const c of [0, 1]) {
    const convo = turns.filter((t) => t.conversation === c).sort((a, b) => (a.turn ?? 0) - (b.turn ?? 0));
    assert.deepEqual(convo.map((t) => t.trial), [1, 2, 3].map((j) => `ls/chat/u2/s${c}/t${j}`));
    // one nonce for the whole conversation
    assert.equal(new Set(convo.map((t) => t.prompt_nonce)).size, 1);
    const nonce = convo[0]!.prompt_nonce!;
    const sent = chats.filter((b) => b.messages[0]?.content.startsWith(`[${nonce}] `));
    assert.equal(sent.length, 3, `three requests of conversation ${c} reached the server`);
    sent.sort((a, b) => a.messages.length - b.messages.length);
    assert.deepEqual(sent.map((b) => b.messages.length), [1, 3, 5], "each turn adds the previous answer and a user message");
    const [, second, third] = sent;
    assert.deepEqual(second!.messages, [
      { role: "user", content: `[${nonce}] Tell me about the sea.` },
      { role: "assistant", content: convo[0]!.output },
      { role: "user", content: "Why?" },
    ]);
    assert.deepEqual(third!.messages.slice(0, 3), second!.messages, "turn 3 starts with turn 2's conversation");
    assert.deepEqual(third!.messages.slice(3), [{ role: "assistant", content: convo[1]!.output }, { role: "user", content: "Why?" }]);
    assert.ok((convo[0]!.output ?? "").length > 0, "a real answer");
    const prompts = convo.map((t) => t.prompt_tokens.server ?? 0);
    assert.ok(prompts[0]! > 0 && prompts[0]! < prompts[1]! && prompts[1]! < prompts[2]!, `server prompt tokens grow per turn: ${prompts}`);
    // think time: the next turn went out after the answer's end + 50 ms
    // the server reused the conversation's own earlier turns (no cache_prompt: false for conversations), and turn 1
    // shared at most the chat template's head with the other conversation (the nonce comes right after it)
    const cached = convo.map((t) => t.prompt_cached_tokens ?? 0);
    assert.ok(cached[0]! < prompts[0]! / 2, `turn 1 cached ${cached[0]} of ${prompts[0]}`);
    assert.ok(cached[1]! >= prompts[0]! && cached[2]! >= prompts[1]!, `turns reuse their own prefix: cached ${cached}, prompts ${prompts}`);
    for (const t of convo.slice(1)) assert.ok((t.think_ms ?? 0) >= 49, `${t.trial} think ${t.think_ms}`);
  }
  assert.notEqual(turns.find((t) => t.conversation === 0)?.prompt_nonce, turns.find((t) => t.conversation === 1)?.prompt_nonce, "conversations never share a nonce");
  const summary = summarizeRun(readRun(result.dir));
  const row = summary.conversations?.[0];
  assert.equal(row?.levels[0]?.users, 2);
  const perTurn = row?.levels[0]?.turns ?? [];
  assert.deepEqual(perTurn.map((x) => x.turn), [1, 2, 3]);
  assert.ok(perTurn.every((x) => x.ttft_ms.n === 2 && x.ttft_ms.median !== null));
  assert.ok((perTurn[2]?.prompt_tokens ?? 0) > (perTurn[0]?.prompt_tokens ?? 0));
  assert.equal(row?.max_sessions, 2, "both conversations met a generous SLO");
  const cap = summary.capacity?.find((c) => c.variant === "ls");
  assert.equal(cap?.max_sessions, 2);
  assert.equal(cap?.max_sessions_from, "conversations");
  // the default follow-up is used when none is given (checked on the plan elsewhere); the closed-loop c1 level stays apart
  assert.ok(summary.levels.every((l) => l.concurrency === 1), "turns are not a concurrency level");
  assert.ok(DEFAULT_FOLLOW_UP.length > 0);
});
