/** `trialbook summary` on a terminal: one row per variant × prompt × concurrency, the figures people ask for first. */
import { metricOf, type RunSummary, type SummaryMetric } from "../analyse/summary.js";
import type { Manifest } from "../store/manifest.js";
import { num, textTable } from "./text-table.js";

export function summaryTable(summary: RunSummary, manifest: Manifest): string {
  const get = (v: string, p: string, c: number, m: SummaryMetric) => metricOf(summary, { variant: v, prompt: p, concurrency: c }, m);
  const ci = (lo: number | null | undefined, hi: number | null | undefined) => (lo == null || hi == null ? "" : ` (${num(lo)}–${num(hi)})`);
  const header = ["variant", "prompt", "c", "n", "err", "TTFT p50", "TTFT p90", "TPOT p50", "decode tok/s server", "decode tok/s client (95% CI)", "prefill tok/s server", "load ms cold | warm", "out tok/s"];
  const rows = summary.levels.map((l) => {
    const ttft = get(l.variant, l.prompt, l.concurrency, "ttft_ms");
    const tpot = get(l.variant, l.prompt, l.concurrency, "tpot_ms");
    const dc = get(l.variant, l.prompt, l.concurrency, "decode_tps_client");
    const ds = get(l.variant, l.prompt, l.concurrency, "decode_tps_server");
    const ps = get(l.variant, l.prompt, l.concurrency, "prefill_tps_server");
    const loads = summary.loads?.find((x) => x.variant === l.variant);
    const load = `${num(loads?.cold_ms ?? manifest.variants[l.variant]?.model?.load_ms, 0)} | ${num(loads?.warm_ms ?? loads?.unloaded_ms, 0)}`;
    return [
      l.variant, l.prompt, String(l.concurrency), String(l.completed), String(l.errors),
      num(ttft?.median), num(ttft?.p90), num(tpot?.median, 2),
      num(ds?.mean), `${num(dc?.mean)}${ci(dc?.ci95_low, dc?.ci95_high)}`, num(ps?.mean), load, num(l.output_tps),
    ];
  });
  const mismatches = summary.levels.reduce((a, l) => a + l.token_mismatches, 0);
  const notes = [
    "Latencies in ms (median, p90); rates are means of per-trial rates; warm-ups and failed requests left out.",
    "decode client = (N−1)/(E2E−TTFT); server = the engine's own counter (llama.cpp timings, Ollama eval rate).",
    `95% CI: ${summary.ci_method}. out tok/s = Σ output tokens / wall time of the level.`,
    "load ms: cold = the model's first load in the run (engine/LM Studio load, else the server's load with the first request); warm = median load of measured requests (cold on purpose with unload_before).",
  ];
  if (mismatches) notes.push(`warning: ${mismatches} trials where the server's token count differs from trialbook's.`);
  const cached = summary.levels.reduce((a, l) => a + l.prompt_cache_hits, 0);
  if (cached) notes.push(`warning: ${cached} requests were answered from a cached prompt; they are left out of the prefill figures.`);
  const spans = summary.levels.filter((l) => l.spans_sessions).length;
  if (spans) notes.push(`${spans} levels ran across resumed sessions: their throughput is not shown.`);
  return `${textTable(header, rows, 2)}\n\n${notes.join("\n")}`;
}
