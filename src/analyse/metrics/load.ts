/**
 * Model load time. Per request: the load time the server reports with it (Ollama's load_duration, ns → ms). Per
 * variant, the cold load — what loading the model cost the first time: the embedded engine's and LM Studio's load,
 * measured apart when the variant opened (manifest), else the load the server reported with the variant's first
 * request (usually its warm-up) — kept apart from the warm loads of the measured requests, which only find the model
 * still loaded. With `unload_before` every measured request is a cold load on purpose, reported as such.
 */
import type { Manifest } from "../../store/manifest.js";
import type { Trial } from "../../store/trial.js";
import type { TrialMetric } from "./types.js";
import { ollamaStatsOf } from "./decode.js";
import { median, present } from "../stats.js";

export function serverLoadMs(t: Trial): number | null {
  const o = ollamaStatsOf(t);
  return typeof o?.load_duration === "number" ? o.load_duration / 1e6 : null;
}

export const loadServer: TrialMetric = {
  label: "Load (server)",
  unit: "ms",
  definition: "Ollama load_duration of the request (a warm request only finds the model loaded; the cold load is reported per variant)",
  better: "lower",
  of: serverLoadMs,
};

export interface VariantLoad {
  variant: string;
  /** The first load of the model in the run, ms. */
  cold_ms: number | null;
  /** engine: measured when the variant opened (embedded engine, LM Studio); server: load reported with the first request. */
  cold_source: "engine" | "server" | null;
  /** Median load the server reported with measured requests that found the model loaded (no `unload_before`). */
  warm_ms: number | null;
  /** With `unload_before`: median load of the measured requests, each after an unload (cold on purpose). */
  unloaded_ms: number | null;
  /** Measured requests preceded by an unload. */
  unloaded: number;
}

export function variantLoads(manifest: Manifest, trials: readonly Trial[]): VariantLoad[] {
  return Object.keys(manifest.variants).map((variant) => {
    const all = trials.filter((t) => t.variant === variant && !t.error);
    const engine = manifest.variants[variant]?.model?.load_ms;
    const first = [...all].sort((a, b) => a.sent_epoch_ms - b.sent_epoch_ms).find((t) => serverLoadMs(t) !== null);
    const measured = all.filter((t) => !t.warmup);
    const unloaded = measured.filter((t) => t.unloaded_before);
    const warm = measured.filter((t) => !t.unloaded_before && t !== first);
    const cold = engine ?? (first ? serverLoadMs(first) : null);
    return {
      variant,
      cold_ms: cold,
      cold_source: engine !== undefined ? "engine" : cold !== null ? "server" : null,
      warm_ms: median(present(warm.map(serverLoadMs))),
      unloaded_ms: median(present(unloaded.map(serverLoadMs))),
      unloaded: unloaded.length,
    };
  });
}
