/**
 * Context depth, A against B: per variant, prompt and depth present in both runs (or for two variants of one run),
 * the ratio of mean prefill and decode tok/s B ÷ A with a 95% bootstrap interval, judged as `compare` judges every
 * metric (beyond the noise only when the interval excludes 1 and the change exceeds `minChange`). Prefill uses the
 * server's rate when every request on both sides has one, else prompt tokens ÷ TTFT, as the depth rows do.
 */
import type { Trial } from "../store/trial.js";
import { TRIAL_METRICS, type MetricId } from "./metrics/index.js";
import { present, ratioOfMeans } from "./stats.js";
import { judge, type Change } from "./compare.js";
import { depthGroups, type DepthGroup } from "./depth.js";
import type { StoredRun } from "./load-run.js";

export interface DepthRatio {
  metric: MetricId;
  ratio: number;
  ci95_low: number | null;
  ci95_high: number | null;
  change: Change;
}

export interface DepthChange {
  variant_a: string;
  variant_b: string;
  prompt: string;
  depth: number;
  prefill: DepthRatio | null;
  decode: DepthRatio | null;
}

function ratio(a: readonly Trial[], b: readonly Trial[], server: MetricId, client: MetricId, minChange: number): DepthRatio | null {
  const of = (ts: readonly Trial[], m: MetricId) => present(ts.filter((t) => !t.error).map((t) => TRIAL_METRICS[m].of(t)));
  const ok = (ts: readonly Trial[]) => ts.filter((t) => !t.error).length;
  const sa = of(a, server);
  const sb = of(b, server);
  const metric = sa.length > 0 && sa.length === ok(a) && sb.length > 0 && sb.length === ok(b) ? server : client;
  const r = ratioOfMeans(of(a, metric), of(b, metric));
  if (!r) return null;
  return { metric, ratio: r.ratio, ci95_low: r.ci?.[0] ?? null, ci95_high: r.ci?.[1] ?? null, change: judge(metric, r.ratio, r.ci, minChange) };
}

function pair(ga: DepthGroup, gb: DepthGroup, minChange: number): DepthChange {
  return {
    variant_a: ga.variant,
    variant_b: gb.variant,
    prompt: ga.prompt,
    depth: ga.depth,
    prefill: ratio(ga.trials, gb.trials, "prefill_tps_server", "prefill_tps_client", minChange),
    decode: ratio(ga.trials, gb.trials, "decode_tps_server", "decode_tps_client", minChange),
  };
}

/** Run B against run A (or, with `variants`, variant B against variant A of run A), depth by depth. */
export function compareDepth(a: StoredRun, b: StoredRun, options: { minChange?: number; variants?: readonly [string, string] } = {}): DepthChange[] {
  const minChange = options.minChange ?? 0.03;
  const [va, vb] = options.variants ?? [];
  const groupsB = depthGroups(b);
  return depthGroups(a).flatMap((ga) => {
    if (va !== undefined && ga.variant !== va) return [];
    const gb = groupsB.find((g) => g.variant === (vb ?? ga.variant) && g.prompt === ga.prompt && g.depth === ga.depth);
    return gb ? [pair(ga, gb, minChange)] : [];
  });
}
