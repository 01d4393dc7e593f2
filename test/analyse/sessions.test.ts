/**
 * Conversation analysis on hand-made trials (no timing): per-turn figures, goodput over planned turns, max_sessions as
 * the last level of the unbroken passing run, capacity rows with and without open-loop levels, the comparison of two
 * runs per turn, the sentences in English and Japanese, the chart and the report section.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { conversationRows, maxSessions } from "../../src/analyse/sessions.js";
import { compareConversations } from "../../src/analyse/sessions-compare.js";
import { capacityOf } from "../../src/analyse/capacity.js";
import { capacitySentence } from "../../src/render/capacity-text.js";
import { conversationChangeLines, conversationsLine, perTurnLines } from "../../src/render/sessions-text.js";
import { ttftPerTurn } from "../../src/render/charts/ttft-per-turn.js";
import { conversations as conversationsSection } from "../../src/render/report/sections/conversations.js";
import { capacity as capacitySection } from "../../src/render/report/sections/capacity.js";
import { toMarkdownText } from "../../src/render/report/markdown.js";
import { messages } from "../../src/shared/i18n/catalogue.js";
import type { Trial } from "../../src/store/trial.js";
import type { RunSummary } from "../../src/analyse/summary.js";
import type { StoredRun } from "../../src/analyse/load-run.js";
import type { Slo } from "../../src/validate/schema.js";

let clock = 1_700_000_000_000;
/** Turn `turn` of conversation `c` at users level `u`, with its TTFT and prompt size (10 tokens more per turn). */
function turn(u: number, c: number, t: number, ttft: number, extra: Partial<Trial> = {}): Trial {
  clock += 100;
  return {
    trial: `v/hi/u${u}/s${c}/t${t}`, variant: "v", prompt: "hi", repetition: c, warmup: false, concurrency: u, in_flight: 1, session: 0,
    started_at: new Date(clock).toISOString(), sent_epoch_ms: clock, first_byte_ms: ttft, ttft_ms: ttft, ttft_answer_ms: ttft,
    e2e_ms: ttft + 90, end_ms: ttft + 91, chunks: [], output_tokens: { client: 10, server: 10 }, reasoning_tokens: 0,
    prompt_tokens: { client: null, server: 10 * t }, prompt_cached_tokens: t === 1 ? 0 : 10 * (t - 1), finish_reason: "length", server: null, output: "a", reasoning: null, error: null,
    conversation: c, turn: t, ...(t > 1 ? { think_ms: 1000 } : {}), ...extra,
  };
}
/** A users level: `u` conversations of three turns, TTFT base × turn (+ a given slowdown on turn 3 of the last one). */
const level = (u: number, base: number, lastTurn3 = base * 3) => Array.from({ length: u }, (_, c) => [1, 2, 3].map((t) => turn(u, c, t, t === 3 && c === u - 1 ? lastTurn3 : base * t))).flat();
const slo: Slo = { ttft_ms: 500, goodput: 0.9 };

function trials(): Trial[] {
  return [...level(1, 50), ...level(2, 80), ...level(4, 100, 900), ...level(8, 50)];
}

test("per turn: TTFT, growing prompt tokens, cached tokens, think time; goodput over planned turns", () => {
  const [row] = conversationRows(trials(), slo, 2);
  assert.ok(row);
  assert.equal(row.turns, 3);
  assert.equal(row.think_time_s, 2);
  const l1 = row.levels[0]!;
  assert.deepEqual(l1.turns.map((t) => [t.turn, t.ttft_ms.median, t.prompt_tokens, t.cached_tokens, t.think_ms]), [[1, 50, 10, 0, null], [2, 100, 20, 10, 1000], [3, 150, 30, 20, 1000]]);
  assert.equal(l1.ttft_growth, 3);
  assert.equal(perTurnLines([row])[0], "v, 1 at once — median TTFT per turn: 50.0 → 100.0 → 150.0 ms");
  const l4 = row.levels.find((l) => l.users === 4)!;
  assert.equal(l4.goodput, 11 / 12, "one turn of twelve missed 500 ms");
  assert.equal(l4.meets_slo, true);
  assert.deepEqual(row.levels.map((l) => l.meets_slo), [true, true, true, true]);
  assert.equal(row.max_sessions, 8);
});

test("max_sessions: the last level of the unbroken passing run; a failed or unsent turn counts as missing", () => {
  const failing = [...level(1, 50), ...level(2, 80, 900), ...level(4, 50)];
  const row = conversationRows(failing, { ...slo, goodput: 0.95 })[0]!;
  assert.deepEqual(row.levels.map((l) => [l.users, l.meets_slo]), [[1, true], [2, false], [4, true]]);
  assert.equal(row.max_sessions, 1, "4 passes again above a failure: never claimed");
  assert.equal(maxSessions([]), null);
  const broken = [turn(1, 0, 1, 50), turn(1, 0, 2, 50, { error: { kind: "http", message: "500" } }), turn(1, 0, 3, 0, { not_sent: true, ttft_ms: null, error: { kind: "aborted", message: "not sent: turn 2 failed" } })];
  const l = conversationRows(broken, slo)[0]!.levels[0]!;
  assert.deepEqual([l.goodput, l.completed, l.turns[2]?.not_sent, l.turns[1]?.errors], [1 / 3, 0, 1, 1]);
  assert.equal(conversationRows(trials(), null)[0]?.max_sessions, null, "no SLO, no claim");
});

test("capacity rows: measured max_sessions replaces the rate estimate; a row of its own without open-loop levels", () => {
  const open: Trial[] = Array.from({ length: 10 }, (_, i) => {
    const { turn: _t, conversation: _c, think_ms: _k, ...rest } = turn(1, 0, 1, 100);
    return { ...rest, trial: `v/hi/poisson@2/r${i}`, rate: 2, scheduled_ms: i * 500, send_lateness_ms: 0, concurrency: 0 };
  });
  const withRate = capacityOf([...open, ...trials()], slo, 30, 2)[0]!;
  assert.deepEqual([withRate.max_rate_rps, withRate.max_sessions, withRate.max_sessions_from, withRate.levels.length], [2, 8, "conversations", 1]);
  assert.match(capacitySentence(withRate), /serves up to 2 requests\/s — about 60 concurrent users at one request every 30 s — .*\. v holds 8 conversations at once \(3 turns each, 2 s between an answer and the next turn\)/);
  const alone = capacityOf(trials(), slo, 30, 2)[0]!;
  assert.deepEqual([alone.max_rate_rps, alone.max_sessions, alone.levels.length, alone.conversations?.levels.length], [null, 8, 0, 4]);
  assert.equal(capacitySentence(alone), "v holds 8 conversations at once (3 turns each, 2 s between an answer and the next turn) with 90% of first tokens within 500 ms, over every turn. 8 was the most conversations tried: it may hold more.");
  assert.match(capacitySentence(alone, "ja"), /vは同時に8件の会話を保てます/);
  const none = capacityOf(level(1, 600), slo, 30)[0]!;
  assert.match(capacitySentence(none), /met the SLO at none of the conversation levels tried: with 1 at once, 0% of turns met it/);
  assert.match(capacitySentence(capacityOf(level(2, 50), null, 30)[0]!), /no SLO is declared/);
});

test("compare: max_sessions A → B and TTFT per turn with the ratio of means and its interval", () => {
  const a = [...level(2, 100)];
  const b = [...level(2, 100)].map((t) => ({ ...t, ttft_ms: (t.ttft_ms ?? 0) * 2 }));
  const [c] = compareConversations(a, b, { a: slo, b: slo });
  assert.ok(c);
  assert.deepEqual(c.turns.map((t) => [t.users, t.turn, t.ratio]), [[2, 1, 2], [2, 2, 2], [2, 3, 2]]);
  const lines = conversationChangeLines(c);
  assert.equal(lines[0], "conversations at once meeting the SLO, v (hi): 2 → none", "B's third turns took 600 ms");
  assert.match(lines[1]!, /2 at once, turn 1: TTFT mean 100\.0 → 200\.0 ms \(2\.00×/);
  assert.match(conversationChangeLines(c, "ja")[1]!, /同時2件、ターン1/);
});

const md_ = (children: ReturnType<typeof conversationsSection.build>) => toMarkdownText({ type: "root", children }, (id) => id);

function summaryOf(t: Trial[]): RunSummary {
  return { run_id: "r1", experiment: "e", metrics: [], levels: [], definitions: {} as RunSummary["definitions"], ci_method: "", loads: [], capacity: capacityOf(t, slo, 30, 2), conversations: conversationRows(t, slo, 2) };
}

test("chart and report section: per-turn table, growth sentence, definitions, in English and Japanese", () => {
  const summaries = [summaryOf(trials())];
  const runs = [{ dir: "/x", manifest: {} as StoredRun["manifest"], trials: trials() }];
  const spec = ttftPerTurn.spec({ runs, summaries }, messages("en").charts);
  assert.ok(spec);
  const values = (spec["data"] as { values: Array<{ series: string; turn: number }> }).values;
  assert.deepEqual([...new Set(values.map((v) => v.series))], ["v · 1 at once", "v · 2 at once", "v · 4 at once", "v · 8 at once"]);
  assert.equal(ttftPerTurn.title(messages("ja").charts), "会話のターンごとのTTFT");
  assert.equal(ttftPerTurn.spec({ runs, summaries: [summaryOf(trials().filter((t) => t.turn === 1))] }, messages("en").charts), null, "one turn: no chart");
  const input = { runs, summaries, charts: [], generated_at: "2026-01-01T00:00:00Z" };
  const md = md_(conversationsSection.build(input));
  assert.match(md, /## Conversations/);
  assert.match(md, /v: At the lowest level \(one conversation: a single measurement, with no interval\), the median first token of turn 3 took 3\.00× as long as that of turn 1\./);
  assert.match(md, /\| 3 +\| +1\/1 \| +150 \/ 150 \/ 150 \|/);
  assert.match(md, /How the conversation figures are defined/);
  const ja = md_(conversationsSection.build({ ...input, lang: "ja" }));
  assert.match(ja, /## 会話/);
  // the capacity section: the sentence, no open-loop table for a row of conversations alone
  const cap = md_(capacitySection.build(input));
  assert.match(cap, /v holds 8 conversations at once/);
  assert.doesNotMatch(cap, /offered req\/s/);
  assert.equal(conversationsSection.build({ ...input, summaries: [{ ...summaries[0]!, conversations: [] }] }).length, 0);
  assert.equal(conversationsLine({ turns: 3, think_time_s: 2, users: [1, 2], conversations_per_user: 1, follow_ups: ["x"] }), "conversations: 3 turns each, 2 s think time between an answer and the next turn; 1, 2 conversations at once (1 per user, one after another)");
});

test("a count of 1 is singular in English: 1 conversation, 1 turn; Japanese unchanged", () => {
  // one user level of one conversation, turn 2 missing the SLO: max_sessions 1
  const one = [...level(1, 50), ...level(2, 50, 900)];
  const row = capacityOf(one, { ...slo, goodput: 1 }, 30, 2)[0]!;
  assert.equal(row.max_sessions, 1);
  assert.match(capacitySentence(row), /^v holds 1 conversation at once \(3 turns each, /);
  assert.match(capacitySentence(row, "ja"), /vは同時に1件の会話を保てます/);
  const summaries = [{ ...summaryOf(one), capacity: [row], conversations: conversationRows(one, { ...slo, goodput: 1 }, 2) }];
  const input = { runs: [{ dir: "/x", manifest: {} as StoredRun["manifest"], trials: one }], summaries, charts: [], generated_at: "2026-01-01T00:00:00Z" };
  const md = md_(conversationsSection.build(input));
  assert.match(md, /^1 conversation, 1 complete; turns meeting the SLO: 100% \(met\)\.$/m);
  assert.match(md, /^2 conversations, 2 complete;/m);
  assert.match(md_(conversationsSection.build({ ...input, lang: "ja" })), /^v：最も低いレベル（会話1件。1回だけの測定のため区間はありません）で/m, "a Japanese label takes a Japanese colon");
  assert.equal(conversationsLine({ turns: 1, think_time_s: 2, users: [1], conversations_per_user: 1, follow_ups: [] }), "conversations: 1 turn each, 2 s think time between an answer and the next turn; 1 conversation at once (1 per user, one after another)");
  assert.equal(conversationsLine({ turns: 1, think_time_s: 2, users: [1], conversations_per_user: 1, follow_ups: [] }, "ja"), "会話：1会話1ターン、回答の終わりから次のターンまでの思考時間2秒。同時に1件の会話（利用者1人あたり1件を順に実行）");
});
