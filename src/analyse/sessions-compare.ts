/**
 * Conversations, A against B: for the same variant and prompt in two runs (or two variants of one run, prompt by
 * prompt), the most conversations at once meeting the SLO, and per users level and turn the TTFT mean of each side with
 * the ratio B ÷ A and its 95% bootstrap interval (`ratioOfMeans`, the statistic every other comparison uses).
 */
import type { Slo } from "../validate/schema.js";
import type { Trial } from "../store/trial.js";
import { conversationRows } from "./sessions.js";
import { mean, present, ratioOfMeans } from "./stats.js";

export interface TurnChange {
  users: number;
  turn: number;
  a_ms: number | null;
  b_ms: number | null;
  ratio: number | null;
  ci: [number, number] | null;
}

export interface ConversationChange {
  a: { variant: string; prompt: string; max_sessions: number | null };
  b: { variant: string; prompt: string; max_sessions: number | null };
  turns: TurnChange[];
}

const usersOf = (t: Trial): number => Number(/^u(\d+)$/.exec(t.trial.split("/")[2] ?? "")?.[1] ?? t.concurrency);

function ttfts(trials: readonly Trial[], variant: string, prompt: string, users: number, turn: number): number[] {
  return present(trials.filter((t) => t.variant === variant && t.prompt === prompt && t.turn === turn && usersOf(t) === users && !t.error && !t.not_sent && !t.warmup).map((t) => t.ttft_ms));
}

export function compareConversations(a: readonly Trial[], b: readonly Trial[], slo: { a: Slo | null; b: Slo | null }, variants?: readonly [string, string]): ConversationChange[] {
  const ra = conversationRows(a, slo.a);
  const rb = conversationRows(b, slo.b);
  const out: ConversationChange[] = [];
  for (const x of ra) {
    if (variants && x.variant !== variants[0]) continue;
    const y = rb.find((r) => r.prompt === x.prompt && r.variant === (variants ? variants[1] : x.variant));
    if (!y) continue;
    const turns: TurnChange[] = [];
    for (const la of x.levels) {
      const lb = y.levels.find((l) => l.users === la.users);
      if (!lb) continue;
      for (const ta of la.turns) {
        const va = ttfts(a, x.variant, x.prompt, la.users, ta.turn);
        const vb = ttfts(b, y.variant, y.prompt, la.users, ta.turn);
        if (vb.length === 0 && va.length === 0) continue;
        const r = ratioOfMeans(va, vb);
        turns.push({ users: la.users, turn: ta.turn, a_ms: mean(va), b_ms: mean(vb), ratio: r?.ratio ?? null, ci: r?.ci ?? null });
      }
    }
    out.push({ a: { variant: x.variant, prompt: x.prompt, max_sessions: x.max_sessions }, b: { variant: y.variant, prompt: y.prompt, max_sessions: y.max_sessions }, turns });
  }
  return out;
}
