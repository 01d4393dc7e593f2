/**
 * The engine behind the FAKE servers (vLLM, mlx_lm, Ollama, LiteLLM's upstream): a known schedule of tokens and a
 * prompt cache that behaves like the real ones. Each fake server formats what this plans the way its server does.
 *
 * - Prompt: one token per word plus a fixed chat-template overhead (the fakes only need a count that is stable).
 * - Prompt cache: the longest prefix shared with an earlier prompt is cached, in whole blocks (vLLM: 16-token blocks,
 *   and never the whole prompt: the last token is always computed); prefill takes `prefillMsPerToken` per uncached
 *   token only. A `salt` (vLLM `cache_salt`) keeps prompts from sharing a cache.
 * - Output: the first token right after prefill, then one every `tokenMs`; streamed as one event for the first token
 *   and then `tokensPerEvent` tokens per event (vLLM speculative decoding / `--stream-interval`, Ollama and llama-server
 *   flushing held-back text). Reasoning is `separate` (the server's reasoning field), inline `think` tags, gpt-oss
 *   `harmony` text, or `hidden` (generated and counted, never streamed).
 * - Every event's real write time is logged, so tests compare figures with what the fake really did.
 */
export type ReasoningFormat = "separate" | "think" | "harmony" | "hidden";

export interface EngineOptions {
  /** Fixed time before prefill, ms (default 5). */
  overheadMs?: number;
  /** Prefill time per prompt token not found in the cache, ms (default 0.5). */
  prefillMsPerToken?: number;
  /** Time per generated token, ms (default 8). */
  tokenMs?: number;
  /** Tokens per streamed event after the first (default 1). */
  tokensPerEvent?: number;
  /** Reasoning tokens before the answer (default 0). */
  reasoningTokens?: number;
  /** Answer tokens (default 16; capped by the request's max tokens together with the reasoning). */
  answerTokens?: number;
  reasoningFormat?: ReasoningFormat;
  /** Whether the prompt cache is on (default true: vLLM's automatic prefix caching, Ollama, mlx_lm). */
  promptCache?: boolean;
  /** Cache granularity in tokens (vLLM 16; default 1). */
  cacheBlock?: number;
  /** Cut `<think>` tags and harmony markers into 3-character pieces, as a model without them as special tokens would. */
  splitTags?: boolean;
  /** `think` format: the chat template opened `<think>` in the prompt, so the output starts inside it (DeepSeek-R1, QwQ). */
  thinkOpenInPrompt?: boolean;
  /** Token texts: " r0 r1 …" then " a0 a1 …" (`per-kind`, default) or " t0 t1 t2 a3 a4 …" (`shared`, one count). */
  numbering?: "per-kind" | "shared";
}

export interface PlannedEvent {
  /** ms after the request arrived. */
  atMs: number;
  /** The raw text of the event's tokens (tags included), and the same split by kind (what a reasoning parser sends). */
  text: string;
  reasoningText: string;
  answerText: string;
  tokens: number;
  /** "answer" once the event holds an answer token. */
  kind: "reasoning" | "answer";
  /** The event holds text a reader sees (not only tags or harmony headers). */
  visible: boolean;
  /** Tokens generated so far (cumulative), hidden ones included. */
  cumulative: number;
}

export interface Plan {
  promptTokens: number;
  cachedTokens: number;
  prefillMs: number;
  events: PlannedEvent[];
  completionTokens: number;
  reasoningTokens: number;
  finish: "stop" | "length";
}

/** What one request really got, for tests to compare with. */
export interface LoggedRequest {
  body: Record<string, unknown>;
  headers: Record<string, string | string[] | undefined>;
  plan: Plan;
  /** performance.now() when the request arrived, and when each planned event was written. */
  arrivedAt: number;
  writes: number[];
}

export const TEMPLATE_TOKENS = 12;
export const promptWords = (text: string): string[] => text.split(/\s+/).filter((w) => w.length > 0);

export class PromptCache {
  private readonly seen: string[][] = [];
  constructor(private readonly block: number) {}

  /** Tokens of `prompt` found in the cache; the prompt is then cached too. */
  lookup(prompt: string[]): number {
    let best = 0;
    for (const s of this.seen) {
      let i = 0;
      while (i < s.length && i < prompt.length && s[i] === prompt[i]) i++;
      best = Math.max(best, i);
    }
    this.seen.push(prompt);
    const usable = Math.min(best, prompt.length - 1);
    return Math.max(0, Math.floor(usable / this.block) * this.block);
  }

  clear(): void {
    this.seen.length = 0;
  }
}

const piecesOf = (tag: string, split: boolean): string[] => {
  if (!split) return [tag];
  const out: string[] = [];
  for (let i = 0; i < tag.length; i += 3) out.push(tag.slice(i, i + 3));
  return out;
};

/** The generated tokens in order: text, kind (as the reader should see it) and whether it is streamed at all. */
type Token = { text: string; kind: "reasoning" | "answer"; streamed: boolean; markup?: true };
function generated(o: Required<EngineOptions>, n: number): Token[] {
  const out: Token[] = [];
  const tags = (tag: string, kind: "reasoning" | "answer") => piecesOf(tag, o.splitTags).forEach((p) => out.push({ text: p, kind, streamed: true, markup: true }));
  const reasoning = () => {
    for (let i = 0; i < o.reasoningTokens; i++) out.push({ text: o.numbering === "shared" ? ` t${i}` : ` r${i}`, kind: "reasoning", streamed: o.reasoningFormat !== "hidden" });
  };
  if (o.reasoningTokens > 0) {
    if (o.reasoningFormat === "think") {
      if (!o.thinkOpenInPrompt) tags("<think>", "reasoning");
      reasoning();
      tags("</think>", "reasoning");
    } else if (o.reasoningFormat === "harmony") {
      tags("<|channel|>", "reasoning");
      out.push({ text: "analysis", kind: "reasoning", streamed: true, markup: true });
      tags("<|message|>", "reasoning");
      reasoning();
      for (const t of ["<|end|>", "<|start|>"]) tags(t, "reasoning");
      out.push({ text: "assistant", kind: "reasoning", streamed: true, markup: true });
      tags("<|channel|>", "reasoning");
      out.push({ text: "final", kind: "reasoning", streamed: true, markup: true });
      tags("<|message|>", "reasoning");
    } else reasoning();
  }
  for (let i = 0; i < o.answerTokens; i++) out.push({ text: ` a${o.numbering === "shared" ? i + o.reasoningTokens : i}`, kind: "answer", streamed: true });
  return out.slice(0, n);
}

export class FakeEngine {
  readonly options: Required<EngineOptions>;
  readonly cache: PromptCache;
  readonly log: LoggedRequest[] = [];
  private readonly salted = new Map<string, PromptCache>();

  /** `cache`: share another engine's prompt cache (one model served in several modes). */
  constructor(options: EngineOptions = {}, cache?: PromptCache) {
    this.options = {
      overheadMs: 5,
      prefillMsPerToken: 0.5,
      tokenMs: 8,
      tokensPerEvent: 1,
      reasoningTokens: 0,
      answerTokens: 16,
      reasoningFormat: "separate",
      promptCache: true,
      cacheBlock: 1,
      splitTags: false,
      numbering: "per-kind",
      thinkOpenInPrompt: false,
      ...options,
    };
    this.cache = cache ?? new PromptCache(this.options.cacheBlock);
  }

  /** Plans one request: prompt text (all messages joined), the most tokens to generate, and an optional cache salt. */
  plan(promptText: string, maxTokens: number, salt?: string): Plan {
    const o = this.options;
    const prompt = promptWords(promptText);
    const promptTokens = prompt.length + TEMPLATE_TOKENS;
    let cachedTokens = 0;
    if (o.promptCache) {
      const cache = salt === undefined ? this.cache : this.salted.get(salt) ?? this.salted.set(salt, new PromptCache(o.cacheBlock)).get(salt)!;
      cachedTokens = cache.lookup([...Array.from({ length: TEMPLATE_TOKENS }, (_, i) => `<t${i}>`), ...prompt]);
    }
    const prefillMs = o.overheadMs + (promptTokens - cachedTokens) * o.prefillMsPerToken;
    const full = generated(o, Number.MAX_SAFE_INTEGER).length;
    const tokens = generated(o, maxTokens);
    const events: PlannedEvent[] = [];
    let i = 0;
    let cumulative = 0;
    let reasoningTokens = 0;
    while (i < tokens.length) {
      const first = events.length === 0;
      // hidden tokens are generated but never sent: they only advance the clock and the count
      if (!tokens[i]!.streamed) {
        cumulative++;
        reasoningTokens++;
        i++;
        continue;
      }
      const take = first ? 1 : o.tokensPerEvent;
      const group = [];
      while (group.length < take && i < tokens.length && tokens[i]!.streamed) group.push(tokens[i++]!);
      cumulative += group.length;
      reasoningTokens += group.filter((g) => g.kind === "reasoning").length;
      const kinds = new Set(group.map((g) => g.kind));
      events.push({
        atMs: prefillMs + (cumulative - 1) * o.tokenMs,
        text: group.map((g) => g.text).join(""),
        reasoningText: group.filter((g) => g.kind === "reasoning").map((g) => g.text).join(""),
        answerText: group.filter((g) => g.kind === "answer").map((g) => g.text).join(""),
        tokens: group.length,
        kind: kinds.has("answer") ? "answer" : "reasoning",
        visible: group.some((g) => !g.markup),
        cumulative,
      });
    }
    return { promptTokens, cachedTokens, prefillMs, events, completionTokens: cumulative, reasoningTokens, finish: tokens.length < full ? "length" : "stop" };
  }

  /**
   * Writes each planned event at its time (measured from `arrivedAt`) and never sooner after the one before than its
   * tokens take (a late timer delays what follows, as a busy engine would), logging when it really went out.
   */
  async run(entry: LoggedRequest, write: (event: PlannedEvent, index: number) => void): Promise<void> {
    for (let k = 0; k < entry.plan.events.length; k++) {
      const ev = entry.plan.events[k]!;
      const prev = entry.plan.events[k - 1];
      const due = Math.max(entry.arrivedAt + ev.atMs, prev ? entry.writes[k - 1]! + (ev.cumulative - prev.cumulative) * this.options.tokenMs : 0);
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      entry.writes.push(performance.now());
      write(ev, k);
    }
  }

  /** Logs a request and returns its entry (before run). */
  start(body: Record<string, unknown>, headers: LoggedRequest["headers"], plan: Plan, arrivedAt: number): LoggedRequest {
    const entry: LoggedRequest = { body, headers, plan, arrivedAt, writes: [] };
    this.log.push(entry);
    return entry;
  }
}

/**
 * The true figures of a logged request, from the fake's own write times (epoch ms via performance.timeOrigin): the
 * first visible token (markup aside), the first answer token, and the time per token over the streamed window.
 */
export function truth(entry: LoggedRequest): { firstEpoch: number; firstAnswerEpoch: number | null; perTokenMs: number; visibleTokens: number } {
  const epoch = (t: number) => performance.timeOrigin + t;
  const evs = entry.plan.events;
  const firstAnswer = evs.findIndex((e) => e.kind === "answer");
  const visible = evs.reduce((n, e) => n + e.tokens, 0);
  const span = (entry.writes.at(-1) ?? 0) - (entry.writes[0] ?? 0);
  return {
    firstEpoch: epoch(entry.writes[Math.max(0, evs.findIndex((e) => e.visible))] ?? 0),
    firstAnswerEpoch: firstAnswer < 0 ? null : epoch(entry.writes[firstAnswer] ?? 0),
    perTokenMs: span / Math.max(1, visible - 1),
    visibleTokens: visible,
  };
}
