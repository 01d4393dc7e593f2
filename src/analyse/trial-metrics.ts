/**
 * Per-trial figures, each defined as in ../shared/METRICS.md (vLLM's definitions unless said otherwise).
 *
 * - TTFT: request sent → first streamed token of any kind (`ttft_ms`); to the first answer token: `ttft_answer_ms`.
 * - TPOT = (E2E − TTFT) / (N − 1), N = output tokens (the server's count when it gives one, else the client's).
 *   vLLM's TPOT, AIPerf's ITL; guidellm's "ITL".
 * - Client decode rate = 1000 / TPOT tok/s: the decode window excludes the first token (unlike mlx_lm's
 *   generation_tps, which counts it).
 * - Server decode rate: the server's own figure — llama-server / embedded engine `timings.predicted_per_second`,
 *   Ollama's eval rate = eval_count / eval_duration.
 * - Server prefill rate: `timings.prompt_per_second`; Ollama's prompt eval rate = prompt_eval_count /
 *   prompt_eval_duration.
 * - Client prefill rate = prompt tokens / TTFT: an estimate that includes the network and the first decode step.
 */
import type { Trial } from "../store/trial.js";

type Timings = { predicted_per_second?: number; prompt_per_second?: number };
type OllamaStats = { eval_count?: number; eval_duration?: number; prompt_eval_count?: number; prompt_eval_duration?: number; load_duration?: number };

const timings = (t: Trial): Timings | undefined => (t.server?.["timings"] as Timings | undefined) ?? undefined;
const ollama = (t: Trial): OllamaStats | undefined => (t.server && "eval_duration" in t.server ? (t.server as OllamaStats) : undefined);

/** Output tokens: the server's count when it reports one, else the client's. */
export const outputTokens = (t: Trial): number | null => t.output_tokens.server ?? t.output_tokens.client;

export function tpotMs(t: Trial): number | null {
  const n = outputTokens(t);
  if (t.error || t.e2e_ms === null || t.ttft_ms === null || n === null || n < 2) return null;
  return (t.e2e_ms - t.ttft_ms) / (n - 1);
}

export function clientDecodeRate(t: Trial): number | null {
  const tpot = tpotMs(t);
  return tpot === null || tpot <= 0 ? null : 1000 / tpot;
}

export function serverDecodeRate(t: Trial): number | null {
  const tm = timings(t);
  if (typeof tm?.predicted_per_second === "number") return tm.predicted_per_second;
  const o = ollama(t);
  if (o?.eval_count !== undefined && o.eval_duration) return o.eval_count / (o.eval_duration / 1e9);
  return null;
}

export function serverPrefillRate(t: Trial): number | null {
  const tm = timings(t);
  if (typeof tm?.prompt_per_second === "number") return tm.prompt_per_second;
  const o = ollama(t);
  if (o?.prompt_eval_count !== undefined && o.prompt_eval_duration) return o.prompt_eval_count / (o.prompt_eval_duration / 1e9);
  return null;
}

export function clientPrefillRate(t: Trial): number | null {
  const n = t.prompt_tokens.server ?? t.prompt_tokens.client;
  if (t.error || n === null || t.ttft_ms === null || t.ttft_ms <= 0) return null;
  return n / (t.ttft_ms / 1000);
}

/** Model load time the server reports for this request (Ollama load_duration), ms. */
export function serverLoadMs(t: Trial): number | null {
  const o = ollama(t);
  return typeof o?.load_duration === "number" ? o.load_duration / 1e6 : null;
}
