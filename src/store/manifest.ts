/**
 * `manifest.json`: the conditions of a run — experiment file and hash, tool version, host, each backend's server and
 * version, each variant's model facts — and its sessions (a resumed run has several). Written atomically.
 */
import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { HostInfo } from "./host.js";
import type { EgressEntry } from "./egress.js";
import type { BackendInfo, ModelFacts } from "../backends/types.js";
import type { BackendType, Cost, ReportInfo, Slo, Variant } from "../validate/schema.js";
import type { ManifestLoad, ManifestSessions } from "./load-manifest.js";

export const MANIFEST_FILE = "manifest.json";
export const EXPERIMENT_COPY = "experiment.yaml";

export interface RunSession {
  started_at: string;
  ended_at: string | null;
  status: "running" | "complete" | "interrupted" | "failed";
  tool_version: string;
  trials_written: number;
}

export interface ManifestBackend extends BackendInfo {
  type: BackendType;
  local: boolean;
  /** Name of the environment variable that held the API key (never the key). */
  api_key_env?: string;
}

/** A declared fact of a variant that the server's own report contradicts. */
export interface Contradiction {
  field: "format" | "quantization";
  declared: string;
  reported: string;
}

export interface ManifestVariant {
  id: string;
  backend: string;
  declared: Pick<Variant, "model" | "format"> & Partial<Pick<Variant, "quantization" | "parameters" | "notes" | "bytes_per_token" | "reasoning_effort">>;
  /** Identity of the served model when the run opened it (file sha256, Ollama digest, or server + name): reruns compare it. */
  fingerprint?: string;
  model: ModelFacts | null;
  /** Why the model could not be opened, when it could not. */
  problem?: string;
  /**
   * What the server said about the loaded model after serving the variant's requests (Ollama `/api/ps`, llama-server
   * `/props`, vLLM `/v1/models`, LM Studio `/api/v0/models`): memory footprint, context length, build.
   */
  server_facts?: Record<string, unknown>;
  /** Where the server contradicts what the experiment declares (format, quantization), one sentence each (English). */
  contradictions?: string[];
  /**
   * The same, in figures (reports word them in their language); absent on runs made before it existed, whose reports
   * show `contradictions` as stored.
   */
  contradicted?: Contradiction[];
  /** `unload_before` was in effect: measured requests each paid a cold load on purpose. */
  unload_before?: boolean;
}

export interface Manifest {
  schema_version: 1;
  tool: { name: "trialbook"; version: string };
  run_id: string;
  experiment: { name: string; file: string; sha256: string; kind: string };
  status: RunSession["status"];
  started_at: string;
  ended_at: string | null;
  sessions: RunSession[];
  host: HostInfo;
  machine_declared: Record<string, unknown> | null;
  /** Service-level objectives declared by the experiment (for goodput). */
  slo: Slo | null;
  /**
   * Speed runs: `workload.prompt_cache` as run — bust (each prompt started with a nonce), allow (sent as written,
   * cached requests flagged) or measure (cold, then warm). Absent in runs made before it existed (sent as written).
   */
  prompt_cache?: "bust" | "allow" | "measure";
  /**
   * Speed prompts read from a file or dataset, by prompt id: what was read (`origin`: the file as written, or
   * `dataset:<id>`), its format, the records in it, how many the plan uses (`sample`), how many were skipped, and the
   * file's sha256 (a resume stops when it changed).
   */
  prompt_sources?: Record<string, { origin: string; format: string; records: number; used: number; skipped: number; sha256?: string }>;
  /** Title-page facts for reports (client, project, author), as declared. */
  report?: ReportInfo;
  /** The experiment's description, as declared. */
  description?: string;
  backends: Record<string, ManifestBackend>;
  variants: Record<string, ManifestVariant>;
  planned_trials: number;
  /** Every host HTTP requests went to, with counts (all sessions). Empty: nothing left the process. */
  egress: EgressEntry[];
  /** A rerun: the run it was compared with (`trialbook run --since`), and the variants it left out as unchanged. */
  since?: { run_id: string; dir: string };
  skipped_variants?: Record<string, string>;
  /** Feasibility runs: the protocol as run, and what each task ran on. */
  feasibility?: ManifestFeasibility;
  /** Open-loop load levels as planned (`workload.load`, `workload.sweep`). */
  load?: ManifestLoad;
  /** Conversations as declared (`workload.sessions`). */
  conversations?: ManifestSessions;
}

export interface ManifestFeasibility {
  threshold: number;
  repetitions: number;
  force_open_weight: boolean;
  stages: { flagship: string[]; open_weight: string[] };
  tasks: Array<{ id: string; dataset: string; per: string; items: string[]; checks: string[] }>;
  datasets: Record<string, { classification: string; files: Array<{ path: string; sha256: string }> }>;
  /** Declared costs by variant (API prices per token, or a local hourly cost). */
  costs: Record<string, Cost>;
  /** sha256 of the tasks, repetitions and dataset file hashes: `--since` carries answers over only when it is equal. */
  tasks_sha256: string;
  /** Why the open-weight stage did not run, when it did not. */
  skipped_stage?: string;
  /** The verdict when the session ended, as computed from the trials then (`summary` and reports recompute it). */
  verdict?: { verdict: string; headline: string };
}

export function writeManifest(dir: string, manifest: Manifest): void {
  const path = join(dir, MANIFEST_FILE);
  writeFileSync(path + ".tmp", JSON.stringify(manifest, null, 2) + "\n");
  renameSync(path + ".tmp", path);
}

export function readManifest(dir: string): Manifest {
  return JSON.parse(readFileSync(join(dir, MANIFEST_FILE), "utf8")) as Manifest;
}
