/**
 * The conversation part of a speed plan (`workload.sessions`): per variant, after its other levels, one group per
 * users level and prompt. A group holds `users × conversations_per_user` conversations of `turns` turns each, planned
 * conversation by conversation, turn by turn.
 *
 * Trial keys: `variant/prompt/u<users>/s<conversation>/t<turn>`, e.g. `demo/hi/u2/s1/t3` — stable across resumes.
 * A trial's `concurrency` is its users level, `repetition` its conversation index. Every turn of a conversation carries
 * the conversation's nonce (drawn from the key `variant/prompt/u<users>/s<conversation>`), so its turns share a
 * prefix with each other and with no other conversation. The turns' prompts (history + follow-up) are built while
 * running, from the real answers (`run/sessions.ts`).
 */
import type { Experiment, Variant } from "../validate/schema.js";
import { followUp, usersLevels, type Sessions } from "../validate/sessions.js";
import { conversationChars } from "../shared/chat.js";
import type { PlanGroup, PlannedTrial, ResolvedPrompt } from "./plan.js";
import type { TrialExtra } from "./load.js";

export interface SessionLevel {
  /** `u<users>`: names the level in trial keys. */
  id: string;
  /** Conversations running at once. */
  users: number;
  turns: number;
  think_time_s: number;
  /** Conversations in the level (users × conversations_per_user). */
  conversations: number;
}

export const sessionLevelId = (users: number): string => `u${users}`;
export const conversationKey = (variant: string, prompt: string, users: number, conversation: number): string => `${variant}/${prompt}/${sessionLevelId(users)}/s${conversation}`;
export const turnKey = (variant: string, prompt: string, users: number, conversation: number, turn: number): string => `${conversationKey(variant, prompt, users, conversation)}/t${turn}`;

export function sessionGroup(variant: Variant, prompt: ResolvedPrompt, s: Sessions, users: number, extra: TrialExtra = () => ({})): PlanGroup {
  const level: SessionLevel = { id: sessionLevelId(users), users, turns: s.turns, think_time_s: s.think_time_s, conversations: users * s.conversations_per_user };
  const trials: PlannedTrial[] = [];
  for (let c = 0; c < level.conversations; c++) {
    const shared = extra(conversationKey(variant.id, prompt.id, users, c));
    for (let turn = 1; turn <= s.turns; turn++) {
      const key = turnKey(variant.id, prompt.id, users, c, turn);
      trials.push({ ...shared, key, variant: variant.id, prompt: prompt.id, concurrency: users, repetition: c, warmup: false, conversation: c, turn });
    }
  }
  return { variant, prompt, warmup: false, concurrency: users, trials, sessions: level };
}

export function planSessions(e: Experiment, variant: Variant, prompts: readonly ResolvedPrompt[], extra?: TrialExtra): PlanGroup[] {
  const s = e.workload.sessions;
  if (!s) return [];
  return usersLevels(s).flatMap((u) => prompts.map((p) => sessionGroup(variant, p, s, u, extra)));
}

/** Characters of a conversation's last turn at most (prompt, follow-ups, answers of up to `maxTokens` tokens), to size a context. */
export function sessionPromptChars(s: Sessions | undefined, prompt: ResolvedPrompt, maxTokens: number): number {
  if (!s) return 0;
  let chars = conversationChars(prompt);
  // an answer's token is counted as 2 characters by the context sizing (which halves characters into tokens), plus room for a chat template's markup
  for (let turn = 2; turn <= s.turns; turn++) chars += followUp(s, turn).length + 2 * (maxTokens + 32);
  return chars;
}

/** The highest users level, for the sequences a backend must serve at once. */
export const sessionCapacity = (s: Sessions | undefined): number => (s ? Math.max(...usersLevels(s)) : 1);
