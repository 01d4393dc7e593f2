/**
 * What the measured requests of a variant cost, from the costs the experiment declares: API prices per million
 * tokens, or a local machine's hourly cost times the time the requests kept it busy. Nothing declared ⇒ no figure —
 * a local model is never shown as free.
 */
import type { Cost } from "../../validate/schema.js";
import type { Trial } from "../../store/trial.js";

export interface CostFigure {
  /** Total over the measured requests; null when the experiment declares no cost for the variant. */
  total: number | null;
  per_request: number | null;
  currency: string | null;
  /** How it was computed, in words (for the report). */
  basis: string;
  input_tokens: number;
  output_tokens: number;
  busy_s: number;
}

const tokensIn = (t: Trial): number => t.prompt_tokens.server ?? t.prompt_tokens.client ?? 0;
const tokensOut = (t: Trial): number => t.output_tokens.server ?? t.output_tokens.client ?? 0;

export function costOf(trials: readonly Trial[], cost: Cost | undefined): CostFigure {
  const input = trials.reduce((n, t) => n + tokensIn(t), 0);
  const output = trials.reduce((n, t) => n + tokensOut(t), 0);
  const busy = trials.reduce((s, t) => s + (t.end_ms ?? t.e2e_ms ?? 0), 0) / 1000;
  const base = { input_tokens: input, output_tokens: output, busy_s: busy };
  const per = (total: number) => (trials.length ? total / trials.length : null);
  if (cost && (cost.input_per_mtok !== undefined || cost.output_per_mtok !== undefined)) {
    const total = (input * (cost.input_per_mtok ?? 0) + output * (cost.output_per_mtok ?? 0)) / 1e6;
    const basis = `${input} input × ${cost.input_per_mtok ?? 0} + ${output} output × ${cost.output_per_mtok ?? 0} ${cost.currency} per million tokens${cost.basis ? ` (${cost.basis})` : ""}`;
    return { ...base, total, per_request: per(total), currency: cost.currency, basis };
  }
  if (cost?.per_hour !== undefined) {
    const total = (busy / 3600) * cost.per_hour;
    const basis = `${busy.toFixed(1)} s busy × ${cost.per_hour} ${cost.currency} per hour, declared${cost.basis ? ` (${cost.basis})` : ""}`;
    return { ...base, total, per_request: per(total), currency: cost.currency, basis };
  }
  return { ...base, total: null, per_request: null, currency: null, basis: "no cost declared (add `cost` to the variant: API prices, or a local hourly cost)" };
}
