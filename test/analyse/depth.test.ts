/**
 * Context-depth analysis on hand-made trials: rows per variant, prompt and depth (depth 0 from the concurrency-1
 * level), the server's prefill rate where every request has one else prompt tokens ÷ TTFT, depth trials kept out of the
 * concurrency cells, the chart and the report section in English and Japanese, and compare per depth.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { depthOfRun } from "../../src/analyse/depth.js";
import { compareDepth } from "../../src/analyse/depth-compare.js";
import { cellsOf } from "../../src/analyse/cells.js";
import { summarizeRun } from "../../src/analyse/summary.js";
import { depthCurve } from "../../src/render/charts/depth-curve.js";
import { toSvg } from "../../src/render/charts/svg.js";
import { depth as depthSection } from "../../src/render/report/sections/depth.js";
import { depthChangeLines } from "../../src/render/depth-text.js";
import { messages } from "../../src/shared/i18n/catalogue.js";
import type { Trial } from "../../src/store/trial.js";
import type { StoredRun } from "../../src/analyse/load-run.js";

let clock = 1_700_000_000_000;
function trial(depth: number | undefined, i: number, o: { ttft: number; promptPerSecond?: number; tpot?: number; concurrency?: number }): Trial {
  clock += 100;
  const n = 10;
  const tpot = o.tpot ?? 10;
  const promptTokens = (depth ?? 0) + 20;
  return {
    trial: depth === undefined ? `v/hi/c${o.concurrency ?? 1}/r${i}` : `v/hi/d${depth}/c1/r${i}`,
    variant: "v", prompt: "hi", repetition: i, warmup: false, concurrency: o.concurrency ?? 1, in_flight: 1, session: 0,
    started_at: new Date(clock).toISOString(), sent_epoch_ms: clock, first_byte_ms: o.ttft, ttft_ms: o.ttft, ttft_answer_ms: o.ttft,
    e2e_ms: o.ttft + tpot * (n - 1), end_ms: o.ttft + tpot * (n - 1) + 1, chunks: [], output_tokens: { client: n, server: n }, reasoning_tokens: 0,
    prompt_tokens: { client: null, server: promptTokens }, finish_reason: "length",
    server: o.promptPerSecond === undefined ? null : { timings: { prompt_per_second: o.promptPerSecond, predicted_per_second: 1000 / tpot, prompt_n: promptTokens } },
    output: null, reasoning: null, error: null,
    ...(depth === undefined ? {} : { depth }),
  };
}

function run(id: string, slow = 1): StoredRun {
  const trials = [
    ...[0, 1, 2].map((i) => trial(undefined, i, { ttft: 20, promptPerSecond: 1000, tpot: 10 })),
    ...[0, 1, 2].map((i) => trial(undefined, i, { ttft: 40, concurrency: 2, promptPerSecond: 500, tpot: 20 })),
    ...[0, 1, 2].map((i) => trial(1024, i, { ttft: 600 * slow, promptPerSecond: 800 / slow + i, tpot: 12 * slow })),
    ...[0, 1, 2].map((i) => trial(4096, i, { ttft: 3000 * slow, promptPerSecond: 600 / slow + i, tpot: 16 * slow })),
  ];
  return { dir: id, manifest: { run_id: id, experiment: { name: "x" }, variants: {} } as never, trials };
}

test("depth rows: depth 0 from concurrency 1, the server's prefill rate, decode and TPOT; depth trials stay out of the cells", () => {
  const rows = depthOfRun(run("r1"));
  assert.ok(rows);
  assert.deepEqual(rows.map((r) => r.depth), [0, 1024, 4096]);
  assert.deepEqual(rows.map((r) => r.prompt_tokens), [20, 1044, 4116]);
  assert.deepEqual(rows.map((r) => r.prefill_source), ["server", "server", "server"]);
  assert.equal(rows[1]?.prefill_tps?.mean, 801);
  assert.ok(Math.abs((rows[2]?.decode_tps?.mean ?? 0) - 62.5) < 1e-9);
  assert.ok(Math.abs((rows[2]?.tpot_ms.mean ?? 0) - 16) < 1e-9);
  assert.equal(rows[2]?.requests, 3);
  assert.deepEqual(cellsOf(run("r1").trials).map((c) => [c.concurrency, c.trials.length]), [[1, 3], [2, 3]]);
  assert.equal(depthOfRun({ ...run("r0"), trials: run("r0").trials.filter((t) => t.depth === undefined) }), undefined, "no depth, no rows");
  assert.ok(summarizeRun(run("r1")).depth?.length === 3);
  // a conversation's turns run one at a time too, but carry their history: not depth 0
  const turns = [1, 2].map((n) => ({ ...trial(undefined, n, { ttft: 90, promptPerSecond: 300 }), trial: `v/hi/u1/s0/t${n}`, turn: n }));
  const withTurns = depthOfRun({ ...run("r2"), trials: [...run("r2").trials, ...turns] });
  assert.equal(withTurns?.[0]?.requests, 3);
  assert.equal(withTurns?.[0]?.ttft_ms.median, 20);
  assert.equal(summarizeRun({ ...run("r0"), trials: run("r0").trials.filter((t) => t.depth === undefined) }).depth, undefined);
});

test("without a server rate, prefill is prompt tokens (depth included) ÷ TTFT", () => {
  const r = run("r1");
  for (const t of r.trials) t.server = null;
  const rows = depthOfRun(r)!;
  assert.equal(rows[1]?.prefill_source, "client");
  assert.ok(Math.abs((rows[1]?.prefill_tps?.mean ?? 0) - 1044 / 0.6) < 1e-6);
  assert.equal(rows[1]?.decode_source, "client");
});

test("the depth chart renders; the report section has a table per variant, the slowdown and the definitions, in en and ja", async () => {
  const summary = summarizeRun(run("r1"));
  const input = { runs: [run("r1")], summaries: [summary] };
  const spec = depthCurve.spec(input, messages("en").charts);
  assert.ok(spec);
  assert.match(await toSvg(spec), /<svg/);
  assert.match(JSON.stringify(spec), /context depth \(tokens\)/);
  assert.match(JSON.stringify(depthCurve.spec(input, messages("ja").charts)), /コンテキストの深さ/);
  const en = JSON.stringify(depthSection.build({ ...input, charts: [], generated_at: "2026-12-01T00:00:00Z" }));
  assert.match(en, /Context depth/);
  assert.match(en, /at a depth of 4,096 tokens, prefill runs at 60% and decode at 63% of their speed at the shallowest depth/);
  assert.match(en, /prompt tokens \(depth included\) ÷ TTFT/);
  const ja = JSON.stringify(depthSection.build({ ...input, charts: [], generated_at: "2026-12-01T00:00:00Z", lang: "ja" }));
  assert.match(ja, /コンテキストの深さ/);
  assert.equal(depthSection.build({ runs: [], summaries: [{ ...summary, depth: undefined } as never], charts: [], generated_at: "" }).length, 0);
});

test("compare: per depth, B ÷ A for prefill and decode with intervals; lines in words", () => {
  const changes = compareDepth(run("a"), run("b", 2));
  assert.deepEqual(changes.map((c) => c.depth), [0, 1024, 4096]);
  const deep = changes[2]!;
  assert.ok(deep.prefill && Math.abs(deep.prefill.ratio - 301 / 601) < 0.01, JSON.stringify(deep));
  assert.equal(deep.prefill?.change, "slower");
  assert.equal(changes[0]?.prefill?.change, "no significant change");
  const lines = depthChangeLines(changes, "en");
  assert.match(lines.join("\n"), /v at depth 4,096: prefill ×0\.50 \(0\.5\d–0\.5\d\) slower, decode ×0\.50/);
});

test("a report over two runs compares each later run's depths with the first's, in words", () => {
  const runs = [run("r1"), run("r2", 2)];
  const input = { runs, summaries: runs.map((r) => summarizeRun(r)), charts: [], generated_at: "" };
  const en = JSON.stringify(depthSection.build(input));
  assert.match(en, /Each later run against run r1, depth by depth/);
  assert.match(en, /4,096[^"]*slower/);
  const ja = JSON.stringify(depthSection.build({ ...input, lang: "ja" }));
  assert.match(ja, /計測ラン r1 と比べた/);
  assert.doesNotMatch(JSON.stringify(depthSection.build({ ...input, runs: runs.slice(0, 1), summaries: input.summaries.slice(0, 1) })), /Each later run/);
});
