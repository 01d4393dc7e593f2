/**
 * Comparisons in words respect the statistics, in both languages: two variants that differ clearly (decode ×1.35)
 * give "faster … (×1.35, 95% CI …)"; two that do not give "no measurable difference" with the interval, and no
 * "faster"; variants are compared like with like (the server's counter only when every variant has it).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readRun } from "../../src/analyse/load-run.js";
import { section } from "../../src/notebook/api.js";
import { around, fixtureRun } from "./fixture-runs.js";

const clear = () => fixtureRun([{ id: "fast", rates: around(67.5) }, { id: "slow", rates: around(50) }]);
const same = () => fixtureRun([{ id: "one", rates: around(50) }, { id: "two", rates: around(50, [1.0, 0.99, 1.03, 0.98, 1.02, 1.01, 0.97, 1.08]) }]);

test("a clear difference: 'faster' with the ratio and its 95% interval, in English and Japanese", () => {
  const run = readRun(clear());
  const en = section(run, "executive", { lang: "en" });
  assert.match(en, /fast is faster than slow \(×1\.35, 95% CI 1\.3\d–1\.3\d\)/);
  assert.match(en, /compared on the server's own counter for every variant/);
  const [lo, hi] = /95% CI (1\.\d\d)–(1\.\d\d)/.exec(en)!.slice(1).map(Number) as [number, number];
  assert.ok(lo > 1 && lo < 1.35 && hi > 1.35, `interval ${lo}–${hi} around 1.35, excluding 1`);
  const ja = section(run, "executive", { lang: "ja" });
  assert.match(ja, /fast は slow より速い（×1\.35、95%信頼区間 1\.3\d–1\.3\d）/);
  assert.match(ja, /すべての構成についてサーバー自身の計測値で比較/);
  assert.doesNotMatch(ja, /faster|no measurable/);
});

test("no measurable difference: said with the interval, never 'faster' or a ranking factor", () => {
  const run = readRun(same());
  const en = section(run, "executive", { lang: "en" });
  assert.match(en, /(one and two|two and one): no measurable difference \(×1\.0\d, 95% CI 0\.\d\d–1\.\d\d\)/);
  assert.doesNotMatch(en, /faster than|slower than|the next variant|Fastest/);
  const ja = section(run, "executive", { lang: "ja" });
  assert.match(ja, /(one と two|two と one)：測定上の差は認められない（×1\.0\d、95%信頼区間 0\.\d\d–1\.\d\d）/);
  assert.doesNotMatch(ja, /より速い|より遅い/);
});

test("like with like: when one server reports no counter, every variant is compared on trialbook's clock, and the report says so", () => {
  const run = readRun(fixtureRun([{ id: "fast", rates: around(67.5) }, { id: "slow", rates: around(50), server: false }]));
  const en = section(run, "executive", { lang: "en" });
  assert.match(en, /compared on trialbook's clock for every variant/);
  assert.match(en, /fast is faster than slow \(×1\.35, 95% CI 1\.3\d–1\.3\d\)/);
  assert.doesNotMatch(en, /server's own counter for every variant/);
  assert.match(section(run, "executive", { lang: "ja" }), /すべての構成について trialbook の計測値/);
});

test("the summary gives the answer's start beside the first token, and the share of reasoning tokens", () => {
  const run = readRun(fixtureRun([{ id: "thinker", rates: around(50), reasoning: 18 }, { id: "plain", rates: around(50) }]));
  const en = section(run, "summary", { lang: "en" });
  // 18 reasoning tokens at 20 ms each before the answer: first token at 100 ms, answer at ≈460 ms; 18 of 24 tokens reasoning
  assert.match(en, /thinker[^\n]*the first token \(reasoning\) arrives after 100 ms[^\n]*the first visible answer token after 4\d\d ms[^\n]*75% of generated tokens were reasoning/);
  assert.match(en, /plain[^\n]*the first token, which is also the answer's start, arrives after 100 ms[^\n]*no reasoning tokens/);
  const exec = section(run, "executive", { lang: "en" });
  assert.match(exec, /thinker[^\n]*its visible answer starts after 4\d\d ms \(its first reasoning token after 100 ms; 75% of generated tokens were reasoning\)/);
  const ja = section(run, "summary", { lang: "ja" });
  assert.match(ja, /画面に見える回答の最初のトークンまで 4\d\d ミリ秒/);
  assert.match(ja, /生成トークンのうち 75% が推論/);
});

test("run over run in words: 'slower in run …' only when the interval excludes 1, in both languages", async () => {
  const { reportInput } = await import("../../src/render/report/document.js");
  const { SECTIONS } = await import("../../src/render/report/sections/index.js");
  const { toMarkdownText } = await import("../../src/render/report/markdown.js");
  const md = (runs: string[], lang: "en" | "ja") => {
    const input = reportInput(runs.map(readRun), "2026-01-02T00:00:00.000Z", lang);
    return toMarkdownText({ type: "root", children: SECTIONS.executive.build(input) }, (c) => c);
  };
  const first = fixtureRun([{ id: "v", rates: around(50) }], { runId: "20260301-000000-a" });
  const slower = fixtureRun([{ id: "v", rates: around(40) }], { runId: "20260302-000000-b" });
  const same = fixtureRun([{ id: "v", rates: around(50, [1.0, 0.99, 1.03, 0.98, 1.02, 1.01, 0.97, 1.08]) }], { runId: "20260303-000000-c" });
  assert.match(md([first, slower], "en"), /v: slower in run 20260302-000000-b \(×0\.80, 95% CI 0\.7\d–0\.8\d; server's counter\)/);
  assert.match(md([first, slower], "ja"), /v：計測ラン 20260302-000000-b の方が遅い（×0\.80、95%信頼区間 0\.7\d–0\.8\d。サーバーの計測値）/);
  const en = md([first, same], "en");
  assert.match(en, /v: no measurable difference in run 20260303-000000-c \(×1\.00, 95% CI 0\.9\d–1\.0\d; server's counter\)/);
  assert.doesNotMatch(en, /faster in run|slower in run/);
  assert.match(md([first, same], "ja"), /計測ラン 20260303-000000-c との間に測定上の差は認められない/);
});
