/**
 * Reports in both languages from fixed fixture runs: golden Markdown in English and Japanese, the language taken from
 * the experiment's `report.language` or `--lang`, chart titles and axes in the language, no reference to files
 * outside the report, and the demo-model caption only under a self-made model's answer.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { writeReport } from "../../src/render/report/write.js";
import { tempDir } from "../helpers/experiments.js";
import { cli } from "../helpers/cli.js";
import { assertGolden } from "../helpers/golden.js";
import { around, fixtureRun } from "./fixture-runs.js";

const golden = fileURLToPath(new URL("../fixtures/runs/golden", import.meta.url));
const out = fileURLToPath(new URL("../output/report", import.meta.url));
const AT = "2026-01-02T03:04:05.000Z";

const twoVariants = () =>
  fixtureRun([{ id: "fast", rates: around(67.5) }, { id: "slow", rates: around(50), reasoning: 4 }, { id: "same", rates: around(50, [1.0, 0.99, 1.03, 0.98, 1.02, 1.01, 0.97, 1.08]) }], { runId: "20260301-000000-two" });

test("golden: the fixture run in Japanese, and a three-variant run in both languages", async () => {
  const dir = tempDir();
  const ja = await writeReport([golden], { formats: ["md"], out: dir, generatedAt: AT, language: "ja" });
  assertGolden(join(out, "single-ja.md"), readFileSync(`${ja.base}.md`, "utf8"));
  const run = twoVariants();
  for (const language of ["en", "ja"] as const) {
    const { base } = await writeReport([run], { formats: ["md"], out: join(dir, language), generatedAt: AT, language });
    assertGolden(join(out, `three-variants-${language}.md`), readFileSync(`${base}.md`, "utf8"));
  }
});

test("the experiment's report.language chooses the language; --lang overrides it", async () => {
  const run = fixtureRun([{ id: "a", rates: around(50) }, { id: "b", rates: around(40) }], { language: "ja" });
  const dir = tempDir();
  const { base } = await writeReport([run], { formats: ["md"], out: dir, generatedAt: AT });
  const md = readFileSync(`${base}.md`, "utf8");
  assert.match(md, /^# 速度計測レポート：fixture/m);
  assert.match(md, /## エグゼクティブサマリー/);
  assert.match(md, /## 計測方法/);
  assert.match(md, /「AI for Scienceについて詳しく解説して」/, "the experiment's prompt as written");
  assert.match(md, /日本語の回答です。/, "the model's answer as written");
  const r = cli(["report", run, "--lang", "en", "--format", "md,html", "--out", join(dir, "en")]);
  assert.equal(r.status, 0, r.stderr);
  const en = readFileSync(join(dir, "en", "20260301-000000-fix.md"), "utf8");
  assert.match(en, /## Executive summary/);
  assert.doesNotMatch(en, /エグゼクティブ|計測方法/);
  const bad = cli(["report", run, "--lang", "fr", "--format", "md", "--out", join(dir, "fr")]);
  assert.notEqual(bad.status, 0);
  assert.match(bad.stderr, /lang.*fr|fr.*lang/i);
});

test("charts carry titles, axes and legends in the report's language", async () => {
  const run = twoVariants();
  const dir = tempDir();
  const { base } = await writeReport([run], { formats: ["md", "html"], out: dir, generatedAt: AT, language: "ja" });
  const spec = JSON.parse(readFileSync(join(`${base}.charts`, "decode-rates.vl.json"), "utf8")) as { encoding: { color: { title: string; scale: { domain: string[] } } } };
  assert.equal(spec.encoding.color.title, "計測元");
  assert.deepEqual(spec.encoding.color.scale.domain, ["サーバー", "trialbook"]);
  const svg = readFileSync(join(`${base}.charts`, "decode-rates.svg"), "utf8");
  assert.match(svg, /生成速度（トークン\/秒）/);
  const html = readFileSync(`${base}.html`, "utf8");
  assert.match(html, /<html lang="ja">/, "the page's language, so the browser picks Japanese glyph forms");
  assert.match(html, /<h2>エグゼクティブサマリー<\/h2>/);
  assert.match(html, /<h3>生成速度<\/h3>/);
});

test("no report text, in either language, sends the reader to METRICS.md or another file outside it", async () => {
  const dir = tempDir();
  for (const language of ["en", "ja"] as const) {
    for (const run of [golden, twoVariants()]) {
      const { base } = await writeReport([run], { formats: ["md", "html"], out: join(dir, language), generatedAt: AT, language });
      for (const f of [`${base}.md`, `${base}.html`]) assert.doesNotMatch(readFileSync(f, "utf8"), /METRICS\.md/);
    }
  }
  for (const nb of readdirSync(fileURLToPath(new URL("../../notebooks", import.meta.url))).filter((f) => f.endsWith(".ipynb"))) {
    assert.doesNotMatch(readFileSync(fileURLToPath(new URL(`../../notebooks/${nb}`, import.meta.url)), "utf8"), /METRICS\.md/, nb);
  }
});

test("the demo-model caption stands only under an answer of trialbook's self-made model, never under a real model's", async () => {
  const run = fixtureRun([{ id: "demo", rates: around(50), modelName: "trialbook-demo" }, { id: "real", rates: around(50), modelName: "gpt-oss-120b" }, { id: "made", rates: around(50), modelName: "trialbook-d64-l2" }]);
  const dir = tempDir();
  for (const language of ["en", "ja"] as const) {
    const { base } = await writeReport([run], { formats: ["md"], out: join(dir, language), generatedAt: AT, language });
    const appendix = readFileSync(`${base}.md`, "utf8").split(/^## (Appendix|付録)$/m)[2] ?? "";
    const caption = language === "en" ? "self-made demo model with random weights" : "ランダムな重みのデモ用モデル";
    const blocks = appendix.split(/^(?=\S+ \(|\S+（)/m);
    const after = (variant: string) => blocks.find((b) => b.startsWith(`${variant} (`) || b.startsWith(`${variant}（`)) ?? "";
    assert.ok(after("demo").includes(caption), `${language}: captioned under the self-made demo model`);
    assert.ok(after("made").includes(caption), `${language}: captioned under a self-made model with its default name`);
    assert.ok(!after("real").includes(caption), `${language}: never under a real model's answer`);
    assert.equal(appendix.split(caption).length - 1, 2);
  }
});

test("report.language accepts en and ja only: anything else is FILE:LINE:COL with the allowed values, exit 2", () => {
  const dir = tempDir();
  const file = join(dir, "x.yaml");
  writeFileSync(file, "name: x\nbackends: { e: { type: llama-cpp } }\nvariants: [{ id: m, backend: e, model: m.gguf, format: gguf }]\nworkload: { prompts: [{ id: p, text: hi }], max_tokens: 8 }\nreport: { language: jp }\n");
  const r = cli(["validate", file]);
  assert.equal(r.status, 2);
  assert.match(r.stderr + r.stdout, /x\.yaml:5:21 +report\.language +is "jp", allowed: en, ja \(did you mean "ja"\?\)/);
  writeFileSync(file, readFileSync(file, "utf8").replace("language: jp", "language: ja"));
  assert.equal(cli(["validate", file]).status, 0);
});
