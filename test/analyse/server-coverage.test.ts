/**
 * A server-counted figure stands for a level only where the server counted every completed request of it (the embedded
 * engine counts only requests that ran alone: under load, a faster subset); the level's goodput rate judges latency
 * from the due time, as capacity does.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { summarizeRun, metricOf } from "../../src/analyse/summary.js";
import { compareRuns } from "../../src/analyse/compare.js";
import type { StoredRun } from "../../src/analyse/load-run.js";
import type { Trial } from "../../src/store/trial.js";

let clock = 1_900_000_000_000;
function trial(i: number, o: { rate?: number; counted: boolean; late?: number }): Trial {
  clock += 100;
  return {
    trial: o.rate === undefined ? `v/p/c1/r${i}` : `v/p/poisson@${o.rate}/r${i}`,
    variant: "v", prompt: "p", repetition: i, warmup: false, concurrency: o.rate === undefined ? 1 : 2, in_flight: 1, session: 0,
    started_at: new Date(clock).toISOString(), sent_epoch_ms: clock, first_byte_ms: 10, ttft_ms: 10, ttft_answer_ms: 10,
    e2e_ms: 100, end_ms: 101, chunks: [], output_tokens: { client: 10, server: 10 }, reasoning_tokens: 0,
    prompt_tokens: { client: 40, server: o.counted ? 40 : null }, finish_reason: "length",
    server: o.counted ? { engine: "llama.cpp", timings: { predicted_per_second: 2000, predicted_ms: 4.5, prompt_per_second: 8000, prompt_n: 40, predicted_n: 10 } } : null,
    output: null, reasoning: null, error: null,
    ...(o.rate === undefined ? {} : { rate: o.rate, scheduled_ms: i * 100, send_lateness_ms: o.late ?? 0 }),
  };
}

function run(id: string): StoredRun {
  const trials = [
    ...Array.from({ length: 4 }, (_, i) => trial(i, { counted: true })),
    // under load the engine counted 2 of 6 requests (those that ran alone); one request waited 600 ms for a slot
    ...Array.from({ length: 6 }, (_, i) => trial(i, { rate: 15, counted: i < 2, late: i === 5 ? 600 : 0 })),
  ];
  return { dir: id, manifest: { run_id: id, experiment: { name: "x" }, variants: {}, slo: { ttft_ms: 500, goodput: 0.9 } } as never, trials };
}

test("the server's figure for a level only where it counted every request; the goodput rate from the due time", () => {
  const s = summarizeRun(run("a"));
  const [c1, open] = s.levels;
  assert.ok(c1 && open);
  assert.equal(metricOf(s, c1, "decode_tps_server")?.mean, 2000, "every request counted: the server's figure");
  assert.equal(metricOf(s, open, "decode_tps_server"), undefined, "2 of 6 counted: no server figure for the level");
  assert.equal(metricOf(s, open, "prefill_tps_server"), undefined);
  assert.ok(metricOf(s, open, "decode_tps_client"), "trialbook's own figure stays");
  assert.equal(open.decode_tps_server_mean, null);
  assert.equal(open.decode_tps_server_pooled, null);
  assert.equal(c1.decode_tps_server_mean, 2000);
  assert.equal(open.slo_met, 5, "the request 600 ms late missed a 500 ms TTFT from its due time");
  const rows = compareRuns(run("a"), run("b"));
  assert.ok(rows.some((r) => r.metric === "decode_tps_server" && r.rate === undefined));
  assert.ok(!rows.some((r) => r.metric === "decode_tps_server" && r.rate === 15), "no comparison of a subset's figure");
});
