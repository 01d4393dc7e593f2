/**
 * The statistics of a run: for every cell (variant × prompt × concurrency) and every metric, n, mean, sd, median,
 * p90, p95, p99, min, max and a 95% bootstrap interval of the mean; per cell also the load-level figures and the
 * roofline. Warm-ups and failed requests are left out of every statistic and counted apart.
 */
import { TRIAL_METRICS, METRIC_IDS, type MetricId } from "./metrics/index.js";
import { itlPerChunk, itlPerToken } from "./metrics/itl.js";
import { tokenMismatch } from "./metrics/tokens.js";
import { promptCacheHit, promptRefKey, uncachedReferences } from "./metrics/prefill.js";
import { overlapped, partialServerFigure } from "./metrics/coverage.js";
import type { Trial, TrialFlag } from "../store/trial.js";
import { variantLoads, type VariantLoad } from "./metrics/load.js";
import { cellsOf, type CellKey } from "./cells.js";
import { describe, present, type Description } from "./stats.js";
import { levelFigures, type LevelFigures } from "./throughput.js";
import { rooflineFor } from "./roofline.js";
import type { StoredRun } from "./load-run.js";
import { capacityOfRun, type CapacityRow } from "./capacity.js";
import { depthOfRun, type DepthRow } from "./depth.js";
import { conversationRowsOfRun, type ConversationRow } from "./sessions.js";

export type SummaryMetric = MetricId | "itl_chunk_ms" | "itl_token_ms";

export interface SummaryRow extends CellKey, Description {
  run_id: string;
  metric: SummaryMetric;
  unit: string;
}

export interface LevelRow extends CellKey, LevelFigures {
  run_id: string;
  warmups: number;
  token_mismatches: number;
  /** Requests the server answered from a cached prompt (see `promptCacheHit`): left out of the prefill figures. */
  prompt_cache_hits: number;
  /** Measured requests carrying each doubt flag (estimated token counts, hidden or inline reasoning, a proxy's counts). */
  flagged: Partial<Record<TrialFlag, number>>;
  /** Decode tok/s (server's when it reports, else trialbook's) as a share of the bandwidth bound. */
  roofline_pct: number | null;
  roofline_max_tps: number | null;
  roofline_source: string | null;
}

export interface MetricDefinition {
  label: string;
  unit: string;
  definition: string;
  note?: string;
}

export interface RunSummary {
  run_id: string;
  experiment: string;
  metrics: SummaryRow[];
  levels: LevelRow[];
  definitions: Record<SummaryMetric, MetricDefinition>;
  ci_method: string;
  /** Open-loop runs: the highest rate meeting the SLO per variant and prompt, with its evidence (see capacity.ts). */
  capacity?: CapacityRow[];
  /** Context-depth runs (`workload.depth`): prefill and decode per variant, prompt and depth (see depth.ts). */
  depth?: DepthRow[];
  /** Conversations (`workload.sessions`): per variant, prompt and users level, the figures of each turn (see sessions.ts). */
  conversations?: ConversationRow[];
  /** Per variant: the cold load (first load of the model) apart from the warm loads of measured requests. */
  loads: VariantLoad[];
}

function countFlags(trials: readonly Trial[]): Partial<Record<TrialFlag, number>> {
  const out: Partial<Record<TrialFlag, number>> = {};
  for (const t of trials) for (const f of t.flags ?? []) out[f] = (out[f] ?? 0) + 1;
  return out;
}

/** Each doubt flag with the number of measured requests that carry it, over summary levels. */
export function flaggedTotals(levels: readonly Pick<LevelRow, "flagged">[]): Array<[TrialFlag, number]> {
  const out = new Map<TrialFlag, number>();
  for (const l of levels) for (const [f, n] of Object.entries(l.flagged ?? {}) as Array<[TrialFlag, number]>) out.set(f, (out.get(f) ?? 0) + n);
  return [...out];
}

export const ITL_DEFINITIONS: Record<"itl_chunk_ms" | "itl_token_ms", MetricDefinition> = {
  itl_chunk_ms: { label: "ITL per chunk", unit: "ms", definition: "gap between successive streamed chunks", note: "vLLM's ITL; AIPerf's inter-chunk latency" },
  itl_token_ms: { label: "ITL per token", unit: "ms", definition: "gap between chunks ÷ tokens in the later chunk" },
};

export function definitions(): Record<SummaryMetric, MetricDefinition> {
  const out = { ...ITL_DEFINITIONS } as Record<SummaryMetric, MetricDefinition>;
  for (const id of METRIC_IDS) {
    const m = TRIAL_METRICS[id];
    out[id] = { label: m.label, unit: m.unit, definition: m.definition, ...("note" in m && m.note ? { note: m.note } : {}) };
  }
  return out;
}

/** The statistics row of one metric in one cell, if the cell has that figure. */
export function metricOf(summary: RunSummary, cell: CellKey, metric: SummaryMetric): SummaryRow | undefined {
  return summary.metrics.find((r) => r.metric === metric && r.variant === cell.variant && r.prompt === cell.prompt && r.concurrency === cell.concurrency && r.level === cell.level);
}

export function summarizeRun(run: StoredRun): RunSummary {
  const { manifest } = run;
  const slo = manifest.slo ?? undefined;
  const metrics: SummaryRow[] = [];
  const levels: LevelRow[] = [];
  const refs = uncachedReferences(run.trials);
  const cachedHit = (t: Trial) => promptCacheHit(t, refs.get(promptRefKey(t)) ?? null);
  for (const cell of cellsOf(run.trials)) {
    const key: CellKey = { variant: cell.variant, prompt: cell.prompt, concurrency: cell.concurrency, ...(cell.level === undefined ? {} : { rate: cell.rate ?? 0, level: cell.level }) };
    const ok = cell.trials.filter((t) => !t.error);
    const uncachedOk = ok.filter((t) => !cachedHit(t));
    for (const id of METRIC_IDS) {
      // prefill is the prompt's cost: only requests that processed their whole prompt count
      const from = id === "prefill_tps_server" || id === "prefill_tps_client" ? uncachedOk : ok;
      const values = present(from.map((t) => TRIAL_METRICS[id].of(t)));
      if (partialServerFigure(id, values.length, from.length, overlapped(cell))) continue;
      if (values.length) metrics.push({ run_id: manifest.run_id, ...key, metric: id, unit: TRIAL_METRICS[id].unit, ...describe(values) });
    }
    for (const [id, f] of [["itl_chunk_ms", itlPerChunk], ["itl_token_ms", itlPerToken]] as const) {
      const values = ok.flatMap(f);
      if (values.length) metrics.push({ run_id: manifest.run_id, ...key, metric: id, unit: "ms", ...describe(values) });
    }
    const level = levelFigures(cell, slo);
    const roof = rooflineFor(manifest, cell.variant, manifest.variants[cell.variant]?.declared.bytes_per_token);
    const decode = level.decode_tps_server_mean ?? level.decode_tps_client_mean;
    levels.push({
      run_id: manifest.run_id,
      ...key,
      ...level,
      warmups: cell.warmups,
      token_mismatches: ok.filter(tokenMismatch).length,
      prompt_cache_hits: ok.length - uncachedOk.length,
      flagged: countFlags(ok),
      roofline_pct: roof && decode !== null ? (100 * decode) / roof.max_tps : null,
      roofline_max_tps: roof?.max_tps ?? null,
      roofline_source: roof?.source ?? null,
    });
  }
  return {
    run_id: manifest.run_id,
    experiment: manifest.experiment.name,
    metrics,
    levels,
    definitions: definitions(),
    loads: variantLoads(manifest, run.trials),
    ci_method: "95% percentile bootstrap of the mean (2000 resamples, fixed seed); normal approximation above 1000 values",
    ...(run.trials.some((t) => t.rate !== undefined || t.turn !== undefined) ? { capacity: capacityOfRun(run) } : {}),
    ...withDepth(run),
    ...(run.trials.some((t) => t.turn !== undefined) ? { conversations: conversationRowsOfRun(run) } : {}),
  };
}

function withDepth(run: StoredRun): { depth?: DepthRow[] } {
  const depth = depthOfRun(run);
  return depth ? { depth } : {};
}
