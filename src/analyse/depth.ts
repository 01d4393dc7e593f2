/**
 * Context depth (`workload.depth`, like llama-bench `-d`): per variant × prompt × depth, prefill and decode speed,
 * TPOT and TTFT with 95% intervals, and the prompt tokens the server counted — the evidence that the depth was really
 * processed (and not served from a prompt cache).
 *
 * Depth 0 is the prompt alone, one request at a time: the trials of a `d0` level, else the concurrency-1 level's
 * (closed loop, cold prompts). Figures:
 * - prefill tok/s: the server's own prompt rate where every request of the depth has one (llama.cpp
 *   `prompt_per_second`, Ollama prompt_eval_count / prompt_eval_duration), else prompt tokens (depth included) ÷ TTFT;
 *   `prefill_source` says which;
 * - decode tok/s: the server's own where every request has one, else (N − 1) / (E2E − TTFT); `decode_source` says which;
 * - TPOT (E2E − TTFT) / (N − 1) and TTFT, as in the rest of trialbook.
 */
import type { Trial } from "../store/trial.js";
import { byLevel } from "./cells.js";
import { TRIAL_METRICS, type MetricId } from "./metrics/index.js";
import { describe, median, present, type Description } from "./stats.js";
import { WARM_SUFFIX } from "../plan/nonce.js";
import type { StoredRun } from "./load-run.js";

export type DepthSource = "server" | "client";

export interface DepthRow {
  run_id: string;
  variant: string;
  prompt: string;
  /** Tokens of filler before the prompt (0: the prompt alone). */
  depth: number;
  /** Measured requests (errors included). */
  requests: number;
  errors: number;
  /** Median prompt tokens per request: the server's count, else trialbook's. */
  prompt_tokens: number | null;
  /** Median prompt tokens the server said came from its cache (null: it said nothing). */
  cached_tokens: number | null;
  prefill_tps: Description | null;
  prefill_source: DepthSource | null;
  decode_tps: Description | null;
  decode_source: DepthSource | null;
  tpot_ms: Description;
  ttft_ms: Description;
}

/**
 * The depth a measured trial stands for, or null when it measures no depth (open loop, higher concurrency, warm halves,
 * a conversation's turns: they carry their history, not the prompt alone).
 */
export function depthOf(t: Trial, hasD0: boolean): number | null {
  if (t.warmup || t.not_sent) return null;
  if (t.depth !== undefined) return t.depth;
  if (hasD0 || t.rate !== undefined || t.concurrency !== 1 || t.turn !== undefined || t.prompt.endsWith(WARM_SUFFIX) || t.item !== undefined) return null;
  return 0;
}

const values = (trials: readonly Trial[], id: MetricId): number[] => present(trials.map((t) => TRIAL_METRICS[id].of(t)));

/** The server's figure where every request has one, else trialbook's; null when neither has any. */
function preferServer(ok: readonly Trial[], server: MetricId, client: MetricId): { d: Description | null; source: DepthSource | null } {
  const s = values(ok, server);
  if (s.length > 0 && s.length === ok.length) return { d: describe(s), source: "server" };
  const c = values(ok, client);
  return c.length ? { d: describe(c), source: "client" } : { d: null, source: null };
}

function rowOf(run_id: string, variant: string, prompt: string, depth: number, trials: readonly Trial[]): DepthRow {
  const ok = trials.filter((t) => !t.error);
  const prefill = preferServer(ok, "prefill_tps_server", "prefill_tps_client");
  const decode = preferServer(ok, "decode_tps_server", "decode_tps_client");
  return {
    run_id,
    variant,
    prompt,
    depth,
    requests: trials.length,
    errors: trials.length - ok.length,
    prompt_tokens: median(present(ok.map((t) => t.prompt_tokens.server ?? t.prompt_tokens.client))),
    cached_tokens: median(present(ok.map((t) => t.prompt_cached_tokens))),
    prefill_tps: prefill.d,
    prefill_source: prefill.source,
    decode_tps: decode.d,
    decode_source: decode.source,
    tpot_ms: describe(values(ok, "tpot_ms")),
    ttft_ms: describe(values(ok, "ttft_ms")),
  };
}

export interface DepthGroup {
  variant: string;
  prompt: string;
  depth: number;
  trials: Trial[];
}

/** A run's measured trials by variant, prompt and depth (variant, prompt, then depth ascending); empty without depth. */
export function depthGroups(run: StoredRun): DepthGroup[] {
  if (!run.trials.some((t) => t.depth !== undefined)) return [];
  const hasD0 = run.trials.some((t) => t.depth === 0);
  return byLevel(run.trials, (t) => depthOf(t, hasD0)).flatMap(({ variant, prompt, levels }) =>
    [...levels].sort((a, b) => a[0] - b[0]).map(([depth, trials]) => ({ variant, prompt, depth, trials })),
  );
}

/** The depth rows of a run (variant, prompt, then depth ascending); undefined when the run measured no depth. */
export function depthOfRun(run: StoredRun): DepthRow[] | undefined {
  const groups = depthGroups(run);
  return groups.length ? groups.map((g) => rowOf(run.manifest.run_id, g.variant, g.prompt, g.depth, g.trials)) : undefined;
}
