import { test } from "node:test";
import assert from "node:assert/strict";

test("the public API exports exactly these names", async () => {
  const api = await import("../src/index.js");
  assert.deepEqual(Object.keys(api).sort(), [
    "BACKENDS", "BACKEND_TYPES", "BackendError", "ExperimentError", "ExperimentSchema", "MANIFEST_FILE", "MODEL_PRESETS",
    "RunError", "TRIALS_FILE", "VERSION", "clientDecodeRate", "clientPrefillRate", "countTrials", "createBackend",
    "discoverModels", "experimentJsonSchema", "findRun", "formatProblem", "isLoopback", "listRuns", "mean", "median",
    "outputTokens", "parseText", "plainProgress", "planExperiment", "quantile", "readExperimentFile", "readManifest",
    "readTrialsFile", "runExperiment", "serverDecodeRate", "serverLoadMs", "serverPrefillRate", "silentProgress",
    "syntheticText", "tpotMs", "trialKey", "ttyProgress", "validateFile", "validateLoaded", "validateText",
    "verboseFigures", "verboseTable", "writeModel",
  ]);
});

test("every backend type has an implementation", async () => {
  const { BACKENDS, BACKEND_TYPES } = await import("../src/index.js");
  assert.deepEqual(Object.keys(BACKENDS).sort(), [...BACKEND_TYPES].sort());
});
