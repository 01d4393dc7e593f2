/**
 * Rendering at scale: synthetic runs of 1k and 10k trials (64 chunks each, seeded), timed through summary, HTML and
 * PDF, and through the speed notebook run headless to ipynb, HTML and PDF. The trials are made up — only the rendering
 * path is measured here.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { mulberry32 } from "../src/shared/rng.js";
import { readRun, runNotebook, summarizeRun, writeReport } from "./built.js";
import { tempDir } from "../test/helpers/experiments.js";
import type { Trial } from "../src/store/trial.js";

const speedNotebook = fileURLToPath(new URL("../notebooks/speed.ipynb", import.meta.url));
const golden = fileURLToPath(new URL("../test/fixtures/runs/golden", import.meta.url));

export function syntheticRun(n: number): string {
  const dir = join(tempDir("trialbook-bench-"), `20260101-000000-n${n}`);
  mkdirSync(dir, { recursive: true });
  const manifest = JSON.parse(readFileSync(join(golden, "manifest.json"), "utf8")) as { run_id: string; variants: Record<string, unknown> };
  manifest.run_id = `20260101-000000-n${n}`;
  manifest.variants["w"] = { ...(manifest.variants["v"] as object), id: "w" };
  writeFileSync(join(dir, "manifest.json"), JSON.stringify(manifest));
  writeFileSync(join(dir, "experiment.yaml"), readFileSync(join(golden, "experiment.yaml")));
  const rand = mulberry32(n);
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    const variant = i % 2 ? "w" : "v";
    const concurrency = [1, 4, 16][i % 3] ?? 1;
    const ttft = 80 + rand() * 40;
    let t = ttft;
    const chunks = Array.from({ length: 64 }, (_, k) => ({ t_ms: k === 0 ? ttft : (t += 15 + rand() * 10), tokens: 1, kind: "answer" as const }));
    const trial: Trial = {
      trial: `${variant}/p/c${concurrency}/r${i}`, variant, prompt: "p", repetition: i, warmup: false, concurrency, in_flight: concurrency, session: 0,
      started_at: "2026-01-01T00:00:00.000Z", sent_epoch_ms: 1_700_000_000_000 + i * 50, first_byte_ms: ttft - 1, ttft_ms: ttft, ttft_answer_ms: ttft,
      e2e_ms: t, end_ms: t + 1, chunks, output_tokens: { client: 64, server: 64 }, reasoning_tokens: 0, prompt_tokens: { client: null, server: 50 },
      finish_reason: "length", server: { timings: { predicted_per_second: 63 / ((t - ttft) / 1000), predicted_ms: t - ttft, prompt_per_second: 900, prompt_n: 50, predicted_n: 64 } },
      output: "word ".repeat(40), reasoning: null, error: null,
    };
    lines.push(JSON.stringify(trial));
  }
  writeFileSync(join(dir, "trials.jsonl"), `${lines.join("\n")}\n`);
  return dir;
}

export interface ScaleTiming {
  trials: number;
  /** Read the run and compute every statistic. */
  summary_s: number;
  /** `trialbook report --format html,pdf` as a whole (it summarises again, renders charts, prints the PDF). */
  report_s: number;
  /** `trialbook notebook run notebooks/speed.ipynb -p run=… --format ipynb,html,pdf` on the same run. */
  notebook_s: number;
}

export async function renderScale(n: number): Promise<ScaleTiming> {
  const dir = syntheticRun(n);
  const t0 = performance.now();
  summarizeRun(readRun(dir));
  const t1 = performance.now();
  await writeReport([dir], { formats: ["html", "pdf"], out: tempDir("trialbook-bench-") });
  const t2 = performance.now();
  const result = await runNotebook({ notebook: speedNotebook, parameters: { run: dir }, outDir: tempDir("trialbook-bench-"), formats: ["ipynb", "html", "pdf"] });
  if (!result.ok) throw new Error(`the speed notebook failed on ${n} trials: ${result.record.failed_cell?.error ?? ""}`);
  const t3 = performance.now();
  return { trials: n, summary_s: (t1 - t0) / 1000, report_s: (t2 - t1) / 1000, notebook_s: (t3 - t2) / 1000 };
}
