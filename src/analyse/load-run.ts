/** A stored run, read back: its manifest, its trials, and where it lies. */
import { join } from "node:path";
import { readManifest, type Manifest } from "../store/manifest.js";
import { readTrialsFile, TRIALS_FILE } from "../store/trials.js";
import type { Trial } from "../store/trial.js";
import { noteRunRead } from "../notebook/reads.js";

export interface StoredRun {
  dir: string;
  manifest: Manifest;
  trials: Trial[];
}

export function readRun(dir: string): StoredRun {
  noteRunRead(dir);
  return { dir, manifest: readManifest(dir), trials: readTrialsFile(join(dir, TRIALS_FILE)).trials };
}
