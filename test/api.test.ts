import { test } from "node:test";
import assert from "node:assert/strict";

test("the public API exports exactly these names", async () => {
  const api = await import("../src/index.js");
  assert.deepEqual(Object.keys(api).sort(), [
    "BACKENDS", "BACKEND_TYPES", "BackendError", "ExperimentError", "ExperimentSchema", "MANIFEST_FILE", "METRIC_IDS",
    "MODEL_PRESETS", "RunError", "TRIALS_FILE", "TRIAL_METRICS", "VERSION", "bootstrapMeanCI", "cellsOf", "chunkRows",
    "clientDecodeRate", "clientPrefillRate", "compare", "compareRuns", "compareTable", "compareVariants",
    "countTrials", "createBackend", "danfo", "describe", "discoverModels", "experimentJsonSchema", "findRun",
    "formatProblem", "indexRuns", "isLoopback", "itlPerChunk", "itlPerToken", "lastRunOf", "listRuns", "loadRun",
    "loadRuns", "mean", "median", "outputTokens", "parseText", "plainProgress", "planExperiment", "quantile",
    "ratioOfMeans", "readExperimentFile", "readManifest", "readRun", "readTrialsFile", "runExperiment", "sd",
    "serverDecodeRate", "serverLoadMs", "serverPrefillRate", "silentProgress", "summarize", "summarizeRun",
    "summaryTable", "syntheticText", "toCsv", "tokenMismatch", "tpotMs", "trialKey", "trialRows", "ttyProgress",
    "unchangedSince", "validateFile", "validateLoaded", "validateText", "verboseFigures", "verboseTable",
    "writeModel",
  ]);
});

test("every backend type has an implementation", async () => {
  const { BACKENDS, BACKEND_TYPES } = await import("../src/index.js");
  assert.deepEqual(Object.keys(BACKENDS).sort(), [...BACKEND_TYPES].sort());
});
