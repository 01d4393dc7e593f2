/** Model load time the server reports with a request (Ollama's load_duration, ns → ms). The embedded engine's load is measured apart, in the manifest. */
import type { Trial } from "../../store/trial.js";
import type { TrialMetric } from "./types.js";
import { ollamaStatsOf } from "./decode.js";

export function serverLoadMs(t: Trial): number | null {
  const o = ollamaStatsOf(t);
  return typeof o?.load_duration === "number" ? o.load_duration / 1e6 : null;
}

export const loadServer: TrialMetric = {
  label: "Load (server)",
  unit: "ms",
  definition: "Ollama load_duration of the request",
  better: "lower",
  of: serverLoadMs,
};
