/**
 * notebooks/capacity.ipynb runs headless against a real open-loop run (a short SLO search on a fake server of known
 * capacity): the sentence, the level table, the curve as SVG, the send-lateness table and the capacity figures; the
 * context-depth section and chart (the run also measures `workload.depth`); and its conversations: the per-turn
 * section, the TTFT-per-turn chart and the per-turn figures.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, mkdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { cli } from "../helpers/cli.js";
import { tempDir, writeExperiment } from "../helpers/experiments.js";
import { startSlotsServer } from "../fakes/fake-slots-server.js";
import { runExperiment } from "../../src/run/runner.js";
import type { Notebook } from "../../src/notebook/ipynb.js";

const repo = fileURLToPath(new URL("../..", import.meta.url));
const textOf = (v: string | string[] | undefined) => (Array.isArray(v) ? v.join("") : (v ?? ""));

test("capacity.ipynb: the answer, the levels, the curve, send lateness and the figures", async () => {
  const root = tempDir();
  const server = await startSlotsServer({ slots: 2, prefillMs: 50, tokenMs: 50, tokens: 3 });
  let dir: string;
  try {
    const file = writeExperiment(root, {
      name: "nb-capacity",
      backends: { s: { type: "openai", base_url: server.url } },
      variants: [{ id: "slots", backend: "s", model: "slots", format: "gguf" }],
      workload: { prompts: [{ id: "hi", text: "Say hi." }], max_tokens: 3, warmup: 0, repetitions: 2, depth: [0, 64], sweep: { rates: [2, 40], arrivals: "constant", requests: 12, search: true, refine: 0 }, sessions: { turns: 2, users: [1, 2] } },
      slo: { ttft_ms: 400 },
    });
    dir = (await runExperiment({ file, runsDir: join(root, "runs") })).dir;
  } finally {
    await server.close();
  }
  mkdirSync(join(root, "notebooks"));
  copyFileSync(join(repo, "notebooks/capacity.ipynb"), join(root, "notebooks/capacity.ipynb"));
  const out = join(root, "reports/notebooks");
  const r = cli(["notebook", "run", "notebooks/capacity.ipynb", "-p", `run=${relative(root, dir)}`, "--out", out], { cwd: root });
  assert.equal(r.status, 0, r.stderr);
  const nb = JSON.parse(readFileSync(join(out, "capacity.ipynb"), "utf8")) as Notebook;
  const outputs = nb.cells.flatMap((c) => (c.cell_type === "code" ? c.outputs : []));
  const md = outputs.flatMap((o) => (o.output_type === "display_data" ? [textOf(o.data["text/markdown"])] : [])).join("\n");
  assert.match(md, /## Capacity/);
  assert.match(md, /slots serves up to 2 requests\/s/);
  assert.match(md, /lateness p50 \/ p99 \/ max ms/);
  assert.ok(outputs.some((o) => o.output_type === "display_data" && o.data["image/svg+xml"] !== undefined), "the capacity curve");
  // context depth: the section with its table and the depth chart
  assert.match(md, /## Context depth/);
  assert.match(md, /\| 64 +\|/);
  const charts = outputs.filter((o) => o.output_type === "display_data" && o.data["image/svg+xml"] !== undefined);
  assert.equal(charts.length, 3, "the capacity curve, the TTFT-per-turn chart and the depth chart");
  const plain = outputs.flatMap((o) => (o.output_type === "display_data" ? [textOf(o.data["text/plain"])] : [])).join("\n");
  assert.match(plain, /"max_rate_rps": 2/);
  assert.match(plain, /"first_missed_rps": 40/);
  // conversations: the per-turn section, its chart and figures
  assert.match(md, /## Conversations/);
  assert.match(md, /slots holds 2 conversations at once \(2 turns each/);
  assert.match(plain, /"max_sessions": 2/);
  assert.match(plain, /"turn": 2/);

  // the same notebook for a Japanese reader: its own words and the sections come in Japanese
  const ja = cli(["notebook", "run", "notebooks/capacity.ipynb", "-p", `run=${relative(root, dir)}`, "--lang", "ja", "--out", join(root, "reports/ja")], { cwd: root });
  assert.equal(ja.status, 0, ja.stderr);
  const jaMd = (JSON.parse(readFileSync(join(root, "reports/ja/capacity.ipynb"), "utf8")) as Notebook).cells
    .flatMap((c) => (c.cell_type === "code" ? c.outputs : []))
    .flatMap((o) => (o.output_type === "display_data" ? [textOf(o.data["text/markdown"])] : []))
    .join("\n");
  assert.match(jaMd, /# 実行結果の処理能力/);
  assert.match(jaMd, /リクエストは予定どおりに送られたか/);
  assert.match(jaMd, /毎秒2リクエストまで処理できます/);
  assert.doesNotMatch(jaMd, /requests stored|Were the requests sent/);
});
