/**
 * Every metric against values computed by hand on a fixed fixture run (test/fixtures/runs/golden): a warm-up, three
 * measured trials — one token per chunk, two tokens per chunk, reasoning then answer with a server/client count
 * mismatch — and a failed request.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { readRun } from "../../src/analyse/load-run.js";
import { summarizeRun, type SummaryMetric } from "../../src/analyse/summary.js";
import { TRIAL_METRICS } from "../../src/analyse/metrics/index.js";
import { itlPerChunk, itlPerToken, tokenMismatch } from "../../src/analyse/metrics/all.js";
import { describe, quantile, ratioOfMeans } from "../../src/analyse/stats.js";

const dir = fileURLToPath(new URL("../fixtures/runs/golden", import.meta.url));
const run = readRun(dir);
const byKey = Object.fromEntries(run.trials.map((t) => [t.trial.split("/").pop(), t]));
const close = (a: number | null | undefined, b: number, eps = 1e-9) => assert.ok(a !== null && a !== undefined && Math.abs(a - b) < eps, `${a} ≠ ${b}`);

test("per-trial metrics equal the hand-computed values", () => {
  const [r0, r1, r2, r3] = [byKey["r0"], byKey["r1"], byKey["r2"], byKey["r3"]];
  assert.ok(r0 && r1 && r2 && r3);
  // r0: 4 chunks of 1 token at 100,120,140,160 ms
  close(TRIAL_METRICS.ttft_ms.of(r0), 100);
  close(TRIAL_METRICS.tpot_ms.of(r0), 20); // (160 − 100) / (4 − 1)
  close(TRIAL_METRICS.decode_tps_client.of(r0), 50);
  close(TRIAL_METRICS.decode_tps_server.of(r0), 52);
  close(TRIAL_METRICS.prefill_tps_client.of(r0), 500); // 50 prompt tokens / 0.1 s
  close(TRIAL_METRICS.prefill_tps_server.of(r0), 1000);
  // r1: 3 chunks of 2 tokens at 200, 240, 280
  close(TRIAL_METRICS.tpot_ms.of(r1), 16); // 80 / 5
  close(TRIAL_METRICS.decode_tps_client.of(r1), 62.5);
  assert.deepEqual(itlPerChunk(r1), [40, 40]);
  assert.deepEqual(itlPerToken(r1), [20, 20, 20, 20]);
  // r2: reasoning at 50, 70; answer at 90, 110; server counts 5, client 4
  close(TRIAL_METRICS.ttft_ms.of(r2), 50);
  close(TRIAL_METRICS.ttft_answer_ms.of(r2), 90);
  close(TRIAL_METRICS.tpot_ms.of(r2), 15); // (110 − 50) / (5 − 1): the server's count wins
  assert.equal(tokenMismatch(r2), true);
  assert.equal(tokenMismatch(r1), false);
  assert.equal(TRIAL_METRICS.decode_tps_server.of(r2), null);
  // r3 failed: no figure at all
  for (const m of Object.values(TRIAL_METRICS)) assert.equal(m.of(r3), null);
});

test("the summary leaves out the warm-up and the failure and gets every statistic right", () => {
  const s = summarizeRun(run);
  const row = (m: SummaryMetric) => s.metrics.find((r) => r.metric === m);
  assert.equal(row("ttft_ms")?.n, 3);
  close(row("ttft_ms")?.mean, 350 / 3);
  close(row("ttft_ms")?.median, 100);
  close(row("ttft_ms")?.p90, 180); // type 7: 100 + 0.8 × (200 − 100)
  close(row("ttft_ms")?.min, 50);
  close(row("ttft_ms")?.max, 200);
  close(row("ttft_ms")?.sd, Math.sqrt(((100 - 350 / 3) ** 2 + (200 - 350 / 3) ** 2 + (50 - 350 / 3) ** 2) / 2));
  close(row("tpot_ms")?.mean, 17);
  close(row("decode_tps_client")?.mean, (50 + 62.5 + 1000 / 15) / 3);
  close(row("decode_tps_server")?.mean, 58);
  assert.equal(row("decode_tps_server")?.n, 2);
  close(row("itl_chunk_ms")?.mean, 25); // 20,20,20 · 40,40 · 20,20,20
  close(row("itl_chunk_ms")?.median, 20);
  close(row("itl_token_ms")?.mean, 20);
  const [lo, hi] = [row("ttft_ms")?.ci95_low ?? NaN, row("ttft_ms")?.ci95_high ?? NaN];
  assert.ok(lo >= 50 && lo <= 350 / 3 && hi >= 350 / 3 && hi <= 200, `${lo}–${hi}`);
  const level = s.levels[0];
  assert.ok(level);
  assert.deepEqual([level.requests, level.completed, level.errors, level.warmups, level.token_mismatches], [4, 3, 1, 1, 1]);
  close(level.wall_s, 3); // first send 1000 ms, last end 4000 ms (the failed request)
  close(level.output_tps, 15 / 3); // 4 + 6 + 5 tokens
  close(level.request_rps, 1);
  assert.equal(level.slo_met, 1); // SLO ttft ≤ 150 and tpot ≤ 18: only r2
  close(level.goodput_rps, 1 / 3);
  close(level.decode_tps_client_pooled, 12 / 0.2); // Σ(N − 1) / Σ(E2E − TTFT)
  close(level.decode_tps_client_mean, (50 + 62.5 + 1000 / 15) / 3);
  close(level.decode_tps_server_pooled, 8 / ((3000 / 52 + 5000 / 64) / 1000), 1e-9);
  close(level.roofline_max_tps, 100); // 100 GB/s over a 1 GB model
  close(level.roofline_pct, 58);
  assert.equal(level.roofline_source, "model size (dense)");
});

test("statistics helpers: type-7 quantiles, deterministic bootstrap, ratio of means", () => {
  close(quantile([1, 2, 3, 4], 0.5), 2.5);
  close(quantile([1, 2, 3, 4], 0.9), 3.7);
  assert.deepEqual(describe([5, 6, 7]), describe([5, 6, 7]));
  assert.equal(describe([5]).ci95_low, null);
  const r = ratioOfMeans([10, 11, 9, 10], [20, 22, 18, 20]);
  close(r?.ratio, 2);
  assert.ok(r?.ci && r.ci[0] > 1.5 && r.ci[1] < 2.6);
});

test("every metric states its definition", () => {
  const s = summarizeRun(run);
  for (const [id, d] of Object.entries(s.definitions)) assert.ok(d.definition.length > 10, id);
  assert.match(s.ci_method, /bootstrap/);
});

test("prompt-cache hits are counted, from llama-server's cache_n or a smaller Ollama prompt count", async () => {
  const { promptCacheHit } = await import("../../src/analyse/metrics/prefill.js");
  const r0 = byKey["r0"];
  assert.ok(r0);
  assert.equal(promptCacheHit(r0, 50), false);
  assert.equal(promptCacheHit({ ...r0, server: { timings: { cache_n: 30 } } }, 50), true);
  assert.equal(promptCacheHit({ ...r0, server: { eval_duration: 1 }, prompt_tokens: { client: null, server: 12 } }, 76), true);
  const cached = { ...run, trials: run.trials.map((t) => (t.trial.endsWith("r1") ? { ...t, server: { timings: { ...(t.server?.["timings"] as object), cache_n: 30 } } } : t)) };
  assert.equal(summarizeRun(cached).levels[0]?.prompt_cache_hits, 1);
  assert.equal(summarizeRun(run).levels[0]?.prompt_cache_hits, 0);
});
