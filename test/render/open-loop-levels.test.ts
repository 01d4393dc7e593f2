/**
 * Open-loop levels under one cap on requests in flight (every rate at `concurrency: 2`) are each their own item: their
 * own bar, box, point and comparison row, named by the offered rate, ordered by rate, never summed with or paired to
 * another rate; `compare` and its gate name the level; a two-run report names the run of each capacity sentence.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { summarizeRun } from "../../src/analyse/summary.js";
import { compareRuns, compareVariants } from "../../src/analyse/compare.js";
import { compareTable } from "../../src/render/compare-table.js";
import { decodeRates } from "../../src/render/charts/decode-rates.js";
import { throughputLatency } from "../../src/render/charts/throughput-latency.js";
import { ttftBox } from "../../src/render/charts/ttft-box.js";
import { itlBox } from "../../src/render/charts/itl-box.js";
import { runComparison } from "../../src/render/charts/run-comparison.js";
import type { ChartInput, ChartKind } from "../../src/render/charts/types.js";
import { messages } from "../../src/shared/i18n/catalogue.js";
import { readRun } from "../../src/analyse/load-run.js";
import { writeReport } from "../../src/render/report/write.js";
import { tempDir } from "../helpers/experiments.js";
import { cli } from "../helpers/cli.js";
import { LEVELS_A, openLoopRun, runsAB } from "./open-loop-runs.js";

type Row = Record<string, unknown>;
const valuesOf = (kind: ChartKind, input: ChartInput, lang: "en" | "ja" = "en"): Row[] => {
  const spec = kind.spec({ ...input, lang }, messages(lang).charts);
  assert.ok(spec);
  return (spec["data"] as { values: Row[] }).values;
};
const one = () => {
  const run = readRun(openLoopRun("20261202-000000-one", { v: LEVELS_A }));
  return { runs: [run], summaries: [summarizeRun(run)] };
};

test("decode speed: one bar per level and source, named by rate, ordered by rate, never stacked", () => {
  const input = one();
  const values = valuesOf(decodeRates, input);
  const server = values.filter((v) => v["source"] === "server");
  assert.deepEqual(server.map((v) => v["cell"]), ["v · c1", "v · 4 req/s", "v · 11.5 req/s", "v · 19 req/s"]);
  assert.equal(new Set(values.map((v) => `${String(v["cell"])}|${String(v["source"])}`)).size, values.length, "no two bars share a row and a source");
  const spec = decodeRates.spec(input, messages("en").charts) as { layer: Array<{ encoding: { x: Row } }> };
  assert.equal(spec.layer[0]?.encoding.x["stack"], null);
  assert.deepEqual(valuesOf(decodeRates, input, "ja").filter((v) => v["source"] === "サーバー").map((v) => v["cell"])[1], "v · 毎秒4件");
});

test("TTFT and ITL boxes: one box per level, by rate", () => {
  const input = one();
  const cells = (k: ChartKind) => [...new Set(valuesOf(k, input).map((v) => v["cell"]))];
  for (const kind of [ttftBox, itlBox]) assert.deepEqual(cells(kind), ["v · c1", "v · 4 req/s", "v · 11.5 req/s", "v · 19 req/s"]);
  assert.equal(valuesOf(ttftBox, input).length, 24);
});

test("throughput vs latency: open-loop levels on their own line, labelled and ordered by rate", () => {
  const values = valuesOf(throughputLatency, one());
  const open = values.filter((v) => v["series"] === "v · open loop");
  assert.deepEqual(open.map((v) => v["level"]), ["4 req/s", "11.5 req/s", "19 req/s"]);
  assert.deepEqual(open.map((v) => v["order"]), [4, 11.5, 19]);
  assert.deepEqual(values.filter((v) => v["series"] === "v").map((v) => v["level"]), ["c1"]);
  assert.ok(!values.some((v) => v["level"] === "c2"));
});

test("compare: like levels paired only, rows carry rate and level (absent for closed-loop rows)", () => {
  const { runs } = runsAB();
  const rows = compareRuns(runs[0]!, runs[1]!, { metrics: ["decode_tps_server"] });
  assert.deepEqual(rows.map((r) => [r.level, r.rate, r.change]), [[undefined, undefined, "no significant change"], ["poisson@4", 4, "faster"], ["poisson@19", 19, "slower"]]);
  assert.ok(!("rate" in rows[0]!) && !("level" in rows[0]!));
  const at4 = rows[1]!;
  assert.ok(Math.abs((at4.mean_a ?? 0) - 1590) < 1 && Math.abs((at4.mean_b ?? 0) - 2160) < 1, "4 req/s in A against 4 req/s in B");
  const table = compareTable(rows);
  assert.match(table, /poisson@4\/s/);
  assert.match(table, /poisson@19\/s/);
  assert.doesNotMatch(table, /^v\s+p\s+2\s/m);
});

test("compare --variants pairs each variant's levels by rate, not by the shared cap", () => {
  const run = readRun(openLoopRun("20261202-000000-two", { x: LEVELS_A, y: [...LEVELS_A].reverse() }));
  const rows = compareVariants(run, "x", "y", { metrics: ["decode_tps_server"] });
  assert.deepEqual(rows.map((r) => r.level), [undefined, "poisson@4", "poisson@11.5", "poisson@19"], "by rate, as every table reads");
  for (const r of rows) assert.equal(r.ratio, 1, `${String(r.level)}: the same level on both sides`);
});

test("run-over-run chart: a row per level, facet names above their panels, the legend below in full", () => {
  const { runs } = runsAB();
  const input = { runs, summaries: runs.map(summarizeRun) };
  const spec = runComparison.spec(input, messages("en").charts) as Row & { facet: { row: { header: Row } }; spec: { layer: Array<{ encoding: { color?: { legend: Row } } }> } };
  const values = (spec["data"] as { values: Row[] }).values;
  const server = values.filter((v) => v["metric"] === "Decode tok/s (server)").map((v) => v["cell"]);
  assert.deepEqual(server, ["v · c1", "v · 4 req/s", "v · 19 req/s"]);
  assert.equal(spec.facet.row.header["labelAngle"], 0);
  assert.equal(spec.facet.row.header["labelOrient"], "top");
  assert.equal(spec.spec.layer.find((l) => l.encoding.color)?.encoding.color?.legend["orient"], "bottom");
});

test("compare --json carries rate and level; --fail-on names each level apart", () => {
  const { a, b } = runsAB();
  const json = cli(["compare", a, b, "--json"]);
  assert.equal(json.status, 0, json.stderr);
  const rows = JSON.parse(json.stdout) as Row[];
  assert.deepEqual([...new Set(rows.filter((r) => r["metric"] !== "max_rate_rps").map((r) => `${String(r["level"])}@${String(r["rate"])}`))], ["undefined@undefined", "poisson@4@4", "poisson@19@19"]);
  const gated = cli(["compare", a, b, "--fail-on", "slower"]);
  assert.equal(gated.status, 3, gated.stderr);
  assert.match(gated.stderr, /v\/p\/poisson@19 /);
  assert.doesNotMatch(gated.stderr, /v\/p\/c2/);
});

test("a two-run report names the run of each capacity sentence, in English and Japanese", async () => {
  const { a, b } = runsAB();
  for (const [language, pattern] of [["en", /serves up to|met the SLO at none/], ["ja", /処理できます|満たしませんでした/]] as const) {
    const { base } = await writeReport([a, b], { formats: ["md"], out: tempDir(), generatedAt: "2026-01-02T03:04:05.000Z", language });
    const lines = readFileSync(`${base}.md`, "utf8").split("\n").filter((l) => pattern.test(l));
    assert.ok(lines.length >= 4, `${language}: the sentences in the summary and in Capacity`);
    const run = language === "en" ? "Run" : "計測ラン";
    for (const l of lines) assert.match(l, new RegExp(`${run} 20261202-00000[01]-(aaaa|bbbb) — `), l);
  }
});

test("executive summary: an uncapped sweep (concurrency 0) is not taken for the lowest concurrency level", async () => {
  const dir = openLoopRun("20261202-000000-zero", { v: LEVELS_A, w: LEVELS_A });
  const file = join(dir, "trials.jsonl");
  const uncapped = readFileSync(file, "utf8").trim().split("\n").map((l) => {
    const t = JSON.parse(l) as { rate?: number; concurrency: number };
    if (t.rate !== undefined) t.concurrency = 0;
    return JSON.stringify(t);
  });
  writeFileSync(file, `${uncapped.join("\n")}\n`);
  const { base } = await writeReport([dir], { formats: ["md"], out: tempDir(), generatedAt: "2026-01-02T03:04:05.000Z" });
  const md = readFileSync(`${base}.md`, "utf8");
  const speed = md.slice(md.indexOf("**Speed.**"), md.indexOf("**Comparison.**"));
  assert.match(speed, /Figures for one request at a time/);
  assert.equal(speed.match(/generates 1,340\.0 tokens\/s/g)?.length, 2, speed);
  assert.doesNotMatch(md, /0 requests at once|- v and v:/);
});

test("summary table: a level column (c1, then rates from the lowest) and a note saying what it holds", async () => {
  const { summaryTable } = await import("../../src/render/summary-table.js");
  const { runs, summaries } = one();
  const table = summaryTable(summaries[0]!, runs[0]!.manifest);
  const levels = table.split("\n").filter((l) => l.startsWith("v ")).map((l) => l.split(/\s{2,}/)[2]);
  assert.deepEqual(levels, ["c1", "poisson@4/s", "poisson@11.5/s", "poisson@19/s"]);
  assert.match(table, /^variant +prompt +level +n /m);
  assert.match(table, /level: c4 = 4 requests at once \(closed loop\); poisson@2\/s = requests arriving at 2 per second/);
  assert.match(summaryTable(summaries[0]!, runs[0]!.manifest, "ja"), /水準：c4 ＝ 同時に4件/);
});
