/** The open-loop facts a run keeps in its manifest, and the sequences a backend must serve at once. */
import type { Experiment } from "../validate/schema.js";
import type { PlanGroup } from "../plan/plan.js";
import type { ManifestLoad, ManifestSessions } from "../store/load-manifest.js";
import { DEFAULT_FOLLOW_UP, usersLevels } from "../validate/sessions.js";
import { sessionCapacity } from "../plan/sessions.js";

export function loadManifest(e: Experiment, groups: readonly PlanGroup[]): ManifestLoad | null {
  const w = e.workload;
  if (!w.load && !w.sweep) return null;
  const seen = new Map<string, ManifestLoad["levels"][number]>();
  for (const g of groups) {
    const l = g.load;
    if (!l || seen.has(l.id)) continue;
    seen.set(l.id, {
      id: l.id,
      rate: l.rate,
      arrivals: l.arrivals,
      ...(l.burstiness === undefined ? {} : { burstiness: l.burstiness }),
      ...(l.max_concurrency === undefined ? {} : { max_concurrency: l.max_concurrency }),
      requests: l.schedule.length,
      sweep: l.sweep,
    });
  }
  return { user_interval_s: w.user_interval_s, levels: [...seen.values()], search: w.sweep?.search ?? false, refine: w.sweep?.refine ?? 0 };
}

/**
 * Sequences to open a variant with: the highest closed-loop level, open-loop cap or users level of conversations. An uncapped open-loop level on an
 * HTTP server needs no sequences here (the server queues); the embedded engine is refused such levels by validation.
 */
export function openCapacity(e: Experiment): number {
  const w = e.workload;
  const caps = [...(w.load ?? []).map((l) => l.max_concurrency ?? 1), w.sweep?.max_concurrency ?? 1];
  return Math.max(...w.concurrency, ...caps, sessionCapacity(w.sessions));
}

/** The conversations block as the manifest keeps it, or null without one. */
export function sessionsManifest(e: Experiment): ManifestSessions | null {
  const s = e.workload.sessions;
  if (!s) return null;
  return { turns: s.turns, think_time_s: s.think_time_s, users: usersLevels(s), conversations_per_user: s.conversations_per_user, follow_ups: s.follow_ups ?? [DEFAULT_FOLLOW_UP] };
}
