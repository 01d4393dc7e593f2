/**
 * Fixture runs built in a temp folder for wording and language tests: variants with chosen decode rates (the server's
 * counter, trialbook's clock, or both), reasoning tokens, and the model facts a backend would record.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { tempDir } from "../helpers/experiments.js";

const golden = fileURLToPath(new URL("../fixtures/runs/golden", import.meta.url));

export interface FixtureVariant {
  id: string;
  /** Decode tokens/s of each measured request. */
  rates: readonly number[];
  /** Whether the server reports its own decode counter (llama.cpp timings); otherwise only trialbook's clock. */
  server?: boolean;
  /** Reasoning tokens before the answer in each request. */
  reasoning?: number;
  /** The model name the backend read (a GGUF's general.name for the embedded engine). */
  modelName?: string;
  /** Doubt flags every measured request of the variant carries. */
  flags?: readonly string[];
}

/** Deterministic spread around 1 with mean 1.01, so two variants given the same spread have exactly the ratio of their bases. */
export const SPREAD = [0.98, 1.01, 1.03, 0.99, 1.0, 1.02, 0.97, 1.08];

const TOKENS = 6;
const TTFT = 100;

export function fixtureRun(variants: readonly FixtureVariant[], options: { runId?: string; language?: "en" | "ja"; description?: string } = {}): string {
  const runId = options.runId ?? "20260301-000000-fix";
  const dir = join(tempDir(), runId);
  mkdirSync(dir, { recursive: true });
  const manifest = JSON.parse(readFileSync(join(golden, "manifest.json"), "utf8")) as Record<string, unknown>;
  manifest["run_id"] = runId;
  manifest["experiment"] = { ...(manifest["experiment"] as object), name: "fixture" };
  if (options.description) manifest["description"] = options.description;
  if (options.language) manifest["report"] = { language: options.language };
  manifest["variants"] = Object.fromEntries(
    variants.map((v) => [v.id, { id: v.id, backend: "s", declared: { model: `model-${v.id}`, format: "gguf", quantization: "Q4_K_M" }, model: { name: v.modelName ?? `model-${v.id}`, size_bytes: 1e9 } }]),
  );
  const lines: string[] = [];
  for (const v of variants) {
    v.rates.forEach((rate, i) => {
      const reasoning = v.reasoning ?? 0;
      const n = TOKENS + reasoning;
      const gap = 1000 / rate;
      const chunks = Array.from({ length: n }, (_, k) => ({ t_ms: TTFT + k * gap, tokens: 1, kind: k < reasoning ? "reasoning" : "answer" }));
      const e2e = TTFT + (n - 1) * gap;
      lines.push(
        JSON.stringify({
          trial: `${v.id}/p/c1/r${i}`, variant: v.id, prompt: "p", repetition: i, warmup: false, concurrency: 1, in_flight: 1, session: 0,
          started_at: "2026-03-01T00:00:01.000Z", sent_epoch_ms: 1000 + i * 1000, first_byte_ms: TTFT - 1, ttft_ms: TTFT, ttft_answer_ms: TTFT + reasoning * gap,
          e2e_ms: e2e, end_ms: e2e + 5, chunks, output_tokens: { client: n, server: n }, reasoning_tokens: reasoning,
          prompt_tokens: { client: null, server: 50 }, finish_reason: "length",
          server: v.server === false ? null : { timings: { predicted_per_second: rate, predicted_ms: (n - 1) * gap, prompt_per_second: 1000, prompt_n: 50, predicted_n: n } },
          output: "日本語の回答です。", reasoning: reasoning ? "考え中" : null, error: null,
          ...(v.flags ? { flags: v.flags } : {}),
        }),
      );
    });
  }
  writeFileSync(join(dir, "trials.jsonl"), `${lines.join("\n")}\n`);
  manifest["planned_trials"] = lines.length;
  writeFileSync(join(dir, "manifest.json"), JSON.stringify(manifest, null, 2));
  const yaml = readFileSync(join(golden, "experiment.yaml"), "utf8")
    .replace("name: golden", "name: fixture")
    .replace(/variants:\n(  .*\n)+?workload:/, `variants:\n${variants.map((v) => `  - { id: ${v.id}, backend: s, model: model-${v.id}, format: gguf, quantization: Q4_K_M }\n`).join("")}workload:`)
    .replace("Explain AI for Science in detail.", "AI for Scienceについて詳しく解説して")
    .replace("repetitions: 4", `repetitions: ${variants[0]?.rates.length ?? 1}`);
  writeFileSync(join(dir, "experiment.yaml"), yaml);
  return dir;
}

/** Rates around a base, spread deterministically. */
export const around = (base: number, spread: readonly number[] = SPREAD): number[] => spread.map((s) => base * s);
