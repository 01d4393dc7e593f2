/**
 * Prefill (prompt processing) speed, tokens per second.
 *
 * - Server: llama.cpp `timings.prompt_per_second`; Ollama's "prompt eval rate" = prompt_eval_count /
 *   prompt_eval_duration (prompt caching lowers prompt_eval_count: ollama #3427).
 * - Client: prompt tokens / TTFT — an estimate that includes transport, queueing and the first decode step.
 */
import type { Trial } from "../../store/trial.js";
import type { TrialMetric } from "./types.js";
import { ollamaStatsOf, timingsOf } from "./decode.js";
import { WARM_SUFFIX } from "../../plan/nonce.js";

export function serverPrefillRate(t: Trial): number | null {
  if (t.error) return null;
  const tm = timingsOf(t);
  if (typeof tm?.prompt_per_second === "number" && tm.prompt_per_second > 0) return tm.prompt_per_second;
  const o = ollamaStatsOf(t);
  if (typeof o?.prompt_eval_count === "number" && o.prompt_eval_duration) return o.prompt_eval_count / (o.prompt_eval_duration / 1e9);
  return null;
}

export function clientPrefillRate(t: Trial): number | null {
  const n = t.prompt_tokens.server ?? t.prompt_tokens.client;
  if (t.error || n === null || t.ttft_ms === null || t.ttft_ms <= 0) return null;
  return n / (t.ttft_ms / 1000);
}

export const prefillServer: TrialMetric = {
  label: "Prefill tok/s (server)",
  unit: "tok/s",
  definition: "server's own: llama.cpp prompt_per_second; Ollama prompt eval rate = prompt_eval_count / prompt_eval_duration; requests served from the prompt cache are left out",
  better: "higher",
  of: serverPrefillRate,
};

export const prefillClient: TrialMetric = {
  label: "Prefill tok/s (trialbook)",
  unit: "tok/s",
  definition: "prompt tokens / TTFT (includes transport and the first decode step); requests served from the prompt cache are left out",
  better: "higher",
  of: clientPrefillRate,
};

/** What the same prompt cost uncached, per variant and prompt: the reference a cached request is told apart by. */
export interface UncachedReference {
  /** Most prompt tokens the server counted (older Ollama counted only the uncached part). */
  tokens: number | null;
  /** Ollama, LM Studio: most server prompt time per prompt token (ns, see promptNsPerToken) of a request that ran alone, warm-ups included. */
  ns_per_token: number | null;
}

/**
 * Variant, prompt and the prompt's size as sent: the warm half of `prompt_cache: measure` counted with its cold prompt;
 * a context-depth level (filler before the prompt) and a synthetic prompt's target length are other prompts, so a plain
 * request is never judged against a deeper one's token count.
 */
export const promptRefKey = (t: { variant: string; prompt: string; depth?: number; input_tokens_target?: number }): string =>
  `${t.variant}\u0000${t.prompt.endsWith(WARM_SUFFIX) ? t.prompt.slice(0, -WARM_SUFFIX.length) : t.prompt}\u0000${t.depth ?? 0}\u0000${t.input_tokens_target ?? ""}`;

/**
 * The embedded engine counts prompt tokens twice: its tokenizer's exact count of the prompt (`prompt_tokens.client`)
 * and its context's perf counter (`server`), which mixes the sequences that run at once — so the counter means
 * something only for a request that ran alone (concurrency 1, closed loop).
 */
const exactCount = (t: Trial): number | null => t.prompt_tokens.client;
const ranAlone = (t: Trial): boolean => t.concurrency === 1 && t.rate === undefined;

export function uncachedReferences(trials: readonly Trial[]): Map<string, UncachedReference> {
  const out = new Map<string, UncachedReference>();
  for (const t of trials) {
    // a conversation's turns carry its growing history: not the prompt as written; a mixed counter is no reference
    if (t.error || t.turn !== undefined || (exactCount(t) !== null && !ranAlone(t))) continue;
    const key = promptRefKey(t);
    const ref = out.get(key) ?? { tokens: null, ns_per_token: null };
    const n = t.prompt_tokens.server;
    if (n !== null) ref.tokens = Math.max(ref.tokens ?? 0, n);
    const perToken = promptNsPerToken(t);
    if (t.concurrency === 1 && perToken !== null) ref.ns_per_token = Math.max(ref.ns_per_token ?? 0, perToken);
    out.set(key, ref);
  }
  return out;
}

/**
 * The server's own prompt time per prompt token, ns, where it times the prompt but counts the whole of it even when
 * cached: Ollama prompt_eval_duration / prompt_eval_count; LM Studio stats.time_to_first_token / prompt tokens.
 */
export function promptNsPerToken(t: Trial): number | null {
  const o = ollamaStatsOf(t);
  if (typeof o?.prompt_eval_count === "number" && o.prompt_eval_count > 0 && typeof o.prompt_eval_duration === "number") return o.prompt_eval_duration / o.prompt_eval_count;
  const lm = t.server?.["engine"] === "lmstudio" ? (t.server["timings"] as { time_to_first_token_ms?: number; prompt_n?: number } | undefined) : undefined;
  if (typeof lm?.time_to_first_token_ms === "number" && typeof lm.prompt_n === "number" && lm.prompt_n > 0) return (lm.time_to_first_token_ms * 1e6) / lm.prompt_n;
  return null;
}

/**
 * A request counts as served from the cache when the server took at least this share of its prompt from it. A busted
 * prompt still shares the chat template's first few tokens (before the nonce) with the request before it, which
 * servers that cache by prefix report as cached; those few tokens do not change what prefill measures.
 */
export const CACHED_SHARE = 0.2;

const cachedShare = (cached: number, total: number | null): boolean => (total !== null && total > 0 ? cached / total >= CACHED_SHARE : cached > 0);

/** A request whose prompt time per token is below this share of the same prompt's uncached one was served from cache. */
export const OLLAMA_CACHED_SHARE = 0.25;

/**
 * Whether the server reused a cached prompt for this request, so that its prefill figures measure less work than the
 * prompt holds. In order: the server says so — `prompt_cached_tokens` (OpenAI-style `cached_tokens`, Anthropic cache
 * reads, as the backends fill it) or llama-server's `timings.cache_n` — for at least {@link CACHED_SHARE} of the
 * prompt; Ollama (and likewise LM Studio, whose time_to_first_token shrinks while it counts the whole prompt), which counts
 * the whole prompt in prompt_eval_count but times only its uncached part: prompt_eval_duration per prompt token below
 * a quarter of the same prompt's uncached one, or (older Ollama, ollama #3427) fewer prompt tokens than uncached; the
 * embedded engine: its counter at least {@link CACHED_SHARE} below its tokenizer's count, judged only for a request
 * that ran alone.
 * `uncached` is the reference of the trial's variant and prompt ({@link uncachedReferences}); a bare number is its
 * token count.
 */
export function promptCacheHit(t: Trial, uncached: number | UncachedReference | null): boolean {
  if (t.error) return false;
  const ref: UncachedReference = typeof uncached === "number" || uncached === null ? { tokens: uncached, ns_per_token: null } : uncached;
  const timings = t.server?.["timings"] as { cache_n?: number; prompt_n?: number } | undefined;
  if (typeof t.prompt_cached_tokens === "number") return cachedShare(t.prompt_cached_tokens, t.prompt_tokens.server ?? t.prompt_tokens.client);
  if (typeof timings?.cache_n === "number") return cachedShare(timings.cache_n, typeof timings.prompt_n === "number" ? timings.prompt_n + timings.cache_n : null);
  const perToken = promptNsPerToken(t);
  if (ref.ns_per_token !== null && perToken !== null && perToken < OLLAMA_CACHED_SHARE * ref.ns_per_token) return true;
  const n = t.prompt_tokens.server;
  // the embedded engine: its counter against its own exact count, and only for a request that ran alone
  const exact = exactCount(t);
  if (exact !== null) return n !== null && ranAlone(t) && cachedShare(exact - n, exact);
  return n !== null && ref.tokens !== null && n < ref.tokens;
}
