/**
 * The bounded search of `workload.sweep` with `search: true`, for one variant and prompt. It is a pure function of the
 * trials stored so far, so a resumed run takes the same decisions:
 *
 * 1. the sweep's rates from low to high: a level runs unless it is complete; the first level that misses the SLO ends
 *    the climb (higher rates are not run);
 * 2. then up to `refine` rates halve the gap between the last rate that met the SLO and the first that did not (below
 *    the lowest rate when even that one missed it);
 * 3. a level stops sending early once it is clearly saturated (see shared/saturation.ts).
 *
 * At most `steps + refine` levels run per variant and prompt.
 */
import type { Experiment } from "../validate/schema.js";
import type { Trial } from "../store/trial.js";
import type { PlanGroup } from "../plan/plan.js";
import { levelId, openLoopGroup, openLoopLevels, refinedLevel, roundRate, sweepRates, type OpenLoopLevel, type TrialExtra } from "../plan/load.js";
import { capacityLevel, levelOf } from "../analyse/capacity.js";
import { goodputShare, meetsFeltSlo, watchedLatency, watchedLimit } from "../analyse/capacity-slo.js";
import { saturation, type LevelProgress } from "../shared/saturation.js";
import type { LevelStop } from "./open-loop.js";

/** Pass/fail of a level whose trials are all stored; undefined while it is incomplete. */
function verdict(e: Experiment, level: OpenLoopLevel, trials: readonly Trial[]): boolean | undefined {
  if (trials.length < level.schedule.length) return undefined;
  return capacityLevel(trials, e.slo ?? null, null).meets_slo === true;
}

/** The next searched level to run for this variant and prompt, or null when the search is over. */
export function nextSearchLevel(e: Experiment, variant: string, prompt: string, stored: readonly Trial[]): OpenLoopLevel | null {
  const sweep = e.workload.sweep;
  if (!sweep?.search || !e.slo) return null;
  const mine = new Map<string, Trial[]>();
  for (const t of stored) {
    if (t.variant !== variant || t.prompt !== prompt || t.rate === undefined || t.warmup) continue;
    const id = levelOf(t);
    mine.set(id, [...(mine.get(id) ?? []), t]);
  }
  const outcome = (level: OpenLoopLevel) => verdict(e, level, mine.get(level.id) ?? []);
  // A rate of the sweep that is also a fixed `workload.load` level (same arrivals) is that level: its trials (same
  // keys) answer for it, rather than a second level with the same keys being run over it.
  const levels = openLoopLevels(e);
  const fixed = new Map(levels.filter((l) => !l.sweep).map((l) => [l.id, l]));
  const climb = sweepRates(sweep).map((rate) => fixed.get(levelId(sweep.arrivals, rate)) ?? levels.find((l) => l.sweep && l.rate === rate));
  let lastMet: number | null = null;
  let firstMissed: number | null = null;
  for (const level of climb) {
    if (!level) continue;
    const ok = outcome(level);
    if (ok === undefined) return level;
    if (!ok) {
      firstMissed = level.rate;
      break;
    }
    lastMet = level.rate;
  }
  if (firstMissed === null) return null;
  for (let k = 0; k < sweep.refine; k++) {
    const rate = roundRate(lastMet === null ? firstMissed / 2 : (lastMet + firstMissed) / 2);
    if (rate === lastMet || rate === firstMissed || rate <= 0) return null;
    const level = fixed.get(levelId(sweep.arrivals, rate)) ?? refinedLevel(e, rate);
    if (!level) return null;
    const ok = outcome(level);
    if (ok === undefined) return level;
    if (ok) lastMet = rate;
    else firstMissed = rate;
  }
  return null;
}

/** A median in whole ms; null where failed requests (no latency) made it unbounded. */
const whole = (ms: number): number | null => (Number.isFinite(ms) ? Math.round(ms) : null);

/** The group of a searched level, and the rule that stops it early once it is clearly saturated. */
export function searchGroup(e: Experiment, base: PlanGroup, level: OpenLoopLevel, extra?: TrialExtra): { group: PlanGroup; saturated: (finished: readonly Trial[]) => LevelStop | null } {
  const slo = e.slo;
  const group = openLoopGroup(base.variant, base.prompt, level, extra);
  // Called after every finished request of the level with the level's finished trials so far (a list that only
  // grows): each trial is read once, not the whole list again on every call from the sending loop.
  const progress: LevelProgress[] = [];
  const saturated = (finished: readonly Trial[]): LevelStop | null => {
    if (!slo) return null;
    if (finished.length < progress.length) progress.length = 0;
    for (let i = progress.length; i < finished.length; i++) {
      const t = finished[i]!;
      progress.push({ scheduled_ms: t.scheduled_ms ?? 0, felt_ms: watchedLatency(t, slo), met: meetsFeltSlo(t, slo) });
    }
    const planned = level.schedule.length;
    const goodput = goodputShare(slo);
    const s = saturation(progress, { planned, goodput, limit_ms: watchedLimit(slo) });
    if (!s) return null;
    // the message is stored as it always was (English, for runs read by older versions); reports word the cause
    return s.rule === "unreachable"
      ? { message: `saturated: ${s.missed} of ${planned} requests already missed the SLO, more than goodput ${goodput} allows`, cause: { cause: "saturated-unreachable", missed: s.missed, planned, goodput } }
      : {
          message: `saturated: latency rising through the level (median ${s.first_ms.toFixed(0)} ms in its first third, ${s.last_ms.toFixed(0)} ms in its last)`,
          cause: { cause: "saturated-rising", first_ms: whole(s.first_ms), last_ms: whole(s.last_ms) },
        };
  };
  return { group, saturated };
}

/** One base group per prompt whose sweep this variant searches (the groups' variant and prompt, not their level). */
export function searchBases(groups: readonly PlanGroup[], variant: string): PlanGroup[] {
  const seen = new Map<string, PlanGroup>();
  for (const g of groups) if (g.variant.id === variant && g.load?.search && !seen.has(g.prompt.id)) seen.set(g.prompt.id, g);
  return [...seen.values()];
}

/** Runs the searches of one variant level by level until each is over (or the run is stopped). */
export async function runSearches(
  e: Experiment,
  bases: readonly PlanGroup[],
  stored: () => readonly Trial[],
  stop: AbortSignal,
  run: (group: PlanGroup, saturated: (finished: readonly Trial[]) => LevelStop | null) => Promise<void>,
  extra?: TrialExtra,
): Promise<void> {
  for (const base of bases) {
    const bound = (e.workload.sweep?.steps ?? 0) + (e.workload.sweep?.rates?.length ?? 0) + (e.workload.sweep?.refine ?? 0) + 1;
    for (let i = 0; i < bound && !stop.aborted; i++) {
      const level = nextSearchLevel(e, base.variant.id, base.prompt.id, stored());
      if (!level) break;
      const { group, saturated } = searchGroup(e, base, level, extra);
      const done = new Set(stored().map((t) => t.trial));
      await run({ ...group, trials: group.trials.filter((t) => !done.has(t.key)) }, saturated);
    }
  }
}
