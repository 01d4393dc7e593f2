import { test } from "node:test";
import assert from "node:assert/strict";
import { appendFileSync, cpSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadRun, loadRuns, summarize, compare } from "../../src/analyse/frames.js";
import { cli } from "../helpers/cli.js";
import { tempDir } from "../helpers/experiments.js";

const golden = fileURLToPath(new URL("../fixtures/runs/golden", import.meta.url));

test("loadRun: one flat row per trial and per chunk, as danfo DataFrames", async () => {
  const { trials, chunks, run } = await loadRun(golden);
  assert.equal(trials.shape[0], 5);
  assert.equal(chunks.shape[0], 2 + 4 + 3 + 4);
  assert.deepEqual(trials["trial"].values, run.trials.map((t) => t.trial));
  const tpot = trials["tpot_ms"].values as Array<number | null>;
  assert.deepEqual(tpot.slice(1, 4), [20, 16, 15]);
  assert.deepEqual(trials["error_kind"].values.at(-1), "http");
  assert.deepEqual(trials["token_mismatch"].values, [false, false, false, true, false]);
  const trialOfChunk = chunks["trial"].values as string[];
  const gaps = (chunks["gap_ms"].values as Array<number | null>).filter((_, i) => trialOfChunk[i] === "v/p/c1/r1");
  assert.deepEqual(gaps.slice(1), [40, 40]);
});

test("loadRuns, summarize and compare return DataFrames", async () => {
  const both = await loadRuns([golden, golden]);
  assert.equal(both.trials.shape[0], 10);
  const s = await summarize(golden);
  const metrics = s["metric"].values as string[];
  assert.ok(metrics.includes("ttft_ms") && metrics.includes("itl_chunk_ms"));
  const c = await compare(golden, golden);
  assert.ok((c["ratio"].values as number[]).every((r) => Math.abs(r - 1) < 1e-12));
  assert.ok((c["change"].values as string[]).every((x) => x === "no significant change"));
});

test("export writes trials, chunks, summary and levels as CSV", () => {
  const out = tempDir();
  const r = cli(["export", golden, "--out", out]);
  assert.equal(r.status, 0, r.stderr);
  const trials = readFileSync(join(out, "trials.csv"), "utf8").trim().split("\n");
  assert.equal(trials.length, 1 + 5);
  assert.match(trials[0] ?? "", /^run_id,experiment,trial,variant,/);
  assert.ok(trials.some((l) => l.includes("HTTP 500: boom")));
  assert.equal(readFileSync(join(out, "chunks.csv"), "utf8").trim().split("\n").length, 1 + 13);
  assert.match(readFileSync(join(out, "summary.csv"), "utf8"), /ttft_ms/);
  assert.match(readFileSync(join(out, "levels.csv"), "utf8"), /goodput_rps/);
});

test("export: capacity.csv starts with run_id, as levels.csv and depth.csv do", () => {
  const run = join(tempDir(), "20260101-000000-gold");
  cpSync(golden, run, { recursive: true });
  // two requests of an open-loop level at 8 req/s, made from the fixture's first measured one
  const t = JSON.parse(readFileSync(join(golden, "trials.jsonl"), "utf8").split("\n")[1] ?? "{}") as Record<string, unknown>;
  const level = [0, 1].map((i) => ({ ...t, trial: `v/p/poisson@8/r${i}`, repetition: i, rate: 8, scheduled_ms: i * 125, send_lateness_ms: 0 }));
  appendFileSync(join(run, "trials.jsonl"), level.map((x) => `${JSON.stringify(x)}\n`).join(""));
  const out = tempDir();
  const r = cli(["export", run, "--out", out]);
  assert.equal(r.status, 0, r.stderr);
  const capacity = readFileSync(join(out, "capacity.csv"), "utf8").trim().split("\n");
  assert.match(capacity[0] ?? "", /^run_id,variant,prompt,max_rate_rps,/);
  assert.match(capacity[1] ?? "", /^20260101-000000-gold,v,p,/);
  assert.match(readFileSync(join(out, "levels.csv"), "utf8"), /^run_id,/);
});
