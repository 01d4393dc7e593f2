/**
 * Capacity: how many requests per second a variant sustains under the SLO, from its open-loop levels
 * (`workload.load`, `workload.sweep`). Per level (one variant × prompt × `<arrivals>@<rate>`), over its measured trials:
 *
 * - offered_rps = the rate asked for; sent_rps = (sent − 1) / (last send − first send), the arrival rate achieved;
 * - achieved_rps = completed requests / wall time (first send → last end), vLLM's request throughput;
 * - goodput = requests meeting every SLO / requests planned in the level (errors and requests not sent count as
 *   missing it); goodput_rps = requests meeting every SLO / wall time;
 * - latency percentiles (p50, p90, p99) of TTFT, TPOT and E2E from the real send, and of TTFT and E2E felt from the
 *   due time (send lateness + TTFT/E2E, see capacity-slo.ts), which is what the SLO is checked on;
 * - kept_up = the rate first tokens came at ÷ the rate requests were due (see keptUp): whether the machine served
 *   requests as fast as they were due. A short level can pass its latency limits while a queue builds that it was too
 *   short to show (the requests due last are the ones that wait), so a level that did not keep up to
 *   {@link KEEP_UP} misses the SLO whatever its goodput;
 * - queue_ms = felt TTFT − the unloaded TTFT (median TTFT at concurrency 1 of the same variant and prompt, else
 *   of its lowest-rate level);
 * - output_tps = Σ output tokens / wall time; send lateness p50/p99/max; the most requests in flight at a send.
 *
 * A level meets the SLO when goodput ≥ `slo.goodput` (default 0.9), it kept up and it was not stopped early. The highest rate
 * that meets it (`max_rate_rps`) is the last of an unbroken run of passing levels from the lowest rate up: a rate above
 * one that failed is never claimed. Users = max_rate_rps × the declared interval between one user's requests.
 */
import type { Slo } from "../validate/schema.js";
import type { NotSentCause, Trial } from "../store/trial.js";
import { byLevel } from "./cells.js";
import type { StoredRun } from "./load-run.js";
import { tpotMs } from "./metrics/tpot.js";
import { outputTokens } from "./metrics/tokens.js";
import { feltE2e, feltTtft, goodputShare, meetsFeltSlo } from "./capacity-slo.js";
import { median, present, quantileSorted } from "./stats.js";
import { withConversations, type ConversationCapacity } from "./sessions.js";

export interface Percentiles {
  p50: number | null;
  p90: number | null;
  p99: number | null;
}

export interface CapacityLevel {
  /** `<arrivals>@<rate>`. */
  level: string;
  rate: number;
  arrivals: string;
  requests: number;
  sent: number;
  completed: number;
  errors: number;
  not_sent: number;
  /** Why the level stopped sending early (search), or null: the runner's English sentence, as stored on its trials. */
  stopped_early: string | null;
  /** The same in figures (the unsent trials' `not_sent_cause`), for words in a report's language; null in older runs. */
  stopped_cause: NotSentCause | null;
  offered_rps: number;
  sent_rps: number | null;
  /** The schedule's own arrival rate: (planned − 1) / (last due − first due); differs from `offered_rps` by chance. */
  due_rps: number | null;
  achieved_rps: number | null;
  wall_s: number | null;
  goodput: number | null;
  goodput_rps: number | null;
  meets_slo: boolean | null;
  ttft_ms: Percentiles;
  tpot_ms: Percentiles;
  e2e_ms: Percentiles;
  /** TTFT and E2E counted from the due time (send lateness + latency): what the SLO is checked on. */
  felt_ttft_ms: Percentiles;
  felt_e2e_ms: Percentiles;
  /** The rate first tokens came at ÷ the rate requests were due, at most 1 (null: too few requests, or the level spans resumed sessions). */
  kept_up: number | null;
  queue_ms: Percentiles;
  lateness_ms: { p50: number | null; p99: number | null; max: number | null };
  output_tps: number | null;
  max_in_flight: number;
  errors_by_kind: Record<string, number>;
  spans_sessions: boolean;
}

export interface CapacityRow {
  variant: string;
  prompt: string;
  /** Highest offered rate meeting the SLO, with every lower level meeting it too; null when none did (or no SLO). */
  max_rate_rps: number | null;
  /**
   * About this many users at one request every `user_interval_s` (max_rate_rps × user_interval_s, rounded down); with
   * conversations (`workload.sessions`, `max_sessions_from: "conversations"`) the most conversations at once whose
   * turns met the SLO, measured (see sessions.ts).
   */
  max_sessions: number | null;
  /** Where max_sessions comes from: absent = rate × interval; "conversations" = measured users levels. */
  max_sessions_from?: "conversations";
  /** Conversations: their shape, and each users level with its goodput over all turns and SLO verdict. */
  conversations?: ConversationCapacity;
  user_interval_s: number;
  slo: Slo | null;
  /** The knee lies between these rates: the last level meeting the SLO and the first above it that did not. */
  knee: { last_met_rps: number | null; first_missed_rps: number | null };
  unloaded_ttft_ms: number | null;
  unloaded_source: "concurrency 1" | "lowest rate" | null;
  levels: CapacityLevel[];
}

export const DEFAULT_USER_INTERVAL_S = 30;

/** A level keeps up when its requests complete at no less than this share of the rate they were due at. */
export const KEEP_UP = 0.9;

/** The level was measured falling behind its schedule (unknown counts as not: too few requests to tell). */
export const fellBehind = (keptUp: number | null): boolean => keptUp !== null && keptUp < KEEP_UP;

/** (n − 1) ÷ the span from first to last, per second (sorts `times` in place); null under 2 times or with no span. */
function rateOver(times: number[]): number | null {
  if (times.length < 2) return null;
  times.sort((a, b) => a - b);
  const span = ((times[times.length - 1] ?? 0) - (times[0] ?? 0)) / 1000;
  return span > 0 ? (times.length - 1) / span : null;
}

/**
 * The rate first tokens came at ÷ the rate requests were due: 1 ÷ the slope of first-token time against due time. A
 * machine that keeps up answers each request a steady time after it was due (slope 1); one that does not serves them
 * at its own rate, each waiting longer than the last (slope = due rate ÷ served rate). The slope is the median of the
 * slopes from each request to the one half the level later (Theil–Sen on those pairs), so one slow request at either
 * end does not tip it. Null under 4 requests with a first token.
 */
function keptUp(completed: readonly Trial[]): number | null {
  const points = completed
    .filter((t) => t.scheduled_ms !== undefined && t.ttft_ms !== null)
    .map((t) => ({ due: t.scheduled_ms ?? 0, first: t.sent_epoch_ms + (t.ttft_ms ?? 0) }))
    .sort((a, b) => a.due - b.due);
  const half = Math.floor(points.length / 2);
  if (half < 2) return null;
  const slopes: number[] = [];
  for (let i = 0; i + half < points.length; i++) {
    const a = points[i]!;
    const b = points[i + half]!;
    if (b.due > a.due) slopes.push((b.first - a.first) / (b.due - a.due));
  }
  const slope = median(slopes);
  return slope === null || slope <= 0 ? null : Math.min(1, 1 / slope);
}

const pct = (values: readonly number[]): Percentiles => {
  if (values.length === 0) return { p50: null, p90: null, p99: null };
  const s = [...values].sort((a, b) => a - b);
  return { p50: quantileSorted(s, 0.5), p90: quantileSorted(s, 0.9), p99: quantileSorted(s, 0.99) };
};

/** The level part of an open-loop trial key (`variant/prompt/<arrivals>@<rate>/r<i>`). */
export const levelOf = (t: Trial): string => t.trial.split("/")[2] ?? `poisson@${t.rate ?? 0}`;

export function capacityLevel(trials: readonly Trial[], slo: Slo | null, unloadedTtft: number | null): CapacityLevel {
  const first = trials[0];
  const level = first ? levelOf(first) : "?";
  const rate = first?.rate ?? 0;
  const sent = trials.filter((t) => !t.not_sent);
  const ok = sent.filter((t) => !t.error);
  const sends = sent.map((t) => t.sent_epoch_ms).sort((a, b) => a - b);
  const ends = sent.map((t) => t.sent_epoch_ms + (t.end_ms ?? t.e2e_ms ?? 0));
  const spans = new Set(sent.map((t) => t.session)).size > 1;
  const wall = spans || sent.length === 0 ? null : (Math.max(...ends) - (sends[0] ?? 0)) / 1000;
  const per = (x: number) => (wall && wall > 0 ? x / wall : null);
  const met = slo ? ok.filter((t) => meetsFeltSlo(t, slo)).length : null;
  const notSent = trials.length - sent.length;
  const goodput = met === null || trials.length === 0 ? null : met / trials.length;
  const late = present(sent.map((t) => t.send_lateness_ms)).sort((a, b) => a - b);
  const errorsByKind: Record<string, number> = {};
  for (const t of sent) if (t.error) errorsByKind[t.error.kind] = (errorsByKind[t.error.kind] ?? 0) + 1;
  const unsent = trials.find((t) => t.not_sent);
  const stopped = unsent?.error?.message.replace(/^not sent: /, "") ?? null;
  const due = rateOver(present(trials.map((t) => t.scheduled_ms)));
  const kept = spans ? null : keptUp(ok);
  const felt = present(ok.map(feltTtft));
  return {
    level,
    rate,
    arrivals: level.split("@")[0] ?? "poisson",
    requests: trials.length,
    sent: sent.length,
    completed: ok.length,
    errors: sent.length - ok.length,
    not_sent: notSent,
    stopped_early: stopped,
    stopped_cause: unsent?.not_sent_cause ?? null,
    offered_rps: rate,
    sent_rps: spans ? null : rateOver(sends),
    due_rps: due,
    achieved_rps: per(ok.length),
    wall_s: wall,
    goodput,
    goodput_rps: met === null ? null : per(met),
    meets_slo: slo === null || goodput === null ? null : notSent === 0 && goodput >= goodputShare(slo) - 1e-12 && !fellBehind(kept),
    ttft_ms: pct(present(ok.map((t) => t.ttft_ms))),
    tpot_ms: pct(present(ok.map(tpotMs))),
    e2e_ms: pct(present(ok.map((t) => t.e2e_ms))),
    felt_ttft_ms: pct(felt),
    felt_e2e_ms: pct(present(ok.map(feltE2e))),
    kept_up: kept,
    queue_ms: unloadedTtft === null ? pct([]) : pct(felt.map((x) => x - unloadedTtft)),
    lateness_ms: { p50: late.length ? quantileSorted(late, 0.5) : null, p99: late.length ? quantileSorted(late, 0.99) : null, max: late[late.length - 1] ?? null },
    output_tps: per(ok.reduce((a, t) => a + (outputTokens(t) ?? 0), 0)),
    max_in_flight: Math.max(0, ...sent.map((t) => t.in_flight)),
    errors_by_kind: errorsByKind,
    spans_sessions: spans,
  };
}

/** The highest rate of the unbroken run of passing levels from the lowest up, and the first failing rate above it. */
export function kneeOf(levels: readonly CapacityLevel[]): CapacityRow["knee"] {
  let lastMet: number | null = null;
  for (const l of [...levels].sort((a, b) => a.rate - b.rate)) {
    if (l.meets_slo === true) lastMet = l.rate;
    else return { last_met_rps: lastMet, first_missed_rps: l.rate };
  }
  return { last_met_rps: lastMet, first_missed_rps: null };
}

function unloaded(trials: readonly Trial[], variant: string, prompt: string): number | null {
  return median(present(trials.filter((t) => !t.warmup && !t.error && t.rate === undefined && !t.depth && t.turn === undefined && t.concurrency === 1 && t.variant === variant && t.prompt === prompt).map((t) => t.ttft_ms)));
}

export function capacityOf(trials: readonly Trial[], slo: Slo | null, userIntervalS = DEFAULT_USER_INTERVAL_S, thinkTimeS: number | null = null): CapacityRow[] {
  const rows: CapacityRow[] = [];
  // open-loop measured trials by variant, prompt and level
  for (const { variant, prompt, levels: byRate } of byLevel(trials, (t) => (t.warmup || t.rate === undefined ? null : levelOf(t)))) {
    const lists = [...byRate.values()].sort((a, b) => (a[0]?.rate ?? 0) - (b[0]?.rate ?? 0));
    let base = unloaded(trials, variant, prompt);
    let source: CapacityRow["unloaded_source"] = base === null ? null : "concurrency 1";
    if (base === null && lists[0]) {
      base = median(present(lists[0].filter((t) => !t.not_sent && !t.error).map((t) => t.ttft_ms)));
      source = base === null ? null : "lowest rate";
    }
    const levels = lists.map((l) => capacityLevel(l, slo, base));
    const knee = slo ? kneeOf(levels) : { last_met_rps: null, first_missed_rps: null };
    const max = knee.last_met_rps;
    rows.push({
      variant,
      prompt,
      max_rate_rps: max,
      max_sessions: max === null ? null : Math.floor(max * userIntervalS + 1e-9),
      user_interval_s: userIntervalS,
      slo,
      knee,
      unloaded_ttft_ms: base,
      unloaded_source: source,
      levels,
    });
  }
  return withConversations(rows, trials, slo, userIntervalS, thinkTimeS);
}

export function capacityOfRun(run: StoredRun): CapacityRow[] {
  const slo = run.manifest.slo ?? null;
  return capacityOf(run.trials, slo, run.manifest.load?.user_interval_s ?? DEFAULT_USER_INTERVAL_S, run.manifest.conversations?.think_time_s ?? null);
}
