/**
 * What the run's thread and its load worker threads say to each other (structured clone over the worker's port).
 *
 *   run thread → worker: setup (workerData), then `go` with the level's time zero; `halt` (stop sending: the level is
 *   saturated) or `abort` (the run is stopped: in-flight requests are dropped, to run again on resume)
 *   worker → run thread: `ready` (backend opened, connections warm) or `failed`; then `trial` per finished request,
 *   `log` and `egress` as they happen; `done` once its share is spent and its requests finished
 *
 * The API key travels in the setup, in memory only: nothing here is written anywhere.
 */
import type { BackendConfig, Variant } from "../../validate/schema.js";
import type { GenerationRequest, OpenOptions } from "../../backends/types.js";
import type { PlanGroup, PlannedTrial } from "../../plan/plan.js";
import type { Trial } from "../../store/trial.js";
import type { LevelStop } from "../open-loop.js";

export interface WorkerSetup {
  /** This worker's index among the level's workers (0-based). */
  index: number;
  backend_id: string;
  config: BackendConfig;
  api_key?: string;
  base_dir: string;
  variant: Variant;
  open: OpenOptions;
  /** The level's group with its own share of `max_concurrency`; its trials are left out (the share is `shard`). */
  group: PlanGroup;
  shard: PlannedTrial[];
  /** Keep-alive connections to open before `ready`. */
  warm: number;
  request: GenerationRequest;
  timeout_ms: number;
  keep_output: boolean;
  session: number;
  /** Requests in flight in every worker of the level (slot 0). */
  in_flight: Int32Array;
}

export type ToWorker =
  /** The level's time zero, in ms since the Unix epoch (`performance.timeOrigin + performance.now()` of the run thread). */
  | { type: "go"; start_epoch_ms: number }
  | { type: "halt"; reason: LevelStop }
  | { type: "abort" };

export type FromWorker =
  | { type: "ready" }
  | { type: "failed"; message: string }
  | { type: "trial"; trial: Trial }
  | { type: "log"; level: "info" | "warn"; message: string }
  | { type: "egress"; url: string }
  | { type: "done" };
