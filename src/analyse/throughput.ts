/**
 * Figures of a load level (one cell), over its measured trials:
 *
 * - wall time = last end − first send, over every request of the level (failed ones too);
 * - output throughput = Σ output tokens of completed requests / wall time (vLLM);
 * - request throughput = completed requests / wall time;
 * - goodput = requests meeting every SLO / wall time (null when the experiment declares none);
 * - decode rates both ways — mean of per-trial rates, and pooled Σ tokens / Σ time (llama-bench reports the former,
 *   several Ollama tools the latter): client pooled = Σ(N − 1) / Σ(E2E − TTFT); server pooled = Σ(rate × duration) /
 *   Σ duration with the server's own durations (llama.cpp predicted_ms, Ollama eval_duration).
 *
 * A level whose trials were run by different runner sessions (a resumed run) has no meaningful wall time: its
 * throughputs are null and `spans_sessions` is true.
 */
import type { Slo } from "../validate/schema.js";
import type { Trial } from "../store/trial.js";
import type { Cell } from "./cells.js";
import { clientDecodeRate, serverDecodeRate } from "./metrics/decode.js";
import { overlapped, partialServerFigure } from "./metrics/coverage.js";
import { meetsFeltSlo } from "./capacity-slo.js";
import { outputTokens } from "./metrics/tokens.js";
import { tpotMs } from "./metrics/tpot.js";
import { mean, present } from "./stats.js";

export interface LevelFigures {
  requests: number;
  completed: number;
  errors: number;
  spans_sessions: boolean;
  wall_s: number | null;
  output_tps: number | null;
  request_rps: number | null;
  goodput_rps: number | null;
  slo_met: number | null;
  decode_tps_client_mean: number | null;
  decode_tps_client_pooled: number | null;
  decode_tps_server_mean: number | null;
  decode_tps_server_pooled: number | null;
}

export function meetsSlo(t: Trial, slo: Slo): boolean {
  if (t.error) return false;
  const tpot = tpotMs(t);
  return (slo.ttft_ms === undefined || (t.ttft_ms !== null && t.ttft_ms <= slo.ttft_ms))
    && (slo.tpot_ms === undefined || (tpot !== null && tpot <= slo.tpot_ms))
    && (slo.e2e_ms === undefined || (t.e2e_ms !== null && t.e2e_ms <= slo.e2e_ms));
}

function serverDuration(t: Trial): number | null {
  const timings = t.server?.["timings"] as { predicted_ms?: number } | undefined;
  if (typeof timings?.predicted_ms === "number") return timings.predicted_ms;
  const d = (t.server as { eval_duration?: number } | null)?.eval_duration;
  return typeof d === "number" ? d / 1e6 : null;
}

function pooledServer(trials: readonly Trial[]): number | null {
  let tokens = 0;
  let ms = 0;
  for (const t of trials) {
    const rate = serverDecodeRate(t);
    const d = serverDuration(t);
    if (rate === null || d === null) continue;
    tokens += (rate * d) / 1000;
    ms += d;
  }
  return ms > 0 ? tokens / (ms / 1000) : null;
}

function pooledClient(trials: readonly Trial[]): number | null {
  let steps = 0;
  let ms = 0;
  for (const t of trials) {
    const n = outputTokens(t);
    if (t.error || n === null || n < 2 || t.e2e_ms === null || t.ttft_ms === null) continue;
    steps += n - 1;
    ms += t.e2e_ms - t.ttft_ms;
  }
  return ms > 0 ? steps / (ms / 1000) : null;
}

export function levelFigures(cell: Cell, slo: Slo | undefined): LevelFigures {
  const ok = cell.trials.filter((t) => !t.error);
  const spans = new Set(cell.trials.map((t) => t.session ?? 0)).size > 1;
  const starts = cell.trials.map((t) => t.sent_epoch_ms);
  const ends = cell.trials.map((t) => t.sent_epoch_ms + (t.end_ms ?? t.e2e_ms ?? 0));
  const wall = spans || cell.trials.length === 0 ? null : (Math.max(...ends) - Math.min(...starts)) / 1000;
  const per = (x: number) => (wall && wall > 0 ? x / wall : null);
  // latency from the due time, as capacity judges it (a closed-loop request has no lateness: the same as meetsSlo)
  const met = slo ? ok.filter((t) => meetsFeltSlo(t, slo)).length : null;
  // the server's decode figures only where it counted every completed request (see metrics/coverage.ts)
  const server = present(ok.map(serverDecodeRate));
  const whole = !partialServerFigure("decode_tps_server", server.length, ok.length, overlapped(cell));
  return {
    requests: cell.trials.length,
    completed: ok.length,
    errors: cell.trials.length - ok.length,
    spans_sessions: spans,
    wall_s: wall,
    output_tps: per(ok.reduce((a, t) => a + (outputTokens(t) ?? 0), 0)),
    request_rps: per(ok.length),
    goodput_rps: met === null ? null : per(met),
    slo_met: met,
    decode_tps_client_mean: mean(present(ok.map(clientDecodeRate))),
    decode_tps_client_pooled: pooledClient(ok),
    decode_tps_server_mean: whole ? mean(server) : null,
    decode_tps_server_pooled: whole ? pooledServer(ok) : null,
  };
}
