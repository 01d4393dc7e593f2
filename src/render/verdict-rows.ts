/**
 * The feasibility evidence as rows, shared by the terminal (`trialbook summary`) and the report's verdict section:
 * per variant (pass rate, Wilson interval, paired comparison, speed, cost), per task, and per item.
 */
import type { FeasibilityVerdict, VariantEvidence } from "../analyse/feasibility/verdict.js";

const pct = (x: number | null | undefined): string => (x === null || x === undefined ? "–" : `${(x * 100).toFixed(0)}%`);
const num = (x: number | null | undefined, d = 1): string => (x === null || x === undefined || !Number.isFinite(x) ? "–" : x.toFixed(d));

export const stageName = (s: VariantEvidence["stage"]): string => (s === "flagship" ? "flagship" : "open-weight");

function money(v: VariantEvidence): string {
  if (v.cost.total === null || v.cost.currency === null) return "not declared";
  const digits = v.cost.per_request !== null && v.cost.per_request < 0.01 ? 5 : 3;
  return `${v.cost.per_request?.toFixed(digits) ?? "–"} ${v.cost.currency}`;
}

function paired(v: VariantEvidence): string {
  const p = v.paired;
  if (!p || p.pairs === 0) return "–";
  return `${p.only_this} better, ${p.only_reference} worse of ${p.pairs} (p ${p.p_value === null ? "–" : p.p_value < 0.001 ? "<0.001" : p.p_value.toFixed(3)})`;
}

export const VARIANT_HEADER = ["variant", "stage", "verdict", "pass", "rate (95% CI)", "errors", "vs flagship (paired)", "decode tok/s", "TTFT ms", "tokens in / out", "cost / request"] as const;

export function variantRows(v: FeasibilityVerdict): string[][] {
  return [...v.flagship, ...v.open_weight].map((e) => [
    e.variant,
    stageName(e.stage),
    e.label,
    `${e.passes}/${e.n}`,
    e.rate === null ? "–" : `${pct(e.rate)} (${pct(e.ci?.[0])}–${pct(e.ci?.[1])})`,
    String(e.errors),
    e.stage === "flagship" ? "–" : paired(e),
    num(e.speed.decode_tok_s),
    num(e.speed.ttft_ms, 0),
    `${e.cost.input_tokens} / ${e.cost.output_tokens}`,
    money(e),
  ]);
}

export function taskHeader(v: FeasibilityVerdict): string[] {
  return ["task", ...[...v.flagship, ...v.open_weight].filter((e) => e.n > 0).map((e) => e.variant)];
}

export function taskRows(v: FeasibilityVerdict): string[][] {
  const ran = [...v.flagship, ...v.open_weight].filter((e) => e.n > 0);
  const tasks = ran[0]?.tasks.map((t) => t.task) ?? [];
  return tasks.map((task) => [
    task,
    ...ran.map((e) => {
      const t = e.tasks.find((x) => x.task === task);
      return t && t.n > 0 ? `${pct(t.rate)} ${t.passes}/${t.n}${t.meets ? "" : " ✗"}` : "–";
    }),
  ]);
}

export function itemRows(v: FeasibilityVerdict): string[][] {
  const variants = taskHeader(v).slice(1);
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
