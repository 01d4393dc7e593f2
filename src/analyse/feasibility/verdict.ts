/**
 * The verdict of a feasibility run, computed from the stored trials and the protocol in the manifest — never stored
 * as a figure of its own, so it can always be recomputed and checked.
 *
 * A variant passes when every task's pass rate (passing answers ÷ measured requests, failed requests counted as not
 * passing) is at least the threshold. The flagship stage passes when one flagship variant passes. Then:
 *   - no flagship passes            ⇒ "not feasible yet — even the flagship fails; freeze and wait for better models"
 *   - an open-weight variant passes ⇒ "feasible locally"
 *   - open-weight ran, none passes  ⇒ "wait for open-weight models"
 */
import type { Manifest } from "../../store/manifest.js";
import type { Trial } from "../../store/trial.js";
import { median, present, wilson } from "../stats.js";
import { clientDecodeRate } from "../metrics/all.js";
import { costOf, type CostFigure } from "./cost.js";
import { pairedComparison, type Paired } from "./paired.js";
import { messages } from "../../shared/i18n/catalogue.js";

export type Verdict = "not-feasible-yet" | "feasible-locally" | "wait-for-open-weight" | "incomplete";

const EN = messages("en").verdict;
/** The verdicts' sentences in English; every language's are in the message catalogue (src/shared/i18n/areas/verdict.ts). */
export const VERDICT_TEXT: Record<Verdict, string> = {
  "not-feasible-yet": EN["not-feasible-yet"],
  "feasible-locally": EN["feasible-locally"],
  "wait-for-open-weight": EN["wait-for-open-weight"],
  incomplete: EN.incomplete,
};

export interface Rate {
  n: number;
  passes: number;
  /** Requests that failed (no answer to check); counted in n, never as passes. */
  errors: number;
  rate: number | null;
  /** Wilson 95% interval of the pass rate. */
  ci: [number, number] | null;
}

export interface TaskRate extends Rate {
  task: string;
  meets: boolean;
}

export interface VariantEvidence extends Rate {
  variant: string;
  stage: "flagship" | "open_weight";
  tasks: TaskRate[];
  passes_threshold: boolean;
  /** "passes" / "fails" for flagships; "feasible locally" / "wait for open-weight models" for open-weight; "not run". */
  label: string;
  paired: Paired | null;
  cost: CostFigure;
  /** Medians over the measured requests: decode = (N − 1) / (E2E − TTFT) on trialbook's clock, TTFT and E2E in ms. */
  speed: { decode_tok_s: number | null; ttft_ms: number | null; e2e_ms: number | null };
}

export interface ItemRow {
  task: string;
  item: string;
  /** By variant: passes / requests, and the first failing check's detail. */
  results: Record<string, { passes: number; n: number; why: string | null }>;
}

export interface FeasibilityVerdict {
  verdict: Verdict;
  headline: string;
  threshold: number;
  flagship: VariantEvidence[];
  open_weight: VariantEvidence[];
  /** The flagship compared with in paired comparisons (the best by pass rate). */
  reference: string | null;
  skipped_stage: string | null;
  items: ItemRow[];
}

function rate(trials: readonly Trial[]): Rate {
  const n = trials.length;
  const passes = trials.filter((t) => t.feasibility?.pass).length;
  return { n, passes, errors: trials.filter((t) => t.error !== null).length, rate: n ? passes / n : null, ci: wilson(passes, n) };
}

const pct = (x: number | null): string => (x === null ? "—" : `${(x * 100).toFixed(0)}%`);

function evidenceOf(variant: string, stage: VariantEvidence["stage"], trials: readonly Trial[], m: Manifest): VariantEvidence {
  const f = m.feasibility!;
  const mine = trials.filter((t) => t.variant === variant);
  const tasks = f.tasks.map((task): TaskRate => {
    const r = rate(mine.filter((t) => t.feasibility?.task === task.id));
    return { task: task.id, ...r, meets: r.rate !== null && r.rate >= f.threshold };
  });
  const ran = mine.length > 0;
  const passesThreshold = ran && tasks.every((t) => t.meets);
  const label = !ran ? "not run" : stage === "flagship" ? (passesThreshold ? "passes" : "fails") : passesThreshold ? "feasible locally" : "wait for open-weight models";
  return {
    variant,
    stage,
    ...rate(mine),
    tasks,
    passes_threshold: passesThreshold,
    label,
    paired: null,
    cost: costOf(mine, f.costs[variant]),
    speed: {
      decode_tok_s: median(present(mine.map(clientDecodeRate))),
      ttft_ms: median(present(mine.map((t) => t.ttft_ms))),
      e2e_ms: median(present(mine.map((t) => t.e2e_ms))),
    },
  };
}

const pairKey = (t: Trial): string => `${t.feasibility?.task}/${t.item}/${t.repetition}`;
const outcomes = (trials: readonly Trial[], variant: string): Map<string, boolean> =>
  new Map(trials.filter((t) => t.variant === variant).map((t) => [pairKey(t), t.feasibility?.pass === true]));

/** Only the measured feasibility trials count (warm-ups carry no outcome). */
export const measured = (trials: readonly Trial[]): Trial[] => trials.filter((t) => !t.warmup && t.feasibility !== undefined);

/** Whether any flagship variant meets the threshold on every task, from the trials stored so far. */
export function flagshipPasses(trials: readonly Trial[], m: Manifest): boolean {
  const ms = measured(trials);
  return (m.feasibility?.stages.flagship ?? []).some((v) => evidenceOf(v, "flagship", ms, m).passes_threshold);
}

export function feasibilityVerdict(allTrials: readonly Trial[], m: Manifest): FeasibilityVerdict {
  const f = m.feasibility;
  if (!f) throw new Error(`run ${m.run_id} is not a feasibility run`);
  const trials = measured(allTrials);
  const flagship = f.stages.flagship.map((v) => evidenceOf(v, "flagship", trials, m));
  const openWeight = f.stages.open_weight.map((v) => evidenceOf(v, "open_weight", trials, m));
  const best = [...flagship].filter((v) => v.n > 0).sort((a, b) => (b.rate ?? 0) - (a.rate ?? 0))[0];
  if (best) {
    const ref = outcomes(trials, best.variant);
    for (const v of openWeight) if (v.n > 0) v.paired = pairedComparison(best.variant, ref, outcomes(trials, v.variant));
  }
  const flagshipRan = flagship.some((v) => v.n > 0);
  const openRan = openWeight.some((v) => v.n > 0);
  const feasible = openWeight.filter((v) => v.passes_threshold);
  let verdict: Verdict;
  if (feasible.length > 0) verdict = "feasible-locally";
  else if (flagshipRan && !flagship.some((v) => v.passes_threshold)) verdict = "not-feasible-yet";
  else if (flagshipRan && openRan && openWeight.every((v) => v.n > 0)) verdict = "wait-for-open-weight";
  else verdict = "incomplete";
  const bestRate = best ? `${best.variant} ${pct(best.rate)}` : "no flagship result";
  const headline =
    verdict === "feasible-locally"
      ? `Feasible locally on ${feasible.map((v) => `${v.variant} (${pct(v.rate)})`).join(", ")}; threshold ${pct(f.threshold)} on every task.`
      : verdict === "not-feasible-yet"
        ? `${VERDICT_TEXT[verdict]} Best flagship: ${bestRate}; threshold ${pct(f.threshold)} on every task.`
        : verdict === "wait-for-open-weight"
          ? `${VERDICT_TEXT[verdict]} Flagship: ${bestRate}; open-weight: ${openWeight.map((v) => `${v.variant} ${pct(v.rate)}`).join(", ")}.`
          : VERDICT_TEXT[verdict];
  const byItem = new Map<string, Trial[]>();
  for (const t of trials) {
    const key = `${t.variant}\u0000${t.feasibility?.task}\u0000${t.item}`;
    const list = byItem.get(key);
    if (list) list.push(t);
    else byItem.set(key, [t]);
  }
  const items: ItemRow[] = [];
  for (const task of f.tasks) {
    for (const item of task.items) {
      const results: ItemRow["results"] = {};
      for (const v of [...f.stages.flagship, ...f.stages.open_weight]) {
        const ts = byItem.get(`${v}\u0000${task.id}\u0000${item}`);
        if (!ts) continue;
        const failing = ts.find((t) => !t.feasibility?.pass);
        const why = failing ? (failing.error ? `${failing.error.kind}: ${failing.error.message}` : (failing.feasibility?.checks.find((c) => !c.pass)?.detail ?? null)) : null;
        results[v] = { passes: ts.filter((t) => t.feasibility?.pass).length, n: ts.length, why };
      }
      items.push({ task: task.id, item, results });
    }
  }
  return { verdict, headline, threshold: f.threshold, flagship, open_weight: openWeight, reference: best?.variant ?? null, skipped_stage: f.skipped_stage ?? null, items };
}
