/**
 * Runs one users level of conversations (`workload.sessions`): `users` workers, each running its conversations one
 * after another; within a conversation, turn n is sent only after turn n − 1's answer ended and the think time passed.
 *
 * - Turn n's prompt: the group's prompt (its system message and any history of its own), then the earlier user
 *   messages each followed by the model's real answer (answer text, reasoning left out), then turn n's user message
 *   (the prompt's text for turn 1, else the follow-up). Answers are kept in memory for the history even when
 *   `settings.keep_output` is false (they are then not stored).
 * - Every turn carries the conversation's nonce (see plan/sessions.ts): with `prompt_cache: bust` the conversation's
 *   turns share a prefix with each other and with no other conversation, and llama-server is not told
 *   `cache_prompt: false` for them, so a server may reuse the conversation's own prefix as in a real chat.
 * - A failed turn (error or timeout) is stored with its cause and ends its conversation: the later turns are stored as
 *   `not_sent` with the reason (a real user would not go on from a missing answer), so a resume does not send them.
 * - Resume: a conversation's stored turns are not sent again. Its history is rebuilt from their stored answers and the
 *   next turn is sent (with the conversation's first stored nonce, so the prefix stays the same); when a stored turn
 *   has no answer text (keep_output: false) or failed, the remaining turns are stored as `not_sent` with the reason.
 *   A stop (Ctrl-C) mid-turn stores nothing for that turn, so it runs on resume.
 */
import type { VariantSession } from "../backends/types.js";
import type { PlanGroup, PlannedTrial, ResolvedPrompt } from "../plan/plan.js";
import type { ChatTurn } from "../shared/chat.js";
import type { Trial } from "../store/trial.js";
import { followUp, type Sessions } from "../validate/sessions.js";
import { failedTrial, recordTrial } from "./record.js";
import { onAbort } from "../shared/abort.js";
import type { GroupOptions } from "./group.js";
import type { LevelStop } from "./open-loop.js";

export interface SessionOptions extends GroupOptions {
  /** The workload's sessions block (follow-ups). */
  sessions: Sessions;
  /** Trials already stored by key (earlier runner sessions and this one), to continue conversations on resume. */
  stored: ReadonlyMap<string, Trial>;
}

const round = (ms: number): number => Math.round(ms * 1000) / 1000;

/**
 * The prompt-cache switches of a conversation's requests: without llama-server's `cache_prompt: false`, so the server
 * may reuse the conversation's own earlier turns (the nonce keeps other conversations apart); vLLM's `cache_salt` is
 * made the conversation's own by its nonce (run/record.ts).
 */
export function sessionSwitches(switches: Record<string, unknown>): Record<string, unknown> {
  const { cache_prompt: _dropped, ...rest } = switches;
  return rest;
}

/** The prompt of one turn: the base prompt with the conversation so far before the turn's user message. */
export function turnPrompt(base: ResolvedPrompt, earlier: readonly ChatTurn[], text: string): ResolvedPrompt {
  const history = [...(base.history ?? []), ...earlier];
  const { history: _ignored, ...rest } = base;
  return history.length ? { ...rest, history, text } : { ...rest, text };
}

/** The user message of a turn: the prompt's text for turn 1, else the follow-up. */
export const userText = (base: ResolvedPrompt, s: Sessions, turn: number): string => (turn <= 1 ? base.text : followUp(s, turn));

/** The trials of each conversation of a group, in turn order, by conversation index. */
export function conversationsOf(group: PlanGroup): PlannedTrial[][] {
  const by = new Map<number, PlannedTrial[]>();
  for (const t of group.trials) {
    const c = t.conversation ?? t.repetition;
    const list = by.get(c);
    if (list) list.push(t);
    else by.set(c, [t]);
  }
  return [...by.values()].map((l) => l.sort((a, b) => (a.turn ?? 0) - (b.turn ?? 0)));
}

function pause(ms: number, stop: AbortSignal): Promise<void> {
  if (ms <= 0 || stop.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    let off = (): void => undefined;
    const timer = setTimeout(() => {
      off();
      resolve();
    }, ms);
    off = onAbort(stop, () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** Runs (or continues) one conversation. Returns false when the run was stopped. */
async function runConversation(session: VariantSession, group: PlanGroup, turns: readonly PlannedTrial[], options: SessionOptions, inFlight: () => number, busy: (d: number) => void): Promise<boolean> {
  const s = options.sessions;
  const earlier: ChatTurn[] = [];
  // a resumed conversation keeps the nonce its first turns were sent with, so its prefix stays the same
  let nonce = turns.map((t) => options.stored.get(t.key)?.prompt_nonce).find((n) => n !== undefined) ?? turns[0]?.nonce;
  let ended: LevelStop | null = null;
  /** When the previous answer ended (performance clock), for the think time; null after a resume. */
  let answerEnd: number | null = null;
  for (const planned of turns) {
    const turn = planned.turn ?? 1;
    const text = userText(group.prompt, s, turn);
    const before = options.stored.get(planned.key);
    if (before) {
      if (ended) continue;
      if (before.not_sent) ended = { message: before.error?.message.replace(/^not sent: /, "") ?? "not sent", ...(before.not_sent_cause ? { cause: before.not_sent_cause } : {}) };
      else if (before.error) ended = { message: `turn ${turn} failed (${before.error.kind}: ${before.error.message})`, cause: { cause: "turn-failed", turn } };
      else if (before.output === null)
        ended = { message: `resumed without turn ${turn}'s answer (settings.keep_output is false), so the conversation's history cannot be rebuilt`, cause: { cause: "turn-without-answer", turn } };
      else earlier.push({ role: "user", content: text }, { role: "assistant", content: before.output });
      continue;
    }
    if (ended) {
      const t = failedTrial(planned, { kind: "aborted", message: `not sent: ${ended.message}` }, options.session);
      options.onTrial({ ...t, ...(nonce === undefined ? {} : { prompt_nonce: nonce }), not_sent: true, ...(ended.cause ? { not_sent_cause: ended.cause } : {}) });
      continue;
    }
    if (answerEnd !== null) await pause(answerEnd + s.think_time_s * 1000 - performance.now(), options.stop);
    if (options.stop.aborted) return false;
    const sending: PlannedTrial = { ...planned, input: turnPrompt(group.prompt, earlier, text) };
    if (nonce !== undefined) sending.nonce = nonce;
    else delete sending.nonce;
    busy(1);
    const trial = await recordTrial(session, options.request, sending, { inFlight: inFlight(), session: options.session, keepOutput: true, timeoutMs: options.timeoutMs, stop: options.stop });
    busy(-1);
    if (!trial) return false;
    const sent = trial.sent_epoch_ms - performance.timeOrigin;
    // the answer goes on into the history; the stored trial keeps it only if asked (set in place, not on a copy)
    const answer = trial.output;
    if (!options.keepOutput) {
      trial.output = null;
      trial.reasoning = null;
    }
    if (answerEnd !== null) trial.think_ms = round(sent - answerEnd);
    options.onTrial(trial);
    if (trial.error) {
      ended = { message: `turn ${turn} failed (${trial.error.kind}: ${trial.error.message})`, cause: { cause: "turn-failed", turn } };
      continue;
    }
    earlier.push({ role: "user", content: text }, { role: "assistant", content: answer ?? "" });
    answerEnd = sent + (trial.end_ms ?? trial.e2e_ms ?? 0);
  }
  return true;
}

export async function runSessionGroup(session: VariantSession, group: PlanGroup, pending: readonly PlannedTrial[], options: SessionOptions): Promise<void> {
  const level = group.sessions;
  if (!level) throw new Error(`group ${group.variant.id}/${group.prompt.id} is not a conversations level`);
  const open = new Set(pending.map((t) => t.key));
  const queue = conversationsOf(group).filter((turns) => turns.some((t) => open.has(t.key)));
  const workers = Math.min(level.users, queue.length);
  if (workers > 1) await session.warm?.(workers).catch(() => undefined);
  let inFlight = 0;
  const busy = (d: number) => (inFlight += d);
  const worker = async (): Promise<void> => {
    for (let next = queue.shift(); next && !options.stop.aborted; next = queue.shift()) {
      if (!(await runConversation(session, group, next, options, () => inFlight, busy))) return;
    }
  };
  await Promise.all(Array.from({ length: workers }, worker));
}
