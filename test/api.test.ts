import { test } from "node:test";
import assert from "node:assert/strict";

test("the public API exports exactly these names", async () => {
  const api = await import("../src/index.js");
  assert.deepEqual(Object.keys(api).sort(), [
    "BACKENDS", "BACKEND_TYPES", "BackendError", "CHECKS", "CheckSchema", "ExperimentError", "ExperimentSchema",
    "MANIFEST_FILE", "METRIC_IDS", "MODEL_PRESETS", "RunError", "TRIALS_FILE", "TRIAL_METRICS", "VERDICT_TEXT",
    "VERSION", "backendIsLocal", "bootstrapMeanCI", "cellsOf", "chunkRows", "clientDecodeRate", "clientPrefillRate",
    "compare", "compareRuns", "compareTable", "compareVariants", "costOf", "countTrials", "createBackend", "danfo",
    "datasetFiles", "describe", "discoverModels", "experimentJsonSchema", "feasibilityVerdict", "fileText", "findRun",
    "formatProblem", "indexRuns", "isFeasibility", "isLoopback", "itlPerChunk", "itlPerToken", "lastRunOf",
    "listRuns", "loadItems", "loadRun", "loadRuns", "mcnemarExact", "mean", "median", "outputTokens",
    "pairedComparison", "parseText", "plainProgress", "planExperiment", "planFeasibility", "quantile", "ratioOfMeans",
    "readExperimentFile", "readManifest", "readRun", "readTrialsFile", "runChecks", "runExperiment", "sd",
    "serverDecodeRate", "serverLoadMs", "serverPrefillRate", "silentProgress", "summarize", "summarizeRun",
    "summaryTable", "syntheticText", "toCsv", "tokenMismatch", "tpotMs", "trialKey", "trialRows", "ttyProgress",
    "unchangedSince", "validateFile", "validateLoaded", "validateText", "verboseFigures", "verboseTable",
    "verdictText", "wilson", "writeModel",
  ]);
});

test("every backend type has an implementation", async () => {
  const { BACKENDS, BACKEND_TYPES } = await import("../src/index.js");
  assert.deepEqual(Object.keys(BACKENDS).sort(), [...BACKEND_TYPES].sort());
});
