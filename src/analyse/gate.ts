/**
 * CI gates: what makes `trialbook compare --fail-on …` and `trialbook run --fail-on …` fail. Pure functions of the
 * comparison rows and the feasibility verdict, so a notebook or a script can gate the same way the CLI does.
 *
 * - `slower`: a comparison row judged "slower" — the 95% interval of the ratio B/A excludes 1 and the change exceeds
 *   the smallest flagged change (`minChange`, 3% by default), in the worse direction of its metric (see compare.ts).
 * - `any-change`: a row judged "slower" or "faster" under the same rule.
 * - `not-feasible`: a feasibility verdict other than "feasible-locally" (the flagship fails, no open-weight model
 *   passes yet, or the stages needed for a verdict did not all run).
 */
import type { ComparisonRow } from "./compare.js";
import type { Verdict } from "./feasibility/verdict.js";

export const COMPARE_GATES = ["slower", "any-change"] as const;
export type CompareGate = (typeof COMPARE_GATES)[number];

export const RUN_GATES = ["not-feasible"] as const;
export type RunGate = (typeof RUN_GATES)[number];

/** What a gate reads of a row: metric rows and capacity rows (`max_rate_rps`) alike. */
type Judged = Pick<ComparisonRow, "change">;

const TRIPS: Record<CompareGate, (row: Judged) => boolean> = {
  slower: (r) => r.change === "slower",
  "any-change": (r) => r.change === "slower" || r.change === "faster",
};

/** The comparison rows that trip a gate (empty: the gate passes). */
export function gateComparison<R extends Judged>(rows: readonly R[], gate: CompareGate): R[] {
  return rows.filter(TRIPS[gate]);
}

/** Whether a feasibility verdict trips a run gate. */
export function gateVerdict(verdict: Verdict, gate: RunGate): boolean {
  switch (gate) {
    case "not-feasible":
      return verdict !== "feasible-locally";
  }
}
