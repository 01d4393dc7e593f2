/**
 * trialbook's public API — everything the CLI does, a notebook or script can do:
 *
 *   load → validate → plan → run → store → analyse → render
 */
export { VERSION } from "./version.js";

// load + validate
export { readExperimentFile, parseText, type LoadedFile, type LoadResult } from "./load/read.js";
export { validateFile, validateText, validateLoaded, type ValidationResult } from "./validate/validate.js";
export { ExperimentError, formatProblem, type Problem } from "./validate/problem.js";
export { experimentJsonSchema } from "./validate/json-schema.js";
export {
  Experiment as ExperimentSchema,
  BACKEND_TYPES,
  type Experiment,
  type ExperimentInput,
  type BackendConfig,
  type BackendType,
  type Variant,
  type Prompt,
  type Workload,
  type FeasibilityExperiment,
  type Dataset,
  type Task,
  type Stages,
  type Cost,
  type Classification,
  isFeasibility,
} from "./validate/schema.js";

// plan
export { planExperiment, trialKey, countTrials, type PlanGroup, type PlannedTrial, type ResolvedPrompt } from "./plan/plan.js";
export { syntheticText } from "./plan/synthetic.js";
export { loadPromptSources, type PromptSources, type TrialSource } from "./plan/sources.js";
export { planFeasibility, type FeasibilityGroup, type FeasibilityPlan, type Stage } from "./plan/feasibility.js";
export { loadItems, datasetFiles, fileText, type Item } from "./load/datasets.js";

// checks
export { CHECKS, runChecks, type NamedResult } from "./check/registry.js";
export { Check as CheckSchema, type Check, type CheckType } from "./check/schema.js";
export type { CheckContext, CheckResult } from "./check/types.js";

// backends
export { BACKENDS, createBackend } from "./backends/registry.js";
export { BackendError, type Backend, type BackendEvent, type BackendInfo, type ChunkKind, type ErrorKind, type GenerationRequest, type Logger, type ModelFacts, type VariantSession } from "./backends/types.js";
export { isLoopback, backendIsLocal } from "./backends/locality.js";
export { discoverModels, type Discovered } from "./discover/models.js";

// run + store
export { runExperiment, RunError, unchangedSince, type RunOptions, type RunResult } from "./run/runner.js";
export { plainProgress, silentProgress, ttyProgress, type Progress } from "./run/progress.js";
export { readTrialsFile, TRIALS_FILE } from "./store/trials.js";
export { readManifest, MANIFEST_FILE, type Manifest } from "./store/manifest.js";
export { listRuns, findRun } from "./store/run-dir.js";
export type { Trial, Chunk, Counted, TrialError, FeasibilityOutcome, StoredCheck } from "./store/trial.js";

// analyse + render
export { clientDecodeRate, clientPrefillRate, serverDecodeRate, serverPrefillRate, serverLoadMs, tpotMs, outputTokens, tokenMismatch, itlPerChunk, itlPerToken } from "./analyse/metrics/all.js";
export { TRIAL_METRICS, METRIC_IDS, type MetricId, type TrialMetric } from "./analyse/metrics/index.js";
export { verboseFigures, type VariantFigures } from "./analyse/verbose.js";
export { readRun, type StoredRun } from "./analyse/load-run.js";
export { feasibilityVerdict, VERDICT_TEXT, type FeasibilityVerdict, type Verdict, type VariantEvidence, type TaskRate, type ItemRow } from "./analyse/feasibility/verdict.js";
export { pairedComparison, mcnemarExact, type Paired } from "./analyse/feasibility/paired.js";
export { costOf, type CostFigure } from "./analyse/feasibility/cost.js";
export { verdictText } from "./render/verdict-text.js";
export { verdictHeadline } from "./render/verdict-rows.js";
export { summarizeRun, type RunSummary, type SummaryRow, type LevelRow } from "./analyse/summary.js";
export { compareRuns, compareVariants, type ComparisonRow, type CompareOptions, type Change } from "./analyse/compare.js";
export { gateComparison, gateVerdict, COMPARE_GATES, RUN_GATES, type CompareGate, type RunGate } from "./analyse/gate.js";
export { loadRun, loadRuns, summarize, compare, danfo, type LoadedRun } from "./analyse/frames.js";
export { trialRows, chunkRows, type TrialRow, type ChunkRow } from "./analyse/rows.js";
export { cellsOf, type Cell, type CellKey } from "./analyse/cells.js";
export { indexRuns, lastRunOf } from "./discover/runs-index.js";
export { toCsv } from "./render/csv.js";
export { summaryTable } from "./render/summary-table.js";
export { compareTable } from "./render/compare-table.js";
export { quantile, median, mean, sd, describe, bootstrapMeanCI, ratioOfMeans, wilson, type Description } from "./analyse/stats.js";
export { verboseTable } from "./render/verbose-table.js";
export { capacityOf, capacityOfRun, type CapacityRow, type CapacityLevel, type Percentiles } from "./analyse/capacity.js";
export { capacitySentence } from "./render/capacity-text.js";
export { depthOfRun, type DepthRow } from "./analyse/depth.js";
export { compareDepth, type DepthChange, type DepthRatio } from "./analyse/depth-compare.js";
export { conversationRows, conversationRowsOfRun, turnRows, type ConversationRow, type ConversationLevel, type TurnFigures } from "./analyse/sessions.js";
export { compareConversations, type ConversationChange, type TurnChange } from "./analyse/sessions-compare.js";
export { drawSchedule, type ScheduleSpec } from "./plan/arrivals.js";

// notebooks
export { show, section, charts, resolveRun, runsOf, type Figure, type Showable, type ViewOptions } from "./notebook/api.js";
export { runNotebook, NOTEBOOK_FORMATS, type NotebookRunOptions, type NotebookRunResult, type NotebookFormat } from "./notebook/run.js";
export { createBundle, verifyBundle, type BundleManifest, type Verification } from "./notebook/bundle.js";

// message catalogue (report language)
export { messages, formatters, type Catalogue, type Formatters } from "./shared/i18n/catalogue.js";
export { LANGUAGES, isLanguage, type Language } from "./shared/i18n/types.js";

// self-made models
export { writeModel, MODEL_PRESETS, type ModelOptions, type ModelPreset } from "./gguf/model.js";
