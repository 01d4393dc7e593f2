/**
 * The search's decisions on hand-made stored trials (no server): the climb, the refinement, and a sweep rate that is
 * also a fixed `workload.load` level, whose stored trials answer for it instead of a second level with the same keys.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { nextSearchLevel } from "../../src/run/search.js";
import { Experiment } from "../../src/validate/schema.js";
import type { Trial } from "../../src/store/trial.js";

const experiment = (load?: unknown) =>
  Experiment.parse({
    name: "s",
    backends: { b: { type: "openai", base_url: "http://127.0.0.1:1/v1" } },
    variants: [{ id: "v", backend: "b", model: "m", format: "gguf" }],
    workload: { prompts: [{ id: "hi", text: "hi" }], max_tokens: 4, ...(load ? { load } : {}), sweep: { rates: [1, 2, 4], arrivals: "constant", requests: 4, search: true, refine: 1 } },
    slo: { ttft_ms: 500, goodput: 0.75 },
  });

let clock = 1_700_000_000_000;
function stored(id: string, rate: number, n: number, ttft: number): Trial[] {
  return Array.from({ length: n }, (_, i) => {
    clock += 100;
    return {
      trial: `v/hi/${id}/r${i}`, variant: "v", prompt: "hi", repetition: i, warmup: false, concurrency: 0, in_flight: 1, session: 0,
      started_at: new Date(clock).toISOString(), sent_epoch_ms: clock, first_byte_ms: ttft, ttft_ms: ttft, ttft_answer_ms: ttft,
      e2e_ms: ttft + 10, end_ms: ttft + 11, chunks: [], output_tokens: { client: 4, server: 4 }, reasoning_tokens: 0,
      prompt_tokens: { client: null, server: 3 }, finish_reason: "length", server: null, output: null, reasoning: null, error: null,
      rate, scheduled_ms: i * (1000 / rate), send_lateness_ms: 0.1,
    };
  });
}

test("the climb runs each sweep rate until one misses; then refinement halves the gap", () => {
  const e = experiment();
  assert.equal(nextSearchLevel(e, "v", "hi", [])?.id, "constant@1");
  const met1 = stored("constant@1", 1, 4, 100);
  assert.equal(nextSearchLevel(e, "v", "hi", met1)?.id, "constant@2");
  const missed2 = stored("constant@2", 2, 4, 900);
  const refined = nextSearchLevel(e, "v", "hi", [...met1, ...missed2]);
  assert.equal(refined?.id, "constant@1.5");
  assert.equal(refined?.refined, true);
  assert.equal(nextSearchLevel(e, "v", "hi", [...met1, ...missed2, ...stored("constant@1.5", 1.5, 4, 100)]), null, "refine: 1 — the search is over");
});

test("a sweep rate that is also a fixed load level is that level: its stored trials decide, no second level runs", () => {
  // the fixed level at 2 requests/s (constant) has 6 requests; the sweep's would have 4 with the same keys r0–r3
  const e = experiment([{ rate: 2, arrivals: "constant", requests: 6 }]);
  const met1 = stored("constant@1", 1, 4, 100);
  const fixed2 = nextSearchLevel(e, "v", "hi", met1);
  assert.equal(fixed2?.id, "constant@2");
  assert.equal(fixed2?.sweep, false, "the fixed level, not a sweep level of the same id");
  assert.equal(fixed2?.schedule.length, 6);
  // the fixed level, complete and missing the SLO, ends the climb
  const next = nextSearchLevel(e, "v", "hi", [...met1, ...stored("constant@2", 2, 6, 900)]);
  assert.equal(next?.id, "constant@1.5");
  // and meeting it, the climb goes on to 4
  assert.equal(nextSearchLevel(e, "v", "hi", [...met1, ...stored("constant@2", 2, 6, 100)])?.id, "constant@4");
});
