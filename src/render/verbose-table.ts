/** The end-of-run table, in `ollama run --verbose` terms, server and trialbook figures side by side. */
import type { VariantFigures } from "../analyse/verbose.js";
import { num, textTable } from "./text-table.js";

export function verboseTable(figures: readonly VariantFigures[]): string {
  const header = ["variant", "c", "n", "err", "cold load ms", "warm load ms", "TTFT ms", "prompt eval tok/s (server|client)", "eval tok/s (server|client)"];
  const rows = figures.map((f) => [
    f.variant,
    String(f.concurrency ?? "-"),
    String(f.trials),
    String(f.errors),
    num(f.load_ms, 0),
    num(f.warm_load_ms, 0),
    num(f.ttft_ms),
    `${num(f.prefill_tps_server)} | ${num(f.prefill_tps_client)}`,
    `${num(f.decode_tps_server)} | ${num(f.decode_tps_client)}`,
  ]);
  const notes = [
    "Medians over measured trials at the lowest concurrency level c (warm-ups and errors left out; `trialbook summary` has",
    "every level). eval = decode, prompt eval = prefill.",
    "server: the engine's own counters (llama.cpp timings, Ollama eval/prompt_eval durations); client: trialbook's clock —",
    "eval = (N−1)/(E2E−TTFT), prompt eval = prompt tokens/TTFT (includes the first decode step and transport).",
    "cold load: the model's first load in the run (engine or LM Studio load, else Ollama load_duration of the first request);",
    "warm load: median Ollama load_duration of measured requests (the model already loaded; cold ones with unload_before).",
  ];
  return `${textTable(header, rows)}\n\n${notes.join("\n")}`;
}
