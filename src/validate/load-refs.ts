/**
 * What the schema cannot say about open-loop load (`workload.load`, `workload.sweep`): each level's size is given once
 * (requests or duration_s), burstiness only with gamma arrivals, a sweep names its rates one way, from < to, no rate
 * twice, and a search needs an SLO to search for. Read defensively, like the other reference checks.
 */
import type { RawProblem } from "./issues.js";
import { isObj, list, type Obj } from "./raw.js";

type Path = RawProblem["path"];

function levelProblems(level: Obj, at: Path): RawProblem[] {
  const out: RawProblem[] = [];
  const hasRequests = level["requests"] !== undefined;
  const hasDuration = level["duration_s"] !== undefined;
  if (hasRequests && hasDuration) out.push({ path: at, message: "has both requests and duration_s; give one" });
  if (!hasRequests && !hasDuration) out.push({ path: at, message: "needs requests (how many) or duration_s (how long the arrivals last)" });
  const arrivals = level["arrivals"] ?? "poisson";
  if (level["burstiness"] !== undefined && arrivals !== "gamma") {
    out.push({ path: [...at, "burstiness"], key: "burstiness", message: `applies to arrivals: gamma only (arrivals is ${JSON.stringify(arrivals)}); set arrivals: gamma or remove burstiness` });
  }
  return out;
}

const num = (v: unknown): number | undefined => (typeof v === "number" && Number.isFinite(v) ? v : undefined);

/** Variants on the embedded engine: it serves a fixed number of sequences, so an open-loop level must cap them. */
function embeddedVariants(data: Obj): string[] {
  const backends = isObj(data["backends"]) ? data["backends"] : {};
  return list(data["variants"]).flatMap((v) => {
    if (!isObj(v) || typeof v["backend"] !== "string") return [];
    const b = backends[v["backend"]];
    return isObj(b) && b["type"] === "llama-cpp" ? [String(v["id"])] : [];
  });
}

export function checkLoad(data: Obj): RawProblem[] {
  const workload = isObj(data["workload"]) ? data["workload"] : undefined;
  // a feasibility experiment is told once that load is for kind: speed (feasibility-refs.ts)
  if (!workload || data["kind"] === "feasibility") return [];
  const out: RawProblem[] = [];
  const embedded = embeddedVariants(data);
  const capped = (level: Obj, at: Path) => {
    if (embedded.length && level["max_concurrency"] === undefined) {
      out.push({ path: at, message: `needs max_concurrency: variant ${embedded[0]} runs on the embedded engine (llama-cpp), which serves a fixed number of sequences at once` });
    }
  };
  const seen = new Map<string, string>();
  const once = (rate: unknown, arrivals: unknown, at: Path, where: string) => {
    const r = num(rate);
    if (r === undefined) return;
    const id = `${String(arrivals ?? "poisson")}@${r}`;
    const first = seen.get(id);
    if (first) out.push({ path: at, message: `repeats rate ${r} with ${String(arrivals ?? "poisson")} arrivals (also ${first}); give each level once` });
    else seen.set(id, where);
  };
  list(workload["load"]).forEach((level, i) => {
    if (!isObj(level)) return;
    out.push(...levelProblems(level, ["workload", "load", i]));
    capped(level, ["workload", "load", i]);
    once(level["rate"], level["arrivals"], ["workload", "load", i, "rate"], `at workload.load[${i}]`);
  });
  const sweep = workload["sweep"];
  if (isObj(sweep)) {
    const at: Path = ["workload", "sweep"];
    out.push(...levelProblems(sweep, at));
    capped(sweep, at);
    const hasRates = sweep["rates"] !== undefined;
    const hasRange = sweep["from"] !== undefined || sweep["to"] !== undefined;
    if (hasRates && hasRange) out.push({ path: at, message: "has both rates and from/to; give the rates as a list or as from, to and steps" });
    else if (!hasRates && !(sweep["from"] !== undefined && sweep["to"] !== undefined)) out.push({ path: at, message: "needs rates: [...] or from, to (and steps)" });
    const from = num(sweep["from"]);
    const to = num(sweep["to"]);
    if (from !== undefined && to !== undefined && from >= to) out.push({ path: [...at, "to"], key: "to", message: `is ${to}, must be above from (${from})` });
    list(sweep["rates"]).forEach((r, i) => once(r, sweep["arrivals"], [...at, "rates", i], `at workload.sweep.rates[${i}]`));
    if (sweep["search"] === true) {
      const slo = isObj(data["slo"]) ? data["slo"] : undefined;
      if (!slo || !["ttft_ms", "tpot_ms", "e2e_ms"].some((k) => slo[k] !== undefined)) {
        out.push({ path: [...at, "search"], key: "search", message: "needs an SLO to search for: declare slo with ttft_ms, tpot_ms or e2e_ms (and goodput, default 0.9)" });
      }
    }
  }
  return out;
}
