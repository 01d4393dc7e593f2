/**
 * Capacity analysis on hand-made trials (no timing): goodput over the planned requests, the knee at the last level of
 * the unbroken passing run, users from the declared interval, queueing over the unloaded TTFT, felt latency counting
 * send lateness, honest sentences in English and Japanese, the chart and the report section.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { capacityOf, type CapacityRow } from "../../src/analyse/capacity.js";
import { capacityChangeLine, capacitySentence } from "../../src/render/capacity-text.js";
import { capacityComparisonRows, compareCapacity } from "../../src/analyse/capacity-compare.js";
import { gateComparison } from "../../src/analyse/gate.js";
import { capacityCurve } from "../../src/render/charts/capacity-curve.js";
import { toSvg } from "../../src/render/charts/svg.js";
import { capacity as capacitySection } from "../../src/render/report/sections/capacity.js";
import type { Trial } from "../../src/store/trial.js";
import { messages } from "../../src/shared/i18n/catalogue.js";
import type { RunSummary } from "../../src/analyse/summary.js";
import type { Slo } from "../../src/validate/schema.js";

let clock = 1_700_000_000_000;
function trial(rate: number | undefined, i: number, ttft: number, extra: Partial<Trial> = {}): Trial {
  clock += 100;
  return {
    trial: rate === undefined ? `v/hi/c1/r${i}` : `v/hi/poisson@${rate}/r${i}`,
    variant: "v", prompt: "hi", repetition: i, warmup: false, concurrency: rate === undefined ? 1 : 0, in_flight: 1, session: 0,
    started_at: new Date(clock).toISOString(), sent_epoch_ms: clock, first_byte_ms: ttft, ttft_ms: ttft, ttft_answer_ms: ttft,
    e2e_ms: ttft + 90, end_ms: ttft + 91, chunks: [], output_tokens: { client: 10, server: 10 }, reasoning_tokens: 0,
    prompt_tokens: { client: null, server: 5 }, finish_reason: "length", server: null, output: null, reasoning: null, error: null,
    ...(rate === undefined ? {} : { rate, scheduled_ms: i * 100, send_lateness_ms: 0.5 }),
    ...extra,
  };
}
const level = (rate: number, ttfts: number[]) => ttfts.map((t, i) => trial(rate, i, t));
const slo: Slo = { ttft_ms: 500, goodput: 0.9 };

function rows(): CapacityRow[] {
  const trials = [
    ...[100, 110, 120].map((t, i) => trial(undefined, i, t)),
    ...level(1, Array(10).fill(150)),
    ...level(2, [...Array(9).fill(300), 900]), // 90%: meets exactly
    ...level(4, [...Array(8).fill(400), 900, 900]), // 80%: misses
    ...level(8, Array(10).fill(200)), // passes again, above a failure: never claimed
  ];
  return capacityOf(trials, slo, 30);
}

test("goodput over planned requests, knee after the unbroken passing run, users = rate × interval", () => {
  const [row] = rows();
  assert.ok(row);
  assert.deepEqual(row.levels.map((l) => [l.rate, l.goodput, l.meets_slo]), [[1, 1, true], [2, 0.9, true], [4, 0.8, false], [8, 1, true]]);
  assert.equal(row.max_rate_rps, 2);
  assert.deepEqual(row.knee, { last_met_rps: 2, first_missed_rps: 4 });
  assert.equal(row.max_sessions, 60);
  assert.equal(row.unloaded_ttft_ms, 110);
  assert.equal(row.unloaded_source, "concurrency 1");
  assert.equal(row.levels[0]?.queue_ms.p50, 150 + 0.5 - 110);
});

test("lateness counts toward the SLO; errors and unsent requests count as missing it; a stopped level fails", () => {
  const late = capacityOf([...Array.from({ length: 10 }, (_, i) => trial(3, i, 450, { send_lateness_ms: i < 2 ? 100 : 0 }))], slo)[0];
  assert.equal(late?.levels[0]?.goodput, 0.8);
  const stopped = capacityOf([
    ...Array.from({ length: 9 }, (_, i) => trial(5, i, 100)),
    trial(5, 9, 0, { not_sent: true, error: { kind: "aborted", message: "not sent: saturated: latency rising" } }),
  ], slo)[0];
  assert.equal(stopped?.levels[0]?.meets_slo, false);
  assert.equal(stopped?.levels[0]?.not_sent, 1);
  assert.equal(stopped?.levels[0]?.stopped_early, "saturated: latency rising");
  const failed = capacityOf(Array.from({ length: 10 }, (_, i) => trial(6, i, 100, i === 0 ? { error: { kind: "http", message: "500", status: 500 } } : {})), slo)[0];
  assert.equal(failed?.levels[0]?.errors, 1);
  assert.deepEqual(failed?.levels[0]?.errors_by_kind, { http: 1 });
});

test("sentences: 'serves up to' only for a rate that met the SLO, in English and Japanese", () => {
  const [row] = rows();
  assert.ok(row);
  const en = capacitySentence(row, "en");
  assert.equal(en, "v serves up to 2 requests/s — about 60 concurrent users at one request every 30 s — with 90% of first tokens within 500 ms. The knee lies between 2 requests/s (last rate meeting the SLO) and 4 requests/s (first rate missing it).");
  const ja = capacitySentence(row, "ja");
  assert.match(ja, /毎秒2リクエストまで処理できます/);
  assert.match(ja, /約60人/);
  assert.match(ja, /最初のトークンの90%が500ミリ秒以内/);
  const none = capacityOf(level(4, [...Array(8).fill(400), 900, 900]), slo)[0]!;
  const s = capacitySentence(none, "en");
  assert.doesNotMatch(s, /serves up to/);
  assert.match(s, /met the SLO at none of the rates tried: at the lowest, 4 requests\/s, 80% of requests met it/);
  const all = capacityOf(level(1, Array(10).fill(100)), slo)[0]!;
  assert.match(capacitySentence(all, "en"), /1 requests\/s was the highest rate tried: it may serve more/);
  const noSlo = capacityOf(level(1, Array(10).fill(100)), null)[0]!;
  assert.equal(noSlo.max_rate_rps, null);
  assert.match(capacitySentence(noSlo, "en"), /no SLO is declared/);
  const multi = capacitySentence({ ...row, slo: { ttft_ms: 500, tpot_ms: 30, goodput: 0.95 } }, "en");
  assert.match(multi, /with 95% of requests meeting every limit \(first token within 500 ms, at most 30 ms per output token\)/);
});

test("the capacity chart renders with the knee marked; the report section states the answer and the levels", async () => {
  const capacity = rows();
  const summary = { run_id: "r1", experiment: "x", metrics: [], levels: [], definitions: {}, ci_method: "", capacity } as unknown as RunSummary;
  const input = { runs: [{ dir: "d", manifest: {} as never, trials: [] }], summaries: [summary] };
  const spec = capacityCurve.spec(input, messages("en").charts);
  assert.ok(spec);
  const svg = await toSvg(spec);
  assert.match(svg, /<svg/);
  assert.match(JSON.stringify(spec), /"rate":2,"mark":"knee"/);
  assert.equal(capacityCurve.title(messages("ja").charts), "負荷に対する応答時間とグッドプット");
  // the latency drawn is the one the SLO judges: TTFT from the due time (150 ms + 0.5 ms late at 1 request/s)
  assert.match(JSON.stringify(spec), /"rate":1,"percentile":"p50","ttft_ms":150.5/);
  assert.match(JSON.stringify(capacityCurve.spec(input, messages("ja").charts)), /指定した負荷/);
  const blocks = capacitySection.build({ ...input, charts: [], generated_at: "2026-12-01T00:00:00Z" });
  const text = JSON.stringify(blocks);
  assert.match(text, /serves up to 2 requests\/s/);
  assert.match(text, /stopped early|missed/);
  assert.ok(blocks.some((b) => b.type === "table"));
  assert.deepEqual(capacitySection.build({ runs: [], summaries: [], charts: [], generated_at: "" }), []);
});

test("compare: the highest rates meeting the SLO, A → B, with their ratio; none when no rate met it", () => {
  const a = rows();
  const b = capacityOf([...level(2, Array(10).fill(100)), ...level(4, Array(10).fill(100)), ...level(8, Array(10).fill(900))], slo, 30);
  const [c] = compareCapacity(a, b);
  assert.equal(c?.ratio, 2);
  assert.equal(c?.change, "higher", "B met 4 requests/s, which A missed");
  assert.equal(capacityChangeLine(c!), "capacity of v (hi) (highest rate meeting the SLO): 2 requests/s → 4 requests/s (2.00×) — higher: B met a rate that A missed");
  assert.equal(compareCapacity(b, a)[0]?.change, "lower");
  const none = capacityOf(level(4, Array(10).fill(900)), slo, 30);
  const [n] = compareCapacity(a, none);
  // B was tried only at 4 requests/s, which A missed too: its capacity may lie anywhere below 4, as A's does
  assert.equal(n?.change, "no measurable difference");
  assert.equal(capacityChangeLine(n!), "capacity of v (hi) (highest rate meeting the SLO): 2 requests/s → no rate — no measurable difference: the two knee brackets overlap");
  assert.match(capacityChangeLine(c!, "ja"), /毎秒2リクエスト → 毎秒4リクエスト \(2.00×\) — 向上/);
  const [d] = compareCapacity(a, capacityOf(level(2, Array(10).fill(100)), { ttft_ms: 200, goodput: 0.9 }));
  assert.match(capacityChangeLine(d!), /the two SLOs differ\) — not comparable/);
  // compare --json rows: the gate reads them like metric rows
  const [row] = capacityComparisonRows([c!], ["r1", "r2"]);
  assert.deepEqual(
    { metric: row?.metric, concurrency: row?.concurrency, mean_a: row?.mean_a, mean_b: row?.mean_b, change: row?.change, knee_b: row?.knee_b },
    { metric: "max_rate_rps", concurrency: 0, mean_a: 2, mean_b: 4, change: "faster", knee_b: { last_met_rps: 4, first_missed_rps: 8 } },
  );
  assert.equal(gateComparison(capacityComparisonRows(compareCapacity(b, a), ["r2", "r1"]), "slower").length, 1);
});

test("a level that did not keep up misses the SLO whatever its goodput: completions slower than the schedule", () => {
  // 20 requests due every 50 ms (20 req/s); the machine serves one every 70 ms, so each waits 20 ms longer than the
  // last, yet the level is too short for the wait to pass 500 ms: every TTFT meets the limit
  const start = clock + 10_000;
  const slow = Array.from({ length: 20 }, (_, i) => {
    const wait = i * 20;
    return trial(20, i, 100 + wait, { scheduled_ms: i * 50, sent_epoch_ms: start + i * 50, send_lateness_ms: 0 });
  });
  const [row] = capacityOf(slow, slo, 30);
  const l = row?.levels[0];
  assert.ok(l);
  assert.equal(l.goodput, 1, "every request met the TTFT limit");
  assert.ok(l.kept_up !== null && Math.abs(l.kept_up - 50 / 70) < 1e-9, `kept_up ${l.kept_up}`);
  assert.equal(l.due_rps, 20);
  assert.equal(l.meets_slo, false);
  assert.equal(row?.max_rate_rps, null);
  assert.equal(capacitySentence(row!, "en"), "v met the SLO at none of the rates tried: at the lowest, 20 requests/s, it served requests at only 71% of the rate they were due, so a queue was building (needed: 90% of first tokens within 500 ms).");
  assert.match(capacitySentence(row!, "ja"), /予定レートの71%でしかリクエストを処理できず/);
  const summary = { run_id: "r1", experiment: "x", metrics: [], levels: [], definitions: {}, ci_method: "", capacity: [row] } as unknown as RunSummary;
  const input = { runs: [{ dir: "d", manifest: {} as never, trials: [] }], summaries: [summary], charts: [], generated_at: "" };
  assert.match(JSON.stringify(capacitySection.build(input)), /"missed \(did not keep up\)".*20 requests\/s: requests were served at 71% of the rate they were due\./);
  assert.match(JSON.stringify(capacitySection.build({ ...input, lang: "ja" })), /未達（追従できず）.*毎秒20リクエスト：予定レートの71%でしかリクエストを処理できませんでした。/);
  // served as fast as due, with one slow request last (a long answer, a hiccup): it keeps up
  const onTime = capacityOf(Array.from({ length: 20 }, (_, i) => trial(20, i, i === 19 ? 450 : 100, { scheduled_ms: i * 50, sent_epoch_ms: start + i * 50, send_lateness_ms: 0 })), slo, 30)[0];
  assert.ok(Math.abs((onTime?.levels[0]?.kept_up ?? 0) - 1) < 1e-9, `${onTime?.levels[0]?.kept_up}`);
  assert.equal(onTime?.max_rate_rps, 20);
  // a client-side queue (max_concurrency: requests wait for a slot, so each is sent later than the last) is the same
  const capped = capacityOf(Array.from({ length: 20 }, (_, i) => trial(20, i, 100, { scheduled_ms: i * 50, sent_epoch_ms: start + i * 80, send_lateness_ms: i * 30 })), slo, 30)[0];
  assert.ok(Math.abs((capped?.levels[0]?.kept_up ?? 0) - 0.625) < 1e-9);
  assert.equal(capped?.levels[0]?.meets_slo, false);
});

test("methodology names a sweep's rates with their unit where it belongs", async () => {
  const { openLoopLines } = await import("../../src/render/capacity-text.js");
  const w = { sweep: { from: 4, to: 64, steps: 5, arrivals: "poisson", requests: 30, search: false, refine: 2 }, user_interval_s: 30 } as never;
  assert.match(openLoopLines(w, "en")[0] ?? "", /^open-loop sweep: 4 to 64 requests\/s in 5 steps, poisson, 30 requests per level/);
  assert.match(openLoopLines(w, "ja")[0] ?? "", /毎秒4〜64リクエストを5段階、poisson/);
  const listed = { sweep: { rates: [1, 2], arrivals: "constant", duration_s: 10, search: false, refine: 2 }, user_interval_s: 30 } as never;
  assert.match(openLoopLines(listed, "en")[0] ?? "", /^open-loop sweep: 1, 2 requests\/s, constant, 10 s per level/);
});

test("the report's summary counts a stopped level's unsent requests instead of leaving them out", async () => {
  const { summarizeRun } = await import("../../src/analyse/summary.js");
  const { summary: summarySection } = await import("../../src/render/report/sections/summary.js");
  const trials = [
    ...Array.from({ length: 9 }, (_, i) => trial(5, i, 100)),
    trial(5, 9, 0, { not_sent: true, error: { kind: "aborted", message: "not sent: saturated: latency rising" } }),
  ];
  const run = { dir: "d", manifest: { run_id: "r1", experiment: { name: "x" }, variants: {}, slo } as never, trials };
  const s = summarizeRun(run);
  for (const lang of ["en", "ja"] as const) {
    const text = JSON.stringify(summarySection.build({ runs: [run], summaries: [s], charts: [], generated_at: "", lang }));
    assert.match(text, lang === "en" ? /9 of 9 requests completed; 1 more not sent \(the level stopped early, saturated\)/ : /ほかに 1 件は未送信/);
  }
});

test("an executive summary over two runs names each run's capacity and compares the later with the first", async () => {
  const { executive } = await import("../../src/render/report/sections/executive.js");
  const a = rows();
  const b = capacityOf([...level(2, Array(10).fill(100)), ...level(4, Array(10).fill(100)), ...level(8, Array(10).fill(900))], slo, 30);
  const summaries = [
    { run_id: "ra", experiment: "x", metrics: [], levels: [], definitions: {}, ci_method: "", capacity: a },
    { run_id: "rb", experiment: "x", metrics: [], levels: [], definitions: {}, ci_method: "", capacity: b },
  ] as unknown as RunSummary[];
  const runs = summaries.map((s) => ({ dir: s.run_id, manifest: { run_id: s.run_id, experiment: { name: "x" }, variants: {} } as never, trials: [] }));
  const text = JSON.stringify(executive.build({ runs, summaries, charts: [], generated_at: "" }));
  assert.match(text, /Run ra — v serves up to 2 requests\/s/);
  assert.match(text, /Run rb — v serves up to 4 requests\/s/);
  assert.match(text, /Each later run \(B\) against run ra \(A\)/);
  assert.match(text, /capacity of v \(hi\) \(highest rate meeting the SLO\): 2 requests\/s → 4 requests\/s \(2.00×\) — higher: B met a rate that A missed/);
});

test("a level stopped early says why under the table, in the report's language", () => {
  const stopped = capacityOf([
    ...Array.from({ length: 9 }, (_, i) => trial(5, i, 100)),
    trial(5, 9, 0, { not_sent: true, error: { kind: "aborted", message: "not sent: saturated: latency rising through the level (median 16 ms in its first third, 575 ms in its last)" } }),
  ], slo);
  const summary = { run_id: "r1", experiment: "x", metrics: [], levels: [], definitions: {}, ci_method: "", capacity: stopped } as unknown as RunSummary;
  const input = { runs: [{ dir: "d", manifest: {} as never, trials: [] }], summaries: [summary], charts: [], generated_at: "" };
  assert.match(JSON.stringify(capacitySection.build(input)), /"stopped early".*5 requests\/s: stopped early — saturated: latency rising through the level\./);
  assert.match(JSON.stringify(capacitySection.build({ ...input, lang: "ja" })), /"途中で停止".*毎秒5リクエスト：途中で停止（飽和：レベルの中で応答時間が上がり続けた）。/);
});

test("a stopped level's note words its cause in figures (not_sent_cause), as the errors section does; stopped_cause carries it", () => {
  const cause = { cause: "saturated-unreachable" as const, missed: 4, planned: 30, goodput: 0.9 };
  const stopped = capacityOf([
    ...Array.from({ length: 9 }, (_, i) => trial(5, i, 100)),
    trial(5, 9, 0, { not_sent: true, not_sent_cause: cause, error: { kind: "aborted", message: "not sent: saturated: 4 of 30 requests had already missed the SLO, more than goodput 0.90 allows" } }),
  ], slo);
  assert.deepEqual(stopped?.[0]?.levels[0]?.stopped_cause, cause);
  const summary = { run_id: "r1", experiment: "x", metrics: [], levels: [], definitions: {}, ci_method: "", capacity: stopped } as unknown as RunSummary;
  const input = { runs: [{ dir: "d", manifest: {} as never, trials: [] }], summaries: [summary], charts: [], generated_at: "" };
  assert.match(JSON.stringify(capacitySection.build(input)), /5 requests\/s: stopped early — saturated: 4 of 30 requests had already missed the SLO, more than goodput 0\.90 allows\./);
  assert.match(JSON.stringify(capacitySection.build({ ...input, lang: "ja" })), /毎秒5リクエスト：途中で停止（飽和：30 件中 4 件がすでにSLOを満たさず、グッドプット 0\.90 で許される数を超えた）。/);
});
