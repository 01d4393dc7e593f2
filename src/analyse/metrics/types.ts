/** A per-trial figure with its definition, so that every number a report shows names how it was computed. */
import type { Trial } from "../../store/trial.js";

export type Unit = "ms" | "tok/s" | "tokens";

export interface TrialMetric {
  label: string;
  unit: Unit;
  /** The formula, as shown beside the figure. */
  definition: string;
  /** Where the figure differs from vLLM's or Ollama's, or whose number it is. */
  note?: string;
  /** Higher is better (rates) or lower is better (latencies). */
  better: "higher" | "lower";
  of(t: Trial): number | null;
}
