/** Every variant of every stored run under a runs folder: which models have been measured, when, and in which run. */
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { listRuns } from "../store/run-dir.js";
import { readManifest } from "../store/manifest.js";
import type { ModelListing } from "../backends/types.js";

export interface RunIndexEntry {
  experiment: string;
  run_id: string;
  dir: string;
  variant: string;
  model: string;
  digest?: string;
}

export function indexRuns(runsDir: string): RunIndexEntry[] {
  if (!existsSync(runsDir)) return [];
  return readdirSync(runsDir).flatMap((experiment) =>
    listRuns(runsDir, experiment).flatMap((run_id) => {
      const dir = join(runsDir, experiment, run_id);
      const m = readManifest(dir);
      return Object.values(m.variants).map((v) => ({
        experiment,
        run_id,
        dir,
        variant: v.id,
        model: v.declared.model,
        ...(v.model?.digest ? { digest: v.model.digest } : {}),
      }));
    }),
  );
}

const base = (name: string): string => name.split(/[\\/]/).pop() ?? name;

/**
 * The newest run that measured this model, or null: the same digest when both sides know one, else the same name
 * (for GGUF files, the same file name).
 */
export function lastRunOf(model: ModelListing, index: readonly RunIndexEntry[]): RunIndexEntry | null {
  const gguf = model.name.toLowerCase().endsWith(".gguf");
  const hits = index.filter((e) =>
    model.digest && e.digest ? e.digest === model.digest : e.model === model.name || (gguf && base(e.model) === base(model.name)),
  );
  return hits.sort((a, b) => a.run_id.localeCompare(b.run_id)).at(-1) ?? null;
}
