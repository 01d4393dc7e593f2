import { test } from "node:test";
import assert from "node:assert/strict";

test("the public API exports exactly these names", async () => {
  const api = await import("../src/index.js");
  assert.deepEqual(Object.keys(api).sort(), [
    "BACKENDS", "BACKEND_TYPES", "BackendError", "CHECKS", "COMPARE_GATES", "CheckSchema", "ExperimentError", "ExperimentSchema",
    "LANGUAGES", "MANIFEST_FILE", "METRIC_IDS", "MODEL_PRESETS", "NOTEBOOK_FORMATS", "RUN_GATES", "RunError", "TRIALS_FILE", "TRIAL_METRICS",
    "VERDICT_TEXT", "VERSION", "backendIsLocal", "bootstrapMeanCI", "capacityOf", "capacityOfRun", "capacitySentence", "cellsOf", "charts", "chunkRows",
    "clientDecodeRate", "clientPrefillRate", "compare", "compareConversations", "compareDepth", "compareRuns", "compareTable", "compareVariants", "conversationRows", "conversationRowsOfRun", "costOf",
    "countTrials", "createBackend", "createBundle", "danfo", "datasetFiles", "depthOfRun", "describe", "discoverModels", "drawSchedule",
    "experimentJsonSchema", "feasibilityVerdict", "fileText", "findRun", "formatProblem", "formatters", "gateComparison", "gateVerdict", "indexRuns",
    "isFeasibility", "isLanguage", "isLoopback", "itlPerChunk", "itlPerToken", "lastRunOf", "listRuns", "loadItems", "loadPromptSources", "loadRun",
    "loadRuns", "mcnemarExact", "mean", "median", "messages", "outputTokens", "pairedComparison", "parseText", "plainProgress",
    "planExperiment", "planFeasibility", "quantile", "ratioOfMeans", "readExperimentFile", "readManifest", "readRun",
    "readTrialsFile", "resolveRun", "runChecks", "runExperiment", "runNotebook", "runsOf", "sd", "section",
    "serverDecodeRate", "serverLoadMs", "serverPrefillRate", "show", "silentProgress", "summarize", "summarizeRun",
    "summaryTable", "syntheticText", "toCsv", "tokenMismatch", "tpotMs", "trialKey", "trialRows", "ttyProgress", "turnRows",
    "unchangedSince", "validateFile", "validateLoaded", "validateText", "verboseFigures", "verboseTable",
    "verdictHeadline", "verdictText", "verifyBundle", "wilson", "writeModel",
  ]);
});

test("every backend type has an implementation", async () => {
  const { BACKENDS, BACKEND_TYPES } = await import("../src/index.js");
  assert.deepEqual(Object.keys(BACKENDS).sort(), [...BACKEND_TYPES].sort());
});

test("the library loads through require() too, as notebook cells (compiled to CommonJS) load it", async () => {
  const { execFileSync } = await import("node:child_process");
  const { fileURLToPath } = await import("node:url");
  const dir = fileURLToPath(new URL("../notebooks", import.meta.url));
  const out = execFileSync(process.execPath, ["-e", "const t = require('trialbook'); console.log(typeof t.show, typeof t.readRun, typeof t.runNotebook)"], { cwd: dir, encoding: "utf8" });
  assert.equal(out.trim(), "function function function");
});
