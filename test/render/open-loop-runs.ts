/**
 * Fixture runs with open-loop levels under one cap on requests in flight (every rate's trials carry `concurrency: 2`,
 * like a `workload.sweep` with `max_concurrency: 2`), beside a closed-loop level c1: the shape of the capacity demo.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { StoredRun } from "../../src/analyse/load-run.js";
import { readRun } from "../../src/analyse/load-run.js";
import type { Trial } from "../../src/store/trial.js";
import { tempDir } from "../helpers/experiments.js";

const golden = fileURLToPath(new URL("../fixtures/runs/golden", import.meta.url));

/** A level: its rate (undefined: closed loop c1), the server's decode tok/s and the TTFT (ms) of its requests. */
export interface FixtureLevel {
  rate?: number;
  decode: number;
  ttft: number;
}

const SPREAD = [0.97, 1.0, 1.03, 0.99, 1.01, 1.0];

function trialsOf(variant: string, levels: readonly FixtureLevel[]): Trial[] {
  let clock = 1_800_000_000_000;
  return levels.flatMap((l) =>
    SPREAD.map((s, i): Trial => {
      clock += 100;
      const decode = l.decode * s;
      const n = 20;
      const e2e = l.ttft + ((n - 1) * 1000) / decode;
      return {
        trial: l.rate === undefined ? `${variant}/p/c1/r${i}` : `${variant}/p/poisson@${l.rate}/r${i}`,
        variant, prompt: "p", repetition: i, warmup: false, concurrency: l.rate === undefined ? 1 : 2, in_flight: 1, session: 0,
        started_at: new Date(clock).toISOString(), sent_epoch_ms: clock, first_byte_ms: l.ttft * s, ttft_ms: l.ttft * s, ttft_answer_ms: l.ttft * s,
        e2e_ms: e2e, end_ms: e2e + 1, chunks: [0, 1, 2].map((k) => ({ t_ms: l.ttft * s + (k * 1000) / decode, tokens: 1, kind: "answer" as const })), output_tokens: { client: n, server: n }, reasoning_tokens: 0,
        prompt_tokens: { client: null, server: 50 }, finish_reason: "length",
        server: { timings: { predicted_per_second: decode, predicted_ms: ((n - 1) * 1000) / decode, prompt_per_second: 1000, prompt_n: 50, predicted_n: n } },
        output: null, reasoning: null, error: null,
        ...(l.rate === undefined ? {} : { rate: l.rate, scheduled_ms: i * (1000 / l.rate), send_lateness_ms: 0.5 }),
      } as Trial;
    }),
  );
}

/** A run folder (manifest, experiment, trials) of variants with the given levels, in the order given (the plan's). */
export function openLoopRun(runId: string, variants: Record<string, readonly FixtureLevel[]>): string {
  const dir = join(tempDir(), runId);
  mkdirSync(dir, { recursive: true });
  const manifest = JSON.parse(readFileSync(join(golden, "manifest.json"), "utf8")) as Record<string, unknown>;
  manifest["run_id"] = runId;
  manifest["slo"] = { ttft_ms: 500, goodput: 0.9 };
  const declared = (manifest["variants"] as Record<string, unknown>)["v"];
  manifest["variants"] = Object.fromEntries(Object.keys(variants).map((id) => [id, { ...(declared as object), id }]));
  const trials = Object.entries(variants).flatMap(([id, levels]) => trialsOf(id, levels));
  manifest["planned_trials"] = trials.length;
  writeFileSync(join(dir, "manifest.json"), JSON.stringify(manifest, null, 2));
  writeFileSync(join(dir, "experiment.yaml"), readFileSync(join(golden, "experiment.yaml"), "utf8"));
  writeFileSync(join(dir, "trials.jsonl"), `${trials.map((t) => JSON.stringify(t)).join("\n")}\n`);
  return dir;
}

/** Run A: c1, then a sweep 4 → 19 req/s refined at 11.5 (run after 19, as a search adds it). */
export const LEVELS_A: readonly FixtureLevel[] = [
  { decode: 1340, ttft: 12 },
  { rate: 4, decode: 1590, ttft: 14 },
  { rate: 19, decode: 1770, ttft: 900 },
  { rate: 11.5, decode: 1680, ttft: 13 },
];
/** Run B: the same c1 and rates 4 and 19, faster (4) and slower (19); 26.5 only in B. */
export const LEVELS_B: readonly FixtureLevel[] = [
  { decode: 1340, ttft: 12 },
  { rate: 4, decode: 2160, ttft: 12 },
  { rate: 19, decode: 1200, ttft: 12 },
  { rate: 26.5, decode: 1900, ttft: 950 },
];

export const runsAB = (): { a: string; b: string; runs: StoredRun[] } => {
  const a = openLoopRun("20261202-000000-aaaa", { v: LEVELS_A });
  const b = openLoopRun("20261202-000001-bbbb", { v: LEVELS_B });
  return { a, b, runs: [readRun(a), readRun(b)] };
};
