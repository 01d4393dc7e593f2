/**
 * The feasibility evidence as rows, shared by the terminal (`trialbook summary`) and the report's verdict section:
 * per variant (pass rate, Wilson interval, paired comparison, speed, cost), per task, and per item — and the verdict's
 * headline and labels, in the report's language (built from the verdict's figures, not from its English text).
 */
import type { FeasibilityVerdict, VariantEvidence } from "../analyse/feasibility/verdict.js";
import { words, type Words } from "../shared/i18n/catalogue.js";
import type { Language } from "../shared/i18n/types.js";

const EN = words("en");

export const stageName = (s: VariantEvidence["stage"], w: Words = EN): string => (s === "flagship" ? w.t.verdict.stageFlagship : w.t.verdict.stageOpenWeight);

/** The verdict label of one variant ("passes", "feasible locally", …). */
export function labelOf(e: VariantEvidence, w: Words = EN): string {
  const v = w.t.verdict;
  if (e.n === 0) return v.labelNotRun;
  if (e.stage === "flagship") return e.passes_threshold ? v.labelPasses : v.labelFails;
  return e.passes_threshold ? v.labelFeasible : v.labelWait;
}

/** The verdict's headline in a language, from its figures. */
export function headlineOf(verdict: FeasibilityVerdict, w: Words = EN): string {
  const v = w.t.verdict;
  const pct = (x: number | null) => w.f.pct(x);
  const threshold = pct(verdict.threshold);
  const bestE = verdict.flagship.find((e) => e.variant === verdict.reference);
  const best = bestE ? v.variantRate(bestE.variant, pct(bestE.rate)) : v.noFlagshipResult;
  switch (verdict.verdict) {
    case "feasible-locally":
      return v.headlineFeasible(verdict.open_weight.filter((e) => e.passes_threshold).map((e) => v.variantRateParen(e.variant, pct(e.rate))).join(w.t.common.listSeparator), threshold);
    case "not-feasible-yet":
      return v.headlineNotYet(v[verdict.verdict], best, threshold);
    case "wait-for-open-weight":
      return v.headlineWait(v[verdict.verdict], best, verdict.open_weight.map((e) => v.variantRate(e.variant, pct(e.rate))).join(w.t.common.listSeparator));
    case "incomplete":
      return v.incomplete;
  }
}

/** The verdict's headline in a language (the public API's form of {@link headlineOf}). */
export const verdictHeadline = (verdict: FeasibilityVerdict, lang: Language = "en"): string => headlineOf(verdict, words(lang));

const cols = (s: string): string[] => s.split("|");

function money(e: VariantEvidence, w: Words): string {
  if (e.cost.total === null || e.cost.currency === null) return w.t.verdict.notDeclared;
  const digits = e.cost.per_request !== null && e.cost.per_request < 0.01 ? 5 : 3;
  return `${w.f.num(e.cost.per_request, digits)} ${e.cost.currency}`;
}

function paired(e: VariantEvidence, w: Words): string {
  const p = e.paired;
  if (!p || p.pairs === 0) return "–";
  const pv = p.p_value === null ? "–" : p.p_value < 0.001 ? "<0.001" : w.f.num(p.p_value, 3);
  return w.t.verdict.paired(w.f.int(p.only_this), w.f.int(p.only_reference), w.f.int(p.pairs), pv);
}

/** The per-variant table's header. */
export const variantHeader = (w: Words = EN): string[] => cols(w.t.verdict.variantHeader);

export function variantRows(v: FeasibilityVerdict, w: Words = EN): string[][] {
  const pct = (x: number | null | undefined) => w.f.pct(x);
  return [...v.flagship, ...v.open_weight].map((e) => [
    e.variant,
    stageName(e.stage, w),
    labelOf(e, w),
    `${e.passes}/${e.n}`,
    e.rate === null ? "–" : `${pct(e.rate)} (${pct(e.ci?.[0])}–${pct(e.ci?.[1])})`,
    String(e.errors),
    e.stage === "flagship" ? "–" : paired(e, w),
    w.f.num(e.speed.decode_tok_s),
    w.f.int(e.speed.ttft_ms),
    `${w.f.int(e.cost.input_tokens)} / ${w.f.int(e.cost.output_tokens)}`,
    money(e, w),
  ]);
}

export function taskHeader(v: FeasibilityVerdict, w: Words = EN): string[] {
  return [w.t.verdict.taskColumn, ...[...v.flagship, ...v.open_weight].filter((e) => e.n > 0).map((e) => e.variant)];
}

export function taskRows(v: FeasibilityVerdict, w: Words = EN): string[][] {
  const ran = [...v.flagship, ...v.open_weight].filter((e) => e.n > 0);
  const tasks = ran[0]?.tasks.map((t) => t.task) ?? [];
  return tasks.map((task) => [
    task,
    ...ran.map((e) => {
      const t = e.tasks.find((x) => x.task === task);
      return t && t.n > 0 ? `${w.f.pct(t.rate)} ${t.passes}/${t.n}${t.meets ? "" : w.t.verdict.belowThreshold}` : "–";
    }),
  ]);
}

export function itemRows(v: FeasibilityVerdict, w: Words = EN): string[][] {
  const variants = taskHeader(v, w).slice(1);
  return v.items.map((row) => [row.task, row.item, ...variants.map((id) => {
    const r = row.results[id];
    return r ? `${r.passes}/${r.n}` : "–";
  })]);
}

/** The first reason each variant failed an item, for the evidence list. */
export function failureNotes(v: FeasibilityVerdict, limit = 12): string[] {
  const out: string[] = [];
  for (const row of v.items) {
    for (const [variant, r] of Object.entries(row.results)) {
      if (r.why && out.length < limit) out.push(`${variant} · ${row.task} · ${row.item}: ${r.why}`);
    }
  }
  return out;
}
