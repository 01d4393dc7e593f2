/**
 * The end-of-run table: per variant, the figures a user of `ollama run --verbose` knows, as medians over the measured
 * (non-warm-up, error-free) trials at the lowest concurrency level (one request at a time, like `ollama run`), with
 * the server's figure and trialbook's own side by side. `trialbook summary` has every level.
 */
import type { Manifest } from "../store/manifest.js";
import type { Trial } from "../store/trial.js";
import { median, present } from "./stats.js";
import { clientDecodeRate, clientPrefillRate, serverDecodeRate, serverPrefillRate } from "./metrics/all.js";
import { variantLoads } from "./metrics/load.js";
import { WARM_SUFFIX } from "../plan/nonce.js";
import { promptCacheHit, promptRefKey, uncachedReferences } from "./metrics/prefill.js";

export interface VariantFigures {
  variant: string;
  /** The load level the medians are taken at (the lowest in the run). */
  concurrency: number | null;
  trials: number;
  warmups: number;
  errors: number;
  /** Cold load: embedded engine and LM Studio: measured model load; Ollama: load_duration of the variant's first request. */
  load_ms: number | null;
  /** Median load the server reported with measured requests that found the model loaded (Ollama). */
  warm_load_ms: number | null;
  ttft_ms: number | null;
  prefill_tps_server: number | null;
  prefill_tps_client: number | null;
  decode_tps_server: number | null;
  decode_tps_client: number | null;
}

export function verboseFigures(manifest: Manifest, trials: readonly Trial[]): VariantFigures[] {
  const loads = variantLoads(manifest, trials);
  const refs = uncachedReferences(trials);
  return Object.keys(manifest.variants).map((variant) => {
    const all = trials.filter((t) => t.variant === variant && !t.not_sent);
    // `prompt_cache: measure`: the warm halves are shown by `summary`; this table keeps to the cold requests
    const cold = all.filter((t) => !t.warmup && !t.error && !t.prompt.endsWith(WARM_SUFFIX) && !t.depth);
    // conversations' turns carry a growing history: only first turns count here, and only when nothing else ran
    const ok = cold.some((t) => t.turn === undefined) ? cold.filter((t) => t.turn === undefined) : cold.filter((t) => t.turn === 1);
    // open-loop levels (rate) are not "one request at a time": closed-loop levels first, open-loop only if none
    const closed = ok.some((t) => t.rate === undefined);
    const lowest = Math.min(...ok.filter((t) => !closed || t.rate === undefined).map((t) => t.concurrency));
    const measured = ok.filter((t) => t.concurrency === lowest && (!closed || t.rate === undefined));
    const load = loads.find((l) => l.variant === variant);
    const med = (f: (t: Trial) => number | null, from: readonly Trial[] = measured) => median(present(from.map(f)));
    // prefill only from requests that processed their whole prompt (see promptCacheHit)
    const uncached = measured.filter((t) => !promptCacheHit(t, refs.get(promptRefKey(t)) ?? null));
    return {
      variant,
      concurrency: Number.isFinite(lowest) ? lowest : null,
      trials: measured.length,
      warmups: all.filter((t) => t.warmup).length,
      errors: all.filter((t) => t.error).length,
      load_ms: load?.cold_ms ?? null,
      warm_load_ms: load?.warm_ms ?? load?.unloaded_ms ?? null,
      ttft_ms: med((t) => t.ttft_ms),
      prefill_tps_server: med(serverPrefillRate, uncached),
      prefill_tps_client: med(clientPrefillRate, uncached),
      decode_tps_server: med(serverDecodeRate),
      decode_tps_client: med(clientDecodeRate),
    };
  });
}
