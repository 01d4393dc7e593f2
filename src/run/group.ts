/**
 * Runs one plan group — one variant, one prompt, one load level — keeping `concurrency` requests in flight until its
 * pending trials are done. Each finished trial is handed to `onTrial` at once (the store appends it).
 */
import type { GenerationRequest, VariantSession } from "../backends/types.js";
import type { PlanGroup, PlannedTrial } from "../plan/plan.js";
import type { Trial } from "../store/trial.js";
import { recordTrial } from "./record.js";

export interface GroupOptions {
  request: GenerationRequest;
  timeoutMs: number;
  keepOutput: boolean;
  session: number;
  stop: AbortSignal;
  onTrial: (trial: Trial) => void;
}

export async function runGroup(session: VariantSession, group: PlanGroup, pending: readonly PlannedTrial[], options: GroupOptions): Promise<void> {
  const queue = [...pending];
  const workers = Math.min(group.concurrency, queue.length);
  // A failure to warm shows up on the trials themselves; it must not stop the run.
  if (workers > 1) await session.warm?.(workers).catch(() => undefined);
  let inFlight = 0;
  const worker = async (): Promise<void> => {
    for (let next = queue.shift(); next && !options.stop.aborted; next = queue.shift()) {
      inFlight++;
      const trial = await recordTrial(session, options.request, next, {
        inFlight,
        session: options.session,
        keepOutput: options.keepOutput,
        timeoutMs: options.timeoutMs,
        stop: options.stop,
      });
      inFlight--;
      if (trial) options.onTrial(trial);
    }
  };
  await Promise.all(Array.from({ length: workers }, worker));
}
