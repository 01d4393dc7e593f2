/**
 * Which sender an open-loop level of a variant gets: the run's own thread (`settings.load_workers: 1`, the default,
 * and always for the embedded llama-cpp engine, whose loaded model threads cannot share) or worker threads (`auto`:
 * one per core; `n`: that many).
 */
import { availableParallelism } from "node:os";
import type { Experiment, Variant } from "../../validate/schema.js";
import type { BackendContext, Logger, OpenOptions, VariantSession } from "../../backends/types.js";
import type { PlanGroup, PlannedTrial } from "../../plan/plan.js";
import { runOpenLoopGroup, type OpenLoopOptions } from "../open-loop.js";
import { messages } from "../../shared/i18n/catalogue.js";
import { runOpenLoopWorkers } from "./pool.js";

export type OpenLoopSender = (session: VariantSession, group: PlanGroup, pending: readonly PlannedTrial[], options: OpenLoopOptions) => Promise<void>;

/** The number of sending threads `settings.load_workers` asks for on this machine. */
export const loadWorkers = (asked: number | "auto"): number => (asked === "auto" ? availableParallelism() : asked);

export function openLoopSender(e: Experiment, variant: Variant, context: BackendContext | undefined, open: OpenOptions, logger: Logger): OpenLoopSender {
  const n = loadWorkers(e.settings.load_workers);
  const config = e.backends[variant.backend];
  if (n <= 1 || !config || !context) return runOpenLoopGroup;
  if (config.type === "llama-cpp") {
    if (e.workload.load || e.workload.sweep) logger.info(messages("en").workers.embedded(variant.id, n));
    return runOpenLoopGroup;
  }
  const pool = { workers: n, backendId: variant.backend, config, context, variant, open, logger };
  return (session, group, pending, options) => runOpenLoopWorkers(pool, session, group, pending, options);
}
