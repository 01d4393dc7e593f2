/**
 * A feasibility run (a fake OpenAI-compatible flagship, the embedded engine with a self-made model as the local model)
 * reported in both languages: the decision on the first page, the verdict page and the terminal verdict in the
 * language, the definitions inside the report (no METRICS.md), the embedded-engine caveat, and the demo-model caption
 * only under the self-made model's answer.
 */
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { readRun } from "../../src/analyse/load-run.js";
import { feasibilityVerdict } from "../../src/analyse/feasibility/verdict.js";
import { verdictText } from "../../src/render/verdict-text.js";
import { writeReport } from "../../src/render/report/write.js";
import { tempDir } from "../helpers/experiments.js";
import { makeFeasibilityRun } from "../helpers/speed-run.js";

let runDir: string;
before(async () => {
  runDir = await makeFeasibilityRun(tempDir());
});

const report = async (language: "en" | "ja") => {
  const { base } = await writeReport([runDir], { formats: ["md"], out: tempDir(), generatedAt: "2026-01-02T03:04:05.000Z", language });
  return readFileSync(`${base}.md`, "utf8");
};

test("the verdict in English and Japanese: decision on the first page, verdict page, terminal text", async () => {
  const run = readRun(runDir);
  const v = feasibilityVerdict(run.trials, run.manifest);
  const en = await report("en");
  const ja = await report("ja");
  const exec = (md: string, next: RegExp) => md.slice(0, md.search(next));
  if (v.verdict === "feasible-locally") {
    assert.match(exec(en, /^## Summary/m), /\*\*Decision\.\*\* Feasible locally on local \(\d+%\); threshold 80% on every task\./);
    assert.match(exec(ja, /^## サマリー/m), /\*\*結論\*\*：local（\d+%）でローカルに実現可能です（基準：すべてのタスクで合格率 80% 以上）。/);
  } else {
    assert.match(exec(ja, /^## サマリー/m), /\*\*結論\*\*：(現時点では実現不可|オープンウェイトモデルの進歩待ち|判定保留)/);
  }
  assert.match(ja, /^## 判定$/m);
  assert.match(ja, /^### 構成別$/m);
  assert.match(ja, /\| 構成 +\| 段階 +\| 判定 +\|/);
  assert.match(ja, /フラッグシップ/);
  assert.match(ja, /生成トークン\/秒 = \(N − 1\) \/ \(E2E − TTFT\)/, "the decode definition stands in the verdict page itself");
  for (const md of [en, ja]) assert.doesNotMatch(md, /METRICS\.md/);
  assert.match(exec(en, /^## Summary/m), /embedded llama\.cpp engine/);
  assert.match(exec(ja, /^## サマリー/m), /組み込まれた llama\.cpp エンジン/);
  const text = verdictText(v, { lang: "ja" });
  assert.match(text, /^判定：/);
  assert.match(text, /Wilson スコア区間/);
  assert.equal(verdictText(v).split("\n")[0], `VERDICT: ${v.headline}`, "the English terminal headline is the stored one");
});

test("the demo-model caption stands under the self-made local model's answer only", async () => {
  for (const [md, caption] of [[await report("en"), "self-made demo model with random weights"], [await report("ja"), "ランダムな重みのデモ用モデル"]] as const) {
    const samples = md.slice(md.search(/^### (Sample answers|回答の例)$/m), md.search(/^### (Manifest of run|計測ラン .* のマニフェスト)/m));
    const local = samples.indexOf("\nlocal");
    const flagship = samples.indexOf("\nflagship");
    assert.ok(local > 0 && flagship > 0, samples);
    const localBlock = local > flagship ? samples.slice(local) : samples.slice(local, flagship);
    const flagshipBlock = flagship > local ? samples.slice(flagship) : samples.slice(flagship, local);
    assert.ok(localBlock.includes(caption), "captioned under the self-made model");
    assert.ok(!flagshipBlock.includes(caption), "not under the other model's answer");
  }
});
