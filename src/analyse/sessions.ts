/**
 * Conversations (`workload.sessions`): per variant × prompt × users level × turn, what a user feels as the
 * conversation grows, and how many conversations at once still meet the SLO.
 *
 * Per turn (over the level's conversations): TTFT p50/p90/p99 and mean with its 95% interval (`describe`, the same
 * bootstrap as every other figure), the median prompt tokens (the embedded engine's tokenizer count, else the server's) — growing with
 * the history —, the median prompt tokens the server says it took from its cache (absent when it reports nothing), the
 * median think time actually waited before the turn, and the share of the turn's planned requests meeting the SLO.
 *
 * A users level meets the SLO when the share of all its planned turns meeting every SLO limit (failed turns and turns
 * never sent count as missing it) is at least `slo.goodput`. `max_sessions` is the highest users level of the unbroken
 * run of passing levels from the lowest up (a level above one that failed is never claimed); null when none passed
 * or no SLO is declared. In the capacity summary it replaces the rate × interval estimate (`max_sessions_from`).
 */
import type { Slo } from "../validate/schema.js";
import type { Trial } from "../store/trial.js";
import { byLevel } from "./cells.js";
import type { StoredRun } from "./load-run.js";
import type { CapacityRow } from "./capacity.js";
import { goodputShare, meetsFeltSlo } from "./capacity-slo.js";
import { describe, median, present, type Description } from "./stats.js";

export interface TurnFigures {
  turn: number;
  /** Requests planned for this turn (one per conversation). */
  planned: number;
  /** Answered without error. */
  completed: number;
  errors: number;
  not_sent: number;
  /** TTFT of the answered turns, ms (n, mean with 95% interval, median, p90, p95, p99, …). */
  ttft_ms: Description;
  /** Median prompt tokens of the turn (trialbook's tokenizer count on the embedded engine, else the server's). */
  prompt_tokens: number | null;
  /** Median prompt tokens served from the server's prompt cache; null when the server reported none. */
  cached_tokens: number | null;
  /** Median pause before the turn (end of the previous answer → send), ms; null for turn 1. */
  think_ms: number | null;
  /** Share of the turn's planned requests meeting every SLO limit; null without an SLO. */
  goodput: number | null;
}

export interface ConversationLevel {
  /** Conversations running at once. */
  users: number;
  conversations: number;
  /** Conversations whose every turn was answered. */
  completed: number;
  /** Share of all planned turns meeting every SLO limit; null without an SLO. */
  goodput: number | null;
  meets_slo: boolean | null;
  /** Median TTFT of the last turn over that of the first (the cost of the grown context at this level). */
  ttft_growth: number | null;
  turns: TurnFigures[];
}

export interface ConversationRow {
  variant: string;
  prompt: string;
  /** Turns per conversation (the highest turn planned). */
  turns: number;
  /** The declared think time (from the manifest); null when unknown. */
  think_time_s: number | null;
  slo: Slo | null;
  /** The most conversations at once meeting the SLO (see above); null when none did or without an SLO. */
  max_sessions: number | null;
  levels: ConversationLevel[];
}

const usersOf = (t: Trial): number => Number(/^u(\d+)$/.exec(t.trial.split("/")[2] ?? "")?.[1] ?? t.concurrency);
/** The embedded engine's own tokenizer count when there is one (its context-wide counters mix sequences run at once), else the server's. */
const promptTokens = (t: Trial): number | null => t.prompt_tokens.client ?? t.prompt_tokens.server;

function turnFigures(turn: number, trials: readonly Trial[], slo: Slo | null): TurnFigures {
  const sent = trials.filter((t) => !t.not_sent);
  const ok = sent.filter((t) => !t.error);
  const cached = present(ok.map((t) => t.prompt_cached_tokens));
  return {
    turn,
    planned: trials.length,
    completed: ok.length,
    errors: sent.length - ok.length,
    not_sent: trials.length - sent.length,
    ttft_ms: describe(present(ok.map((t) => t.ttft_ms))),
    prompt_tokens: median(present(ok.map(promptTokens))),
    cached_tokens: cached.length ? median(cached) : null,
    think_ms: turn === 1 ? null : median(present(sent.map((t) => t.think_ms))),
    goodput: slo && trials.length ? ok.filter((t) => meetsFeltSlo(t, slo)).length / trials.length : null,
  };
}

function levelFigures(users: number, trials: readonly Trial[], slo: Slo | null): ConversationLevel {
  const byTurn = new Map<number, Trial[]>();
  const byConversation = new Map<number, Trial[]>();
  for (const t of trials) {
    const turn = t.turn ?? 1;
    byTurn.set(turn, [...(byTurn.get(turn) ?? []), t]);
    const c = t.conversation ?? t.repetition;
    byConversation.set(c, [...(byConversation.get(c) ?? []), t]);
  }
  const turns = [...byTurn.entries()].sort((a, b) => a[0] - b[0]).map(([turn, list]) => turnFigures(turn, list, slo));
  const met = slo ? trials.filter((t) => !t.not_sent && meetsFeltSlo(t, slo)).length : null;
  const goodput = met === null || trials.length === 0 ? null : met / trials.length;
  const first = turns[0]?.ttft_ms.median ?? null;
  const last = turns.length > 1 ? (turns[turns.length - 1]?.ttft_ms.median ?? null) : null;
  return {
    users,
    conversations: byConversation.size,
    completed: [...byConversation.values()].filter((l) => l.every((t) => !t.not_sent && !t.error)).length,
    goodput,
    meets_slo: slo === null || goodput === null ? null : goodput >= goodputShare(slo) - 1e-12,
    ttft_growth: first !== null && last !== null && first > 0 ? last / first : null,
    turns,
  };
}

/** What a capacity row says about conversations (see `withConversations`). */
export interface ConversationCapacity {
  turns: number;
  think_time_s: number | null;
  levels: Array<{ users: number; goodput: number | null; meets_slo: boolean | null }>;
}

/** The highest users level of the unbroken run of passing levels from the lowest up. */
export function maxSessions(levels: readonly ConversationLevel[]): number | null {
  let best: number | null = null;
  for (const l of [...levels].sort((a, b) => a.users - b.users)) {
    if (l.meets_slo !== true) break;
    best = l.users;
  }
  return best;
}

/** Conversation figures per variant and prompt, in first-appearance order (warm-ups and other levels left out). */
export function conversationRows(trials: readonly Trial[], slo: Slo | null, thinkTimeS: number | null = null): ConversationRow[] {
  return byLevel(trials, (t) => (t.warmup || t.turn === undefined ? null : usersOf(t))).map(({ variant, prompt, levels: byUsers }) => {
    const levels = [...byUsers.entries()].sort((a, b) => a[0] - b[0]).map(([u, list]) => levelFigures(u, list, slo));
    const turns = Math.max(0, ...[...byUsers.values()].flat().map((t) => t.turn ?? 0));
    return { variant, prompt, turns, think_time_s: thinkTimeS, slo, max_sessions: slo ? maxSessions(levels) : null, levels };
  });
}

export const conversationRowsOfRun = (run: StoredRun): ConversationRow[] => conversationRows(run.trials, run.manifest.slo ?? null, run.manifest.conversations?.think_time_s ?? null);

/**
 * Capacity rows with the measured conversations: `max_sessions` becomes the most conversations at once meeting the
 * SLO (`max_sessions_from: "conversations"`); a variant and prompt with conversations but no open-loop level gets a
 * row of its own (no rate, no levels).
 */
export function withConversations(rows: CapacityRow[], trials: readonly Trial[], slo: Slo | null, userIntervalS: number, thinkTimeS: number | null = null): CapacityRow[] {
  for (const c of conversationRows(trials, slo, thinkTimeS)) {
    const row = rows.find((r) => r.variant === c.variant && r.prompt === c.prompt);
    const conversations: ConversationCapacity = { turns: c.turns, think_time_s: c.think_time_s, levels: c.levels.map((l) => ({ users: l.users, goodput: l.goodput, meets_slo: l.meets_slo })) };
    const measured = { max_sessions: c.max_sessions, max_sessions_from: "conversations" as const, conversations };
    if (row) Object.assign(row, measured);
    else {
      rows.push({
        variant: c.variant,
        prompt: c.prompt,
        max_rate_rps: null,
        ...measured,
        user_interval_s: userIntervalS,
        slo,
        knee: { last_met_rps: null, first_missed_rps: null },
        unloaded_ttft_ms: null,
        unloaded_source: null,
        levels: [],
      });
    }
  }
  return rows;
}

/** One flat row per variant, prompt, users level and turn (TTFT figures flattened: `ttft_ms_median`), for CSV and DataFrames. */
export function turnRows(rows: readonly ConversationRow[]): Array<Record<string, unknown>> {
  return rows.flatMap((c) =>
    c.levels.flatMap((l) =>
      l.turns.map((t) => {
        const flat: Record<string, unknown> = { variant: c.variant, prompt: c.prompt, max_sessions: c.max_sessions, users: l.users, level_goodput: l.goodput, level_meets_slo: l.meets_slo };
        for (const [k, v] of Object.entries(t)) {
          if (v && typeof v === "object") for (const [p, x] of Object.entries(v)) flat[`${k}_${p}`] = x;
          else flat[k] = v;
        }
        return flat;
      }),
    ),
  );
}
