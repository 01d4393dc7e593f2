/**
 * Doubtful figures are flagged where the reader looks: a request whose token counts were estimated, whose reasoning
 * the server hid or sent inside the answer, or whose counts are a proxy's, is counted in the executive summary's
 * caveats, the errors section and the terminal summary, in English and Japanese.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { around, fixtureRun } from "./fixture-runs.js";
import { writeReport } from "../../src/render/report/write.js";
import { readRun } from "../../src/analyse/load-run.js";
import { summarizeRun } from "../../src/analyse/summary.js";
import { summaryTable } from "../../src/render/summary-table.js";
import { tempDir } from "../helpers/experiments.js";

const run = () => fixtureRun([
  { id: "vllm", rates: around(50), flags: ["tokens-estimated", "proxy-counts"] },
  { id: "gemini", rates: around(40), flags: ["hidden-reasoning"] },
  { id: "plain", rates: around(30) },
]);

test("summary levels count each flag over measured requests", () => {
  const s = summarizeRun(readRun(run()));
  const by = Object.fromEntries(s.levels.map((l) => [l.variant, l.flagged]));
  assert.deepEqual(by["vllm"], { "tokens-estimated": 8, "proxy-counts": 8 });
  assert.deepEqual(by["gemini"], { "hidden-reasoning": 8 });
  assert.deepEqual(by["plain"], {});
});

for (const lang of ["en", "ja"] as const) {
  test(`report (${lang}): caveats and the errors section name every flag with its count; the terminal summary warns`, async () => {
    const dir = run();
    const out = tempDir();
    const { files } = await writeReport([dir], { formats: ["md"], out, language: lang, generatedAt: "2026-03-02T00:00:00Z" });
    const md = readFileSync(files.find((f) => f.endsWith(".md")) ?? join(out, "missing"), "utf8");
    const phrases = lang === "en"
      ? ["8 request(s) with estimated per-chunk token counts", "8 request(s) where the server counted reasoning it did not stream", "8 request(s) went through a proxy"]
      : ["トークン数が推定値のリクエスト：8 件", "サーバーが配信しなかった推論トークンを数えていたリクエスト：8 件", "プロキシ（LiteLLM）を経由したリクエスト：8 件"];
    for (const p of phrases) assert.equal(md.split(p).length - 1, 2, `"${p}" in the caveats and in the errors section`);
    const table = summaryTable(summarizeRun(readRun(dir)), readRun(dir).manifest, lang);
    for (const p of phrases) assert.ok(table.includes(p), `terminal summary: ${p}`);
  });
}
