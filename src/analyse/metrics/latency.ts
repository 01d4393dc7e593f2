/**
 * Latencies, ms from the moment the request was written to the socket (or handed to the embedded engine).
 *
 * - TTFT = first streamed token of any kind − sent. vLLM counts the first SSE message with `choices` (a role-only
 *   chunk too, bug #3759); trialbook, like AIPerf and LLMPerf, counts the first event that carries text.
 * - TTFT (answer) = first answer token − sent: for reasoning models the time until the answer itself starts
 *   (guidellm's time to first output token).
 * - E2E = last token − sent.
 */
import type { TrialMetric } from "./types.js";

export const ttft: TrialMetric = {
  label: "TTFT",
  unit: "ms",
  definition: "first visible streamed token (reasoning or answer) − request sent",
  note: "vLLM also counts a role-only first chunk; trialbook counts the first chunk with text",
  better: "lower",
  of: (t) => (t.error ? null : t.ttft_ms),
};

export const ttftAnswer: TrialMetric = {
  label: "TTFT (answer)",
  unit: "ms",
  definition: "first answer token − request sent (after any reasoning)",
  better: "lower",
  of: (t) => (t.error ? null : t.ttft_answer_ms),
};

export const e2e: TrialMetric = {
  label: "E2E latency",
  unit: "ms",
  definition: "last token − request sent",
  better: "lower",
  of: (t) => (t.error ? null : t.e2e_ms),
};
