/**
 * TPOT = (E2E − TTFT) / (N − 1), N = streamed output tokens: vLLM's TPOT, AIPerf's and GenAI-Perf's ITL, guidellm's
 * ITL. guidellm's own "TPOT" is (E2E) / N — it includes the first token — and is not what this is. Reasoning the
 * server counted but did not stream (Gemini thoughts, OpenAI reasoning models) is left out of N: it was generated
 * before the first visible token or outside the stream, so dividing the visible window by it would inflate the rate.
 */
import type { Trial } from "../../store/trial.js";
import type { TrialMetric } from "./types.js";
import { visibleOutputTokens } from "./tokens.js";

export function tpotMs(t: Trial): number | null {
  const n = visibleOutputTokens(t);
  if (t.error || t.e2e_ms === null || t.ttft_ms === null || n === null || n < 2) return null;
  return (t.e2e_ms - t.ttft_ms) / (n - 1);
}

export const tpot: TrialMetric = {
  label: "TPOT",
  unit: "ms",
  definition: "(E2E − TTFT) / (N − 1), N = streamed output tokens (hidden reasoning left out)",
  note: "vLLM's TPOT; guidellm calls it ITL",
  better: "lower",
  of: tpotMs,
};
