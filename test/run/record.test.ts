/**
 * recordTrial on a scripted event stream (no server: the events are what the SSE reader hands over): a stream's
 * chunks are kept as columns while it streams (src/run/stream-log.ts) and become the trial's `chunks` at its end —
 * times relative to the send, reasoning found after the fact, counts spread by text length, and streams longer than
 * the tokens asked for.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { recordTrial, type RecordOptions } from "../../src/run/record.js";
import { BackendError, type BackendEvent, type GenerationRequest, type VariantSession } from "../../src/backends/types.js";
import { SendGate } from "../../src/shared/send-gate.js";
import type { PlannedTrial } from "../../src/plan/plan.js";
import type { Trial } from "../../src/store/trial.js";

const request: GenerationRequest = { model: "m", prompt: { id: "p", text: "hi" }, max_tokens: 4, ignore_eos: false, temperature: 0, seed: 1 };
const planned: PlannedTrial = { key: "v/p/c1/r0", variant: "v", prompt: "p", concurrency: 1, repetition: 0, warmup: false };
const options = (): RecordOptions => ({ inFlight: 1, session: 0, keepOutput: true, timeoutMs: 10_000, stop: new AbortController().signal });

function scripted(events: BackendEvent[]): VariantSession {
  return {
    facts: { name: "m" },
    async *generate() {
      for (const ev of events) yield ev;
    },
    async close() {},
  };
}
/** recordTrial over `events` as a session would stream them; the trial it stored. */
async function record(events: BackendEvent[], extra: Partial<RecordOptions> = {}): Promise<Trial> {
  const trial = await recordTrial(scripted(events), request, planned, { ...options(), ...extra });
  assert.ok(trial);
  return trial;
}
const end = (t: number, completion: number | null, extra: Partial<Extract<BackendEvent, { type: "end" }>> = {}): BackendEvent => ({
  type: "end",
  t,
  usage: { prompt_tokens: 3, completion_tokens: completion },
  server: null,
  finish_reason: "stop",
  ...extra,
});

test("chunk times are relative to the send, rounded to the µs; answer and reasoning texts are kept apart", async () => {
  const trial = await record([
    { type: "sent", t: 1000 },
    { type: "first_byte", t: 1010.0004 },
    { type: "chunk", t: 1012.12345, tokens: 1, kind: "reasoning", text: "think " },
    { type: "chunk", t: 1013.5, tokens: 1, kind: "answer", text: "Hel" },
    { type: "chunk", t: 1015.25, tokens: 1, kind: "answer", text: "lo" },
    end(1016, null, { token_count: "server-per-event" }),
  ]);
  assert.deepEqual(trial.chunks, [
    { t_ms: 12.123, tokens: 1, kind: "reasoning" },
    { t_ms: 13.5, tokens: 1, kind: "answer" },
    { t_ms: 15.25, tokens: 1, kind: "answer" },
  ]);
  assert.equal(trial.first_byte_ms, 10);
  assert.equal(trial.ttft_ms, 12.123);
  assert.equal(trial.ttft_answer_ms, 13.5);
  assert.equal(trial.e2e_ms, 15.25);
  assert.equal(trial.output, "Hello");
  assert.equal(trial.reasoning, "think ");
  assert.equal(trial.reasoning_tokens, 1);
  assert.deepEqual(trial.output_tokens, { client: 3, server: null });
});

test("a </think> whose <think> was in the prompt turns every earlier chunk and its text into reasoning", async () => {
  const trial = await record([
    { type: "sent", t: 0 },
    { type: "chunk", t: 1, tokens: 1, kind: "answer", text: "plan " },
    { type: "chunk", t: 2, tokens: 1, kind: "answer", text: "more " },
    { type: "chunk", t: 3, tokens: 1, kind: "answer", text: "Yes", retro: true },
    { type: "chunk", t: 4, tokens: 1, kind: "answer", text: "." },
    end(5, null, { token_count: "server-per-event" }),
  ]);
  assert.deepEqual(
    trial.chunks.map((c) => c.kind),
    ["reasoning", "reasoning", "answer", "answer"],
  );
  assert.equal(trial.reasoning, "plan more ");
  assert.equal(trial.output, "Yes.");
  assert.equal(trial.ttft_answer_ms, 3);
  assert.equal(trial.reasoning_tokens, 2);
});

test("a stream longer than the tokens asked for keeps every chunk, in order (the columns grow)", async () => {
  const n = 1000; // max_tokens 4: the columns start at 5 and double past it
  const events: BackendEvent[] = [{ type: "sent", t: 0 }];
  for (let i = 0; i < n; i++) events.push({ type: "chunk", t: i + 0.5, tokens: 1, kind: i % 3 === 0 ? "reasoning" : "answer", text: String(i % 10) });
  events.push(end(n, null, { token_count: "server-per-event" }));
  const trial = await record(events);
  assert.equal(trial.chunks.length, n);
  trial.chunks.forEach((c, i) => {
    assert.equal(c.t_ms, i + 0.5);
    assert.equal(c.kind, i % 3 === 0 ? "reasoning" : "answer");
  });
  const digits = Array.from({ length: n }, (_, i) => String(i % 10));
  assert.equal(trial.output, digits.filter((_, i) => i % 3 !== 0).join(""));
  assert.equal(trial.reasoning, digits.filter((_, i) => i % 3 === 0).join(""));
});

test("a server's final count that differs from one per event is spread over the chunks by text length, and flagged", async () => {
  const trial = await record([
    { type: "sent", t: 0 },
    { type: "chunk", t: 1, tokens: 1, kind: "answer", text: "aaaaaa" },
    { type: "chunk", t: 2, tokens: 1, kind: "answer", text: "bb" },
    { type: "chunk", t: 3, tokens: 1, kind: "answer", text: "cccc" },
    end(4, 6),
  ]);
  assert.deepEqual(
    trial.chunks.map((c) => c.tokens),
    [3, 1, 2],
  );
  assert.equal(trial.token_count_source, "server-spread");
  assert.deepEqual(trial.flags, ["tokens-estimated"]);
  assert.equal(trial.output, "aaaaaabbcccc");
});

test("without keep_output the texts are not stored, the chunks are", async () => {
  const trial = await record([{ type: "sent", t: 0 }, { type: "chunk", t: 1, tokens: 1, kind: "answer", text: "secret" }, end(2, 1)], { keepOutput: false });
  assert.equal(trial.output, null);
  assert.equal(trial.reasoning, null);
  assert.equal(trial.chunks.length, 1);
});

test("held (SendGate): a session that cannot hold a request is called only when the gate opens; a closed gate stores nothing", async () => {
  const calls: number[] = [];
  const session: VariantSession = {
    facts: { name: "m" },
    async *generate() {
      calls.push(performance.now());
      const t = performance.now();
      yield { type: "sent", t };
      yield { type: "chunk", t: t + 1, tokens: 1, kind: "answer", text: "a" };
      yield end(t + 2, 1);
    },
    async close() {},
  };
  const gate = new SendGate();
  const pending = recordTrial(session, request, planned, { ...options(), gate });
  await new Promise((r) => setTimeout(r, 30));
  assert.equal(calls.length, 0, "not called while held");
  const opened = performance.now();
  gate.open();
  const trial = await pending;
  assert.ok(trial && (calls[0] ?? 0) >= opened);
  const shut = new SendGate();
  const dropped = recordTrial(session, request, planned, { ...options(), gate: shut });
  shut.close();
  assert.equal(await dropped, null);
  assert.equal(calls.length, 1);
});

test("held (SendGate): a request that fails while held is stored when the gate opens, as sent then; dropped, it is not stored", async () => {
  const failing = (): VariantSession => ({
    facts: { name: "m" },
    gated: true,
    async *generate() {
      throw new BackendError("connection", "ECONNREFUSED 127.0.0.1:9");
    },
    async close() {},
  });
  const gate = new SendGate();
  let settled = false;
  const pending = recordTrial(failing(), request, planned, { ...options(), gate }).then((t) => ((settled = true), t));
  await new Promise((r) => setTimeout(r, 30));
  assert.equal(settled, false, "the failure waits for the due time");
  const opened = performance.now();
  gate.open();
  const trial = await pending;
  assert.equal(trial?.error?.kind, "connection");
  assert.ok((trial?.sent_epoch_ms ?? 0) >= performance.timeOrigin + opened - 0.001, "stored as sent when the gate opened");
  const shut = new SendGate();
  const dropped = recordTrial(failing(), request, planned, { ...options(), gate: shut });
  await new Promise((r) => setTimeout(r, 10));
  shut.close();
  assert.equal(await dropped, null);
});
