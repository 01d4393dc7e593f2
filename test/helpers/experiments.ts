/** Writes experiment files into a fresh temp folder for a test. */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stringify } from "yaml";
import type { ExperimentInput } from "../../src/validate/schema.js";

export function tempDir(prefix = "trialbook-test-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function writeExperiment(dir: string, experiment: ExperimentInput, name = "experiment.yaml"): string {
  const path = join(dir, name);
  writeFileSync(path, stringify(experiment));
  return path;
}
