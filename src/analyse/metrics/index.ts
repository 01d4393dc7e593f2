/** Every per-trial metric, by id. Adding one is a module and an entry here; statistics, tables and exports follow. */
import type { TrialMetric } from "./types.js";
import { e2e, ttft, ttftAnswer } from "./latency.js";
import { tpot } from "./tpot.js";
import { decodeClient, decodeServer } from "./decode.js";
import { prefillClient, prefillServer } from "./prefill.js";
import { loadServer } from "./load.js";
import { outputTokensMetric } from "./tokens.js";

export const TRIAL_METRICS = {
  ttft_ms: ttft,
  ttft_answer_ms: ttftAnswer,
  e2e_ms: e2e,
  tpot_ms: tpot,
  decode_tps_client: decodeClient,
  decode_tps_server: decodeServer,
  prefill_tps_server: prefillServer,
  prefill_tps_client: prefillClient,
  load_ms_server: loadServer,
  output_tokens: outputTokensMetric,
} as const satisfies Record<string, TrialMetric>;

export type MetricId = keyof typeof TRIAL_METRICS;
export const METRIC_IDS = Object.keys(TRIAL_METRICS) as MetricId[];
export type { TrialMetric, Unit } from "./types.js";
