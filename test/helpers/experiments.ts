/** Writes experiment files into a fresh temp folder for a test. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { stringify } from "yaml";
import type { ExperimentInput } from "../../src/validate/schema.js";

const made: string[] = [];
process.once("exit", () => {
  if (process.env["TRIALBOOK_KEEP_TEST_DIRS"]) return;
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

/** A fresh temp folder, removed when the test process exits (set TRIALBOOK_KEEP_TEST_DIRS=1 to keep them). */
export function tempDir(prefix = "trialbook-test-"): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  made.push(d);
  return d;
}

/** A fresh temp folder holding the given files (paths relative to it, e.g. `data/a.txt`), for feasibility datasets. */
export function tempDirWith(files: Record<string, string>): string {
  const d = tempDir();
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(d, path)), { recursive: true });
    writeFileSync(join(d, path), text);
  }
  return d;
}

export function writeExperiment(dir: string, experiment: ExperimentInput, name = "experiment.yaml"): string {
  const path = join(dir, name);
  writeFileSync(path, stringify(experiment));
  return path;
}

/**
 * The consultant's Mac Studio pair: gpt-oss-20b as GGUF on Ollama and as MLX on LM Studio (on their fakes' hosts),
 * the backends and variants of an experiment; `ids` names the two variants, `extra` adds fields to each.
 */
export function ggufAndMlx(
  hosts: { ollama: string; lmstudio: string },
  ids: { ollama: string; lmstudio: string } = { ollama: "ollama", lmstudio: "lmstudio" },
  extra: { ollama?: Partial<ExperimentInput["variants"][number]>; lmstudio?: Partial<ExperimentInput["variants"][number]> } = {},
): Pick<ExperimentInput, "backends" | "variants"> {
  return {
    backends: { ollama: { type: "ollama", host: hosts.ollama }, lmstudio: { type: "lmstudio", host: hosts.lmstudio } },
    variants: [
      { id: ids.ollama, backend: "ollama", model: "gpt-oss:20b", format: "gguf", ...extra.ollama },
      { id: ids.lmstudio, backend: "lmstudio", model: "openai/gpt-oss-20b", format: "mlx", ...extra.lmstudio },
    ],
  };
}
