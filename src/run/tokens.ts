/**
 * How many tokens each streamed chunk held, settled once the stream is over, and what the trial says about it:
 *
 * 1. Hidden reasoning: the server counted reasoning tokens (Gemini `thoughtsTokenCount`, OpenAI-style
 *    `completion_tokens_details.reasoning_tokens`) that were not streamed. They are kept apart
 *    (`hidden_reasoning_tokens`), so that decode and TPOT use the streamed tokens only.
 * 2. Spread: where each event counted as one token but the server's final count of streamed tokens differs (servers
 *    that put several tokens in one event), that count is shared over the chunks by text length — an estimate, flagged.
 * 3. The server's usage block is kept raw; a proxy's counts are marked as the proxy's.
 */
import { spreadByLength } from "../shared/reasoning-split.js";
import type { BackendEvent, TokenCountSource, Usage } from "../backends/types.js";
import type { Chunk, Trial, TrialFlag } from "../store/trial.js";

type End = Extract<BackendEvent, { type: "end" }>;
type Counted = Pick<Trial, "token_count_source" | "hidden_reasoning_tokens" | "usage" | "proxy" | "flags">;

export function countTokens(chunks: Chunk[], lengths: ArrayLike<number>, usage: Usage, end: End | null): Counted {
  if (end === null) return {};
  let source: TokenCountSource = end.token_count ?? "one-per-event";
  const flags: TrialFlag[] = [];
  const streamedReasoning = chunks.reduce((n, c) => (c.kind === "reasoning" ? n + c.tokens : n), 0);
  const anyReasoning = chunks.some((c) => c.kind === "reasoning");
  let hidden = 0;
  // Only when the streamed reasoning was counted exactly (or none was streamed) can the difference be called hidden.
  if (typeof usage.reasoning_tokens === "number" && (!anyReasoning || source !== "one-per-event")) hidden = Math.max(0, usage.reasoning_tokens - streamedReasoning);
  if (hidden > 0) flags.push("hidden-reasoning");
  let streamed = chunks.reduce((n, c) => n + c.tokens, 0);
  const visible = usage.completion_tokens === null ? null : usage.completion_tokens - hidden;
  // A running count (vLLM continuous usage) puts hidden tokens on the first chunk streamed after them: take them off.
  if (hidden > 0 && source === "server-per-event" && visible !== null && streamed > visible) {
    let excess = streamed - visible;
    for (const c of chunks) {
      const take = Math.min(excess, c.tokens - 1);
      if (take > 0) {
        c.tokens -= take;
        excess -= take;
      }
      if (excess <= 0) break;
    }
    streamed = chunks.reduce((n, c) => n + c.tokens, 0);
  }
  if (source === "one-per-event" && visible !== null && visible > 0 && chunks.length > 0 && visible !== streamed) {
    const shares = spreadByLength(visible, Array.from(lengths));
    chunks.forEach((c, i) => (c.tokens = shares[i] ?? 0));
    source = "server-spread";
    flags.push("tokens-estimated");
  }
  if (end.reasoning_inline) flags.push("reasoning-inline");
  if (end.proxy) flags.push("proxy-counts");
  return {
    token_count_source: source,
    ...(hidden > 0 ? { hidden_reasoning_tokens: hidden } : {}),
    ...(usage.raw ? { usage: usage.raw } : {}),
    ...(end.proxy ? { proxy: end.proxy } : {}),
    ...(flags.length ? { flags } : {}),
  };
}
