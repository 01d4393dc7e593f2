/**
 * `trialbook notebook run --lang ja` on the shipped speed notebook: the parameter reaches the notebook, and the
 * sections and charts it shows come from the Japanese catalogue through the public API.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, cpSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { cli } from "../helpers/cli.js";
import { tempDir } from "../helpers/experiments.js";
import type { Notebook } from "../../src/notebook/ipynb.js";

const repo = fileURLToPath(new URL("../..", import.meta.url));
const golden = fileURLToPath(new URL("../fixtures/runs/golden", import.meta.url));
const textOf = (v: string | string[] | undefined) => (Array.isArray(v) ? v.join("") : (v ?? ""));

test("notebook run --lang ja: the speed notebook shows its sections and charts in Japanese", () => {
  const root = tempDir();
  cpSync(golden, join(root, "runs", "golden", "20260101-000000-gold"), { recursive: true });
  mkdirSync(join(root, "notebooks"));
  copyFileSync(join(repo, "notebooks", "speed.ipynb"), join(root, "notebooks", "speed.ipynb"));
  const out = join(root, "out");
  const r = cli(["notebook", "run", "notebooks/speed.ipynb", "-p", "run=runs/golden/20260101-000000-gold", "--lang", "ja", "--format", "ipynb,html", "--out", out], { cwd: root });
  assert.equal(r.status, 0, r.stderr);
  const nb = JSON.parse(readFileSync(join(out, "speed.ipynb"), "utf8")) as Notebook;
  const injected = nb.cells.find((c) => c.metadata.tags?.includes("injected-parameters"));
  assert.match(textOf(injected?.source), /let lang = "ja";/);
  const outputs = nb.cells.flatMap((c) => (c.cell_type === "code" ? c.outputs : []));
  const md = outputs.flatMap((o) => (o.output_type === "display_data" ? [textOf(o.data["text/markdown"])] : [])).join("\n");
  for (const heading of ["## エグゼクティブサマリー", "## サマリー", "## 計測結果", "## グラフ", "## 計測方法", "### 指標の定義"]) assert.ok(md.includes(heading), `lacks ${heading}`);
  assert.match(md, /生成速度/);
  assert.doesNotMatch(md, /## (Summary|Results|Methodology)\b/);
  const svgs = outputs.flatMap((o) => (o.output_type === "display_data" && o.data["image/svg+xml"] !== undefined ? [textOf(o.data["image/svg+xml"] as string | string[])] : []));
  assert.ok(svgs.some((s) => s.includes("生成速度（トークン/秒）")), "a chart axis in Japanese");
  // the page says it is Japanese, so table headers break between phrases (not "エラ/ー") and glyphs are Japanese ones
  const html = readFileSync(join(out, "speed.html"), "utf8");
  assert.match(html, /<html lang="ja">/);
  assert.match(html, /th \{ word-break: keep-all; word-break: auto-phrase; \}/);
  assert.match(html, /speed · 実行 \d{4}-/, "the footer in the notebook's language");
  assert.doesNotMatch(html, /· executed /);
});
