/**
 * Token counts. The server's count is preferred where it gives one (vLLM uses `usage.completion_tokens`, AIPerf moved
 * to server counts); the client's count is one per streamed event unless the server says otherwise. Both are kept, and
 * a difference is flagged.
 */
import type { Trial } from "../../store/trial.js";
import type { TrialMetric } from "./types.js";

/** Output tokens: the server's count when it reports one, else the client's. */
export const outputTokens = (t: Trial): number | null => t.output_tokens.server ?? t.output_tokens.client;

/**
 * Output tokens that were streamed: the count less reasoning the server counted but never streamed
 * (`hidden_reasoning_tokens`: Gemini thoughts, OpenAI reasoning models). Rates over the streamed window use this.
 */
export const visibleOutputTokens = (t: Trial): number | null => {
  const n = outputTokens(t);
  return n === null ? null : n - (t.hidden_reasoning_tokens ?? 0);
};

/** True when server and client both counted and disagree (hidden reasoning, which the client cannot see, aside). */
export const tokenMismatch = (t: Trial): boolean =>
  t.output_tokens.server !== null && t.output_tokens.client !== null && t.output_tokens.server - (t.hidden_reasoning_tokens ?? 0) !== t.output_tokens.client;

export const outputTokensMetric: TrialMetric = {
  label: "Output tokens",
  unit: "tokens",
  definition: "server's completion count (usage.completion_tokens, eval_count, predicted_n), else streamed events",
  better: "higher",
  of: (t) => (t.error ? null : outputTokens(t)),
};

/** True when the per-chunk token counts are an estimate (the server's final count spread by text length). */
export const tokensEstimated = (t: Trial): boolean => t.flags?.includes("tokens-estimated") ?? false;
