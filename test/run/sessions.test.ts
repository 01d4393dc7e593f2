/**
 * Running conversations against a scripted backend session: each turn's prompt is the history of real answers, the
 * think time is waited between an answer's end and the next send, a failed turn ends its conversation (the rest stored
 * as not sent), and a resume continues a conversation from its stored answers without sending a stored turn again.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import type { BackendEvent, GenerationRequest, VariantSession } from "../../src/backends/types.js";
import { planExperiment } from "../../src/plan/plan.js";
import { Experiment } from "../../src/validate/schema.js";
import { runSessionGroup, sessionSwitches, turnPrompt } from "../../src/run/sessions.js";
import { conversationRows } from "../../src/analyse/sessions.js";
import { capacityOf } from "../../src/analyse/capacity.js";
import type { Trial } from "../../src/store/trial.js";

/** Answers "answer to <n> messages" after `delayMs`; fails when the last user message says "fail". */
function scripted(delayMs = 5): { session: VariantSession; sent: GenerationRequest[]; times: number[] } {
  const sent: GenerationRequest[] = [];
  const times: number[] = [];
  const session: VariantSession = {
    facts: { name: "fake" },
    async *generate(request: GenerationRequest): AsyncIterable<BackendEvent> {
      sent.push(request);
      const t0 = performance.now();
      times.push(t0);
      yield { type: "sent", t: t0 };
      await new Promise((r) => setTimeout(r, delayMs));
      if (request.prompt.text === "fail") throw new Error("scripted failure");
      const n = (request.prompt.history?.length ?? 0) + 1;
      yield { type: "chunk", t: performance.now(), tokens: 1, kind: "answer", text: `answer to ${n} messages` };
      yield { type: "end", t: performance.now(), usage: { prompt_tokens: 10 * n, completion_tokens: 1 }, server: null, finish_reason: "stop" };
    },
    async close() {},
  };
  return { session, sent, times };
}

function plan(sessions: Record<string, unknown>, settings: Record<string, unknown> = {}) {
  const e = Experiment.parse({
    name: "s",
    backends: { b: { type: "openai", base_url: "http://127.0.0.1:1/v1" } },
    variants: [{ id: "v", backend: "b", model: "m", format: "gguf" }],
    workload: { prompts: [{ id: "p", text: "Hi", system: "Be brief." }], max_tokens: 8, warmup: 0, sessions },
    settings,
    slo: { ttft_ms: 1000 },
  });
  const group = planExperiment(e, { salt: "x" }).find((g) => g.sessions)!;
  const request: GenerationRequest = { model: "m", prompt: group.prompt, max_tokens: 8, ignore_eos: false, temperature: 0, seed: 1 };
  return { e, group, request };
}

async function run(p: ReturnType<typeof plan>, session: VariantSession, stored: Trial[] = [], keepOutput = true): Promise<Trial[]> {
  const out: Trial[] = [];
  const done = new Set(stored.map((t) => t.trial));
  await runSessionGroup(session, p.group, p.group.trials.filter((t) => !done.has(t.key)), {
    request: p.request,
    timeoutMs: 5000,
    keepOutput,
    session: 0,
    stop: new AbortController().signal,
    onTrial: (t) => out.push(t),
    sessions: p.e.workload.sessions!,
    stored: new Map(stored.map((t) => [t.trial, t])),
  });
  return out;
}

test("turn n carries every earlier user message and the real answer; one nonce per conversation", async () => {
  const p = plan({ turns: 3, users: 2, follow_ups: ["More?"] });
  const s = scripted();
  const trials = await run(p, s.session);
  assert.equal(trials.length, 6);
  const convo0 = s.sent.filter((r) => r.prompt.system?.startsWith(`[${p.group.trials[0]!.nonce}] `));
  assert.equal(convo0.length, 3);
  assert.deepEqual(convo0.map((r) => r.prompt.text), ["Hi", "More?", "More?"]);
  assert.deepEqual(convo0[2]!.prompt.history, [
    { role: "user", content: "Hi" },
    { role: "assistant", content: "answer to 1 messages" },
    { role: "user", content: "More?" },
    { role: "assistant", content: "answer to 3 messages" },
  ]);
  assert.ok(trials.every((t) => t.turn !== undefined && t.conversation !== undefined && t.concurrency === 2));
  const rows = conversationRows(trials, { ttft_ms: 1000, goodput: 0.9 });
  assert.deepEqual(rows[0]?.levels[0]?.turns.map((x) => x.prompt_tokens), [10, 30, 50], "prompt tokens grow per turn");
  assert.equal(rows[0]?.max_sessions, 2);
  const cap = capacityOf(trials, { ttft_ms: 1000, goodput: 0.9 }, 30)[0];
  assert.deepEqual([cap?.max_sessions, cap?.max_sessions_from, cap?.max_rate_rps, cap?.levels.length], [2, "conversations", null, 0]);
});

test("think time: the next turn is sent no sooner than think_time_s after the answer's end", async () => {
  const p = plan({ turns: 3, think_time_s: 0.15 });
  const s = scripted(20);
  const trials = await run(p, s.session);
  for (const t of trials.slice(1)) assert.ok((t.think_ms ?? 0) >= 149 && (t.think_ms ?? 0) < 5000, `${t.trial} think_ms ${t.think_ms}`);
  // independently of the stored figure: send-to-send gaps ≥ answer time + think time
  for (let i = 1; i < s.times.length; i++) assert.ok(s.times[i]! - s.times[i - 1]! >= 150 + 19, `gap ${s.times[i]! - s.times[i - 1]!}`);
});

test("a failed turn ends its conversation: the later turns are stored as not sent, with the reason", async () => {
  const p = plan({ turns: 4, follow_ups: ["fail"] });
  const s = scripted();
  const trials = await run(p, s.session);
  assert.equal(s.sent.length, 2, "turn 3 and 4 were never sent");
  assert.equal(trials[1]?.error?.message, "scripted failure");
  assert.deepEqual(trials.slice(2).map((t) => [t.turn, t.not_sent, t.error?.kind]), [[3, true, "aborted"], [4, true, "aborted"]]);
  assert.match(trials[2]!.error!.message, /^not sent: turn 2 failed/);
  assert.deepEqual(trials.slice(2).map((t) => t.not_sent_cause), [{ cause: "turn-failed", turn: 2 }, { cause: "turn-failed", turn: 2 }], "the cause in figures, for reports to word");
  const level = conversationRows(trials, { ttft_ms: 1000, goodput: 0.9 })[0]!.levels[0]!;
  assert.equal(level.goodput, 0.25, "failed and unsent turns count as missing the SLO");
  assert.equal(level.meets_slo, false);
});

test("resume: stored turns are not sent again; the history is rebuilt from their answers and the nonce kept", async () => {
  const p = plan({ turns: 3 });
  const first = await run(p, scripted().session);
  const stored = first.slice(0, 1).map((t) => ({ ...t, prompt_nonce: "cafef00d", output: "stored answer" }));
  const s = scripted();
  const rest = await run(p, s.session, stored);
  assert.deepEqual(rest.map((t) => t.turn), [2, 3]);
  assert.equal(s.sent.length, 2);
  assert.deepEqual(s.sent[0]!.prompt.history, [{ role: "user", content: "Hi" }, { role: "assistant", content: "stored answer" }]);
  assert.ok(s.sent[0]!.prompt.system?.startsWith("[cafef00d] "), "the conversation's stored nonce");
  assert.ok(rest.every((t) => t.prompt_nonce === "cafef00d"));
  assert.equal(rest[0]!.think_ms, undefined, "no think time measured across a resume");
});

test("keep_output false: answers stay out of the store but feed the history; a resume without them stops the conversation", async () => {
  const p = plan({ turns: 3 }, { keep_output: false });
  const s = scripted();
  const trials = await run(p, s.session, [], false);
  assert.ok(trials.every((t) => t.output === null));
  assert.equal(s.sent[2]!.prompt.history?.[3]?.content, "answer to 3 messages");
  const again = scripted();
  const rest = await run(p, again.session, trials.slice(0, 1), false);
  assert.equal(again.sent.length, 0);
  assert.deepEqual(rest.map((t) => [t.turn, t.not_sent]), [[2, true], [3, true]]);
  assert.match(rest[0]!.error!.message, /keep_output is false/);
});

test("helpers: the prompt's own history comes first; llama-server's cache_prompt switch is dropped", () => {
  const base = { id: "p", system: "S", history: [{ role: "user" as const, content: "u0" }, { role: "assistant" as const, content: "a0" }], text: "first" };
  assert.deepEqual(turnPrompt(base, [{ role: "user", content: "first" }, { role: "assistant", content: "a1" }], "next").history?.map((m) => m.content), ["u0", "a0", "first", "a1"]);
  assert.deepEqual(turnPrompt({ id: "p", text: "x" }, [], "x"), { id: "p", text: "x" });
  assert.deepEqual(sessionSwitches({ cache_prompt: false, cache_salt: "s" }), { cache_salt: "s" });
});
