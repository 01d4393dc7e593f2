/** Self-made GGUF models for tests, written once per process into a temp folder. */
import { existsSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MODEL_PRESETS, writeModel, type ModelPreset } from "../../src/gguf/model.js";

const dir = join(tmpdir(), "trialbook-test-models");

export function testModel(preset: ModelPreset = "tiny", seed = 1, allowEos = false): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${preset}-s${seed}${allowEos ? "-eos" : ""}.gguf`);
  if (!existsSync(path)) writeModel(path, { ...MODEL_PRESETS[preset], seed, allowEos });
  return path;
}
