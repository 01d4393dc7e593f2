/**
 * Decode speed, tokens per second.
 *
 * - Client: 1000 / TPOT = (N − 1) / (E2E − TTFT), N = streamed tokens (hidden reasoning left out): the first token is
 *   excluded from the decode window, as in vLLM and llama-server; mlx_lm's generation_tps counts it
 *   ((N + 1) / (now − t_first)).
 * - Server: the server's own figure — llama-server and the embedded engine `timings.predicted_per_second`
 *   ((predicted_n − 1) / predicted_ms in llama-server; llama.cpp's decode-only perf counter embedded), Ollama's
 *   "eval rate" = eval_count / eval_duration.
 */
import type { Trial } from "../../store/trial.js";
import type { TrialMetric } from "./types.js";
import { tpotMs } from "./tpot.js";

type Timings = { predicted_per_second?: number; prompt_per_second?: number };
type OllamaStats = { eval_count?: number; eval_duration?: number; prompt_eval_count?: number; prompt_eval_duration?: number; load_duration?: number };

export const timingsOf = (t: Trial): Timings | undefined => t.server?.["timings"] as Timings | undefined;
export const ollamaStatsOf = (t: Trial): OllamaStats | undefined => (t.server && "eval_duration" in t.server ? (t.server as OllamaStats) : undefined);

export function clientDecodeRate(t: Trial): number | null {
  const tpot = tpotMs(t);
  return tpot === null || tpot <= 0 ? null : 1000 / tpot;
}

export function serverDecodeRate(t: Trial): number | null {
  if (t.error) return null;
  const tm = timingsOf(t);
  if (typeof tm?.predicted_per_second === "number" && tm.predicted_per_second > 0) return tm.predicted_per_second;
  const o = ollamaStatsOf(t);
  if (typeof o?.eval_count === "number" && o.eval_duration) return o.eval_count / (o.eval_duration / 1e9);
  return null;
}

export const decodeClient: TrialMetric = {
  label: "Decode tok/s (trialbook)",
  unit: "tok/s",
  definition: "(N − 1) / (E2E − TTFT), N = streamed output tokens",
  note: "mlx_lm counts the first token too",
  better: "higher",
  of: clientDecodeRate,
};

export const decodeServer: TrialMetric = {
  label: "Decode tok/s (server)",
  unit: "tok/s",
  definition: "server's own: llama.cpp predicted_per_second; Ollama eval rate = eval_count / eval_duration; LM Studio stats.tokens_per_second",
  better: "higher",
  of: serverDecodeRate,
};
