/**
 * Prefill (prompt processing) speed, tokens per second.
 *
 * - Server: llama.cpp `timings.prompt_per_second`; Ollama's "prompt eval rate" = prompt_eval_count /
 *   prompt_eval_duration (prompt caching lowers prompt_eval_count: ollama #3427).
 * - Client: prompt tokens / TTFT — an estimate that includes transport, queueing and the first decode step.
 */
import type { Trial } from "../../store/trial.js";
import type { TrialMetric } from "./types.js";
import { ollamaStatsOf, timingsOf } from "./decode.js";

export function serverPrefillRate(t: Trial): number | null {
  if (t.error) return null;
  const tm = timingsOf(t);
  if (typeof tm?.prompt_per_second === "number" && tm.prompt_per_second > 0) return tm.prompt_per_second;
  const o = ollamaStatsOf(t);
  if (typeof o?.prompt_eval_count === "number" && o.prompt_eval_duration) return o.prompt_eval_count / (o.prompt_eval_duration / 1e9);
  return null;
}

export function clientPrefillRate(t: Trial): number | null {
  const n = t.prompt_tokens.server ?? t.prompt_tokens.client;
  if (t.error || n === null || t.ttft_ms === null || t.ttft_ms <= 0) return null;
  return n / (t.ttft_ms / 1000);
}

export const prefillServer: TrialMetric = {
  label: "Prefill tok/s (server)",
  unit: "tok/s",
  definition: "server's own: llama.cpp prompt_per_second; Ollama prompt eval rate = prompt_eval_count / prompt_eval_duration",
  better: "higher",
  of: serverPrefillRate,
};

export const prefillClient: TrialMetric = {
  label: "Prefill tok/s (trialbook)",
  unit: "tok/s",
  definition: "prompt tokens / TTFT (includes transport and the first decode step)",
  better: "higher",
  of: clientPrefillRate,
};

/**
 * Whether the server reused a cached prompt for this request, so that its prefill figures measure less work than the
 * prompt holds: llama-server reports `timings.cache_n > 0`; Ollama reports fewer prompt_eval_count tokens than the
 * same prompt cost uncached (ollama #3427) — `uncached` is that count (the largest seen for the prompt).
 */
export function promptCacheHit(t: Trial, uncached: number | null): boolean {
  if (t.error) return false;
  const cacheN = (t.server?.["timings"] as { cache_n?: number } | undefined)?.cache_n;
  if (typeof cacheN === "number") return cacheN > 0;
  const n = t.prompt_tokens.server;
  return n !== null && uncached !== null && n < uncached;
}
