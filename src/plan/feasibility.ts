/**
 * Phase 3 for feasibility experiments: the flagship variants first, then the open-weight ones; for each variant a
 * warm-up request, then every task × item × repetition, one request at a time.
 *
 * Keys: `variant/task/item/r<i>`, warm-ups `variant/warmup/w<i>`. Items are read here (PDF text extraction included),
 * so the plan holds the exact prompt each request sends.
 */
import { resolve } from "node:path";
import type { Classification, FeasibilityExperiment, Task, Variant } from "../validate/schema.js";
import { datasetFiles, loadItems, type Item } from "../load/datasets.js";
import { sha256FileCached } from "../store/hash.js";
import { fill } from "./template.js";
import type { PlanGroup, ResolvedPrompt } from "./plan.js";

export type Stage = "flagship" | "open_weight";

export interface FeasibilityGroup extends PlanGroup {
  stage: Stage;
  /** Null for warm-ups. */
  task: Task | null;
  item: Item | null;
  dataset: string;
  classification: Classification;
}

export interface FeasibilityPlan {
  groups: FeasibilityGroup[];
  /** Items per task, and every dataset file with its sha256 (for the manifest). */
  items: Record<string, string[]>;
  files: Record<string, Array<{ path: string; sha256: string }>>;
}

export function stageVariants(e: FeasibilityExperiment, stage: Stage): Variant[] {
  return e.stages[stage].map((id) => e.variants.find((v) => v.id === id)).filter((v): v is Variant => v !== undefined);
}

function promptFor(task: Task, item: Item): ResolvedPrompt {
  const text = fill(task.prompt, item.fields);
  return task.system === undefined ? { id: task.id, text } : { id: task.id, system: fill(task.system, item.fields), text };
}

export async function planFeasibility(e: FeasibilityExperiment, baseDir: string): Promise<FeasibilityPlan> {
  const loaded: Array<{ task: Task; items: Item[] }> = [];
  const texts = new Map<string, Promise<string>>();
  for (const task of e.tasks) {
    const d = e.datasets[task.dataset];
    if (!d) throw new Error(`task ${task.id}: dataset ${task.dataset} is not declared`);
    const items = await loadItems(task, d, baseDir, texts);
    if (items.length === 0) throw new Error(`task ${task.id}: dataset ${task.dataset} has no ${task.per === "record" ? "records" : "readable files"}`);
    loaded.push({ task, items });
  }
  const files: FeasibilityPlan["files"] = {};
  for (const [id, d] of Object.entries(e.datasets)) {
    files[id] = await Promise.all(datasetFiles(d, baseDir).map(async (f) => ({ path: f.path, sha256: await sha256FileCached(resolve(baseDir, f.path)) })));
  }
  const groups: FeasibilityGroup[] = [];
  for (const stage of ["flagship", "open_weight"] as const) {
    for (const variant of stageVariants(e, stage)) {
      const first = loaded[0];
      if (first && first.items[0] && e.workload.warmup > 0) {
        const d = e.datasets[first.task.dataset];
        groups.push({
          variant, stage, task: null, item: null, dataset: first.task.dataset, classification: d?.classification ?? "confidential",
          prompt: promptFor(first.task, first.items[0]), warmup: true, concurrency: 1,
          trials: Array.from({ length: e.workload.warmup }, (_, i) => ({ key: `${variant.id}/warmup/w${i}`, variant: variant.id, prompt: "warmup", concurrency: 1, repetition: i, warmup: true })),
        });
      }
      for (const { task, items } of loaded) {
        const classification = e.datasets[task.dataset]?.classification ?? "confidential";
        for (const item of items) {
          groups.push({
            variant, stage, task, item, dataset: task.dataset, classification, prompt: promptFor(task, item), warmup: false, concurrency: 1,
            trials: Array.from({ length: e.stages.repetitions }, (_, r) => ({
              key: `${variant.id}/${task.id}/${item.id}/r${r}`, variant: variant.id, prompt: task.id, item: item.id, concurrency: 1, repetition: r, warmup: false,
            })),
          });
        }
      }
    }
  }
  return { groups, items: Object.fromEntries(loaded.map((l) => [l.task.id, l.items.map((i) => i.id)])), files };
}
