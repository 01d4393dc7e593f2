/** `trialbook summary` on a terminal: one row per variant × prompt × concurrency, the figures people ask for first. */
import { metricOf, type RunSummary, type SummaryMetric } from "../analyse/summary.js";
import type { Manifest } from "../store/manifest.js";
import { num, textTable } from "./text-table.js";

export function summaryTable(summary: RunSummary, manifest: Manifest): string {
  const get = (l: RunSummary["levels"][number], m: SummaryMetric) => metricOf(summary, l, m);
  const ci = (lo: number | null | undefined, hi: number | null | undefined) => (lo == null || hi == null ? "" : ` (${num(lo)}–${num(hi)})`);
  const header = ["variant", "prompt", "c", "n", "err", "TTFT p50", "TTFT p90", "TPOT p50", "decode tok/s server", "decode tok/s client (95% CI)", "prefill tok/s server", "load ms", "out tok/s"];
  const rows = summary.levels.map((l) => {
    const ttft = get(l, "ttft_ms");
    const tpot = get(l, "tpot_ms");
    const dc = get(l, "decode_tps_client");
    const ds = get(l, "decode_tps_server");
    const ps = get(l, "prefill_tps_server");
    const load = manifest.variants[l.variant]?.model?.load_ms ?? get(l, "load_ms_server")?.max ?? null;
    return [
      l.variant, l.prompt, l.level === undefined ? String(l.concurrency) : `${l.level}/s`, String(l.completed), String(l.errors),
      num(ttft?.median), num(ttft?.p90), num(tpot?.median, 2),
      num(ds?.mean), `${num(dc?.mean)}${ci(dc?.ci95_low, dc?.ci95_high)}`, num(ps?.mean), num(load, 0), num(l.output_tps),
    ];
  });
  const mismatches = summary.levels.reduce((a, l) => a + l.token_mismatches, 0);
  const notes = [
    "Latencies in ms (median, p90); rates are means of per-trial rates; warm-ups and failed requests left out.",
    "decode client = (N−1)/(E2E−TTFT); server = the engine's own counter (llama.cpp timings, Ollama eval rate).",
    `95% CI: ${summary.ci_method}. out tok/s = Σ output tokens / wall time of the level.`,
  ];
  if (mismatches) notes.push(`warning: ${mismatches} trials where the server's token count differs from trialbook's.`);
  const cached = summary.levels.reduce((a, l) => a + l.prompt_cache_hits, 0);
  if (cached) notes.push(`warning: ${cached} requests were answered from a cached prompt; their prefill figures measure less work.`);
  const spans = summary.levels.filter((l) => l.spans_sessions).length;
  if (spans) notes.push(`${spans} levels ran across resumed sessions: their throughput is not shown.`);
  return `${textTable(header, rows, 2)}\n\n${notes.join("\n")}`;
}
