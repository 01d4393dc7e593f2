/**
 * Capacity: how many requests per second a variant sustains under the SLO, from its open-loop levels
 * (`workload.load`, `workload.sweep`). Per level (one variant × prompt × `<arrivals>@<rate>`), over its measured trials:
 *
 * - offered_rps = the rate asked for; sent_rps = (sent − 1) / (last send − first send), the arrival rate achieved;
 * - achieved_rps = completed requests / wall time (first send → last end), vLLM's request throughput;
 * - goodput = requests meeting every SLO / requests planned in the level (errors and requests not sent count as
 *   missing it); goodput_rps = requests meeting every SLO / wall time;
 * - latency percentiles (p50, p90, p99) of TTFT, TPOT and E2E from the real send; the SLO is checked on latency
 *   felt from the due time (send lateness + TTFT/E2E, see capacity-slo.ts);
 * - queue_ms = felt TTFT − the unloaded TTFT (median TTFT at concurrency 1 of the same variant and prompt, else
 *   of its lowest-rate level);
 * - output_tps = Σ output tokens / wall time; send lateness p50/p99/max; the most requests in flight at a send.
 *
 * A level meets the SLO when goodput ≥ `slo.goodput` (default 0.9) and it was not stopped early. The highest rate
 * that meets it (`max_rate_rps`) is the last of an unbroken run of passing levels from the lowest rate up: a rate above
 * one that failed is never claimed. Users = max_rate_rps × the declared interval between one user's requests.
 */
import type { Slo } from "../validate/schema.js";
import type { Trial } from "../store/trial.js";
import { byLevel } from "./cells.js";
import type { StoredRun } from "./load-run.js";
import { tpotMs } from "./metrics/tpot.js";
import { outputTokens } from "./metrics/tokens.js";
import { feltTtft, goodputShare, meetsFeltSlo } from "./capacity-slo.js";
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
  /** Why the level stopped sending early (search), or null. */
  stopped_early: string | null;
  offered_rps: number;
  sent_rps: number | null;
  achieved_rps: number | null;
  wall_s: number | null;
  goodput: number | null;
  goodput_rps: number | null;
  meets_slo: boolean | null;
  ttft_ms: Percentiles;
  tpot_ms: Percentiles;
  e2e_ms: Percentiles;
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
  const span = sends.length > 1 ? ((sends[sends.length - 1] ?? 0) - (sends[0] ?? 0)) / 1000 : 0;
  const met = slo ? ok.filter((t) => meetsFeltSlo(t, slo)).length : null;
  const notSent = trials.length - sent.length;
  const goodput = met === null || trials.length === 0 ? null : met / trials.length;
  const late = present(sent.map((t) => t.send_lateness_ms)).sort((a, b) => a - b);
  const errorsByKind: Record<string, number> = {};
  for (const t of sent) if (t.error) errorsByKind[t.error.kind] = (errorsByKind[t.error.kind] ?? 0) + 1;
  const stopped = trials.find((t) => t.not_sent)?.error?.message.replace(/^not sent: /, "") ?? null;
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
    offered_rps: rate,
    sent_rps: span > 0 && !spans ? (sends.length - 1) / span : null,
    achieved_rps: per(ok.length),
    wall_s: wall,
    goodput,
    goodput_rps: met === null ? null : per(met),
    meets_slo: slo === null || goodput === null ? null : notSent === 0 && goodput >= goodputShare(slo) - 1e-12,
    ttft_ms: pct(present(ok.map((t) => t.ttft_ms))),
    tpot_ms: pct(present(ok.map(tpotMs))),
    e2e_ms: pct(present(ok.map((t) => t.e2e_ms))),
    queue_ms: unloadedTtft === null ? pct([]) : pct(present(ok.map(feltTtft)).map((x) => x - unloadedTtft)),
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
