/**
 * The client's first page: the question, the decision (the feasibility verdict when there is one), the headline speed
 * of each model in words, comparisons that respect the statistics, what the machine can serve (when capacity results
 * exist), and the caveats: embedded engine, declared vs verified facts, prompt-cache hits, errors.
 */
import type { RootContent } from "mdast";
import type { ReportInput, Section } from "../types.js";
import { flaggedTotals, metricOf, type RunSummary } from "../../../analyse/summary.js";
import type { StoredRun } from "../../../analyse/load-run.js";
import { words, type Words } from "../../../shared/i18n/catalogue.js";
import { heading, list, paragraph } from "../mdast.js";
import { headlineOf } from "../../verdict-rows.js";
import { verdictOf } from "./verdict.js";
import { capacityChangeLine, capacitySentence } from "../../capacity-text.js";
import { compareCapacity } from "../../../analyse/capacity-compare.js";
import { capacityOfRunSentence } from "./capacity.js";
import { closedLoop, labelled, loadWords, reasoningShare, variantWhat } from "./figures.js";
import { pairSentence, rankingIntro, rankingsOf, runChangeSentence, runChanges } from "./ranking.js";

function speedLines(w: Words, run: StoredRun, s: RunSummary, runs: number): string[] {
  const { t, f } = w;
  const levels = closedLoop(s.levels);
  const lowest = Math.min(...levels.map((l) => l.concurrency));
  return levels
    .filter((l) => l.concurrency === lowest)
    .map((l) => {
      const server = metricOf(s, l, "decode_tps_server");
      const decode = server ?? metricOf(s, l, "decode_tps_client");
      const first = metricOf(s, l, "ttft_ms")?.median;
      const answer = metricOf(s, l, "ttft_answer_ms")?.median ?? first;
      const share = reasoningShare(run, l);
      const prompts = new Set(s.levels.map((x) => x.prompt)).size;
      let what = variantWhat(w, run, l.variant);
      if (prompts > 1 || runs > 1) what = t.summary.where(what, l.prompt, loadWords(w, l.concurrency), runs > 1 ? s.run_id : "");
      const start = share !== null && share > 0 ? t.executive.firstAnswerAfterReasoning(f.int(answer), f.int(first), f.pct(share)) : t.executive.firstAnswer(f.int(answer));
      return t.executive.headline(what, f.num(decode?.mean), server ? t.wording.byServer : t.wording.byClient, start);
    });
}

function capacityBlock(w: Words, input: ReportInput): RootContent[] {
  const { t } = w;
  const rows = input.summaries.flatMap((s) => (s.capacity ?? []).map((c) => ({ runId: s.run_id, c })));
  if (rows.length === 0) return [paragraph(...labelled(w, t.executive.capacity, t.executive.capacityNotMeasured))];
  const withPrompt = new Set(rows.map((r) => r.c.prompt)).size > 1;
  const out: RootContent[] = [paragraph(...labelled(w, t.executive.capacity, "")), list(rows.map((r) => capacityOfRunSentence(input, r.runId, capacitySentence(r.c, w.lang, withPrompt))))];
  // several runs: each later run's capacity against the first's, judged from the knee brackets
  const [first, ...later] = input.summaries;
  const changes = first?.capacity ? later.flatMap((s) => (s.capacity ? compareCapacity(first.capacity ?? [], s.capacity) : [])) : [];
  if (first && changes.length) out.push(paragraph(t.capacity.runsIntro(first.run_id)), list(changes.map((c) => capacityChangeLine(c, w.lang))));
  return out;
}

function caveats(w: Words, input: ReportInput): string[] {
  const { t, f } = w;
  const e = t.executive;
  const out: string[] = [];
  const usesEmbedded = input.runs.some((r) => Object.values(r.manifest.variants).some((v) => r.manifest.backends[v.backend]?.type === "llama-cpp"));
  if (usesEmbedded) out.push(e.caveatEmbedded);
  const declared = [e.declaredFormat];
  if (input.runs.some((r) => r.manifest.machine_declared)) declared.unshift(e.declaredMachine);
  if (input.runs.some((r) => r.manifest.feasibility && Object.keys(r.manifest.feasibility.costs ?? {}).length > 0)) declared.push(e.declaredCost);
  out.push(e.caveatDeclared(declared.join(t.common.listSeparator)));
  const levels = input.summaries.flatMap((s) => s.levels);
  const cached = levels.reduce((a, l) => a + l.prompt_cache_hits, 0);
  const failed = levels.reduce((a, l) => a + l.errors, 0);
  const total = levels.reduce((a, l) => a + l.requests, 0);
  const mismatched = levels.reduce((a, l) => a + l.token_mismatches, 0);
  if (cached) out.push(e.caveatCache(f.int(cached)));
  if (failed) out.push(e.caveatErrors(f.int(failed), f.int(total)));
  if (mismatched) out.push(e.caveatMismatch(f.int(mismatched)));
  if (input.runs.some((r) => r.trials.some((x) => !x.warmup && x.reasoning_tokens > 0))) out.push(e.caveatReasoning);
  const flagged = flaggedTotals(levels);
  for (const [flag, n] of flagged) out.push(t.flags[flag](f.int(n)));
  if (!cached && !failed && !mismatched && flagged.length === 0) out.push(e.caveatNone);
  return out;
}

export const executive: Section = {
  build(input) {
    const { runs, summaries, lang } = input;
    const first = runs[0];
    if (!first) return [];
    const w = words(lang);
    const { t } = w;
    const e = t.executive;
    const feasibility = runs.filter((r) => r.manifest.feasibility);
    const question = first.manifest.description ?? (feasibility.length ? e.defaultQuestionFeasibility : e.defaultQuestionSpeed);
    const out: RootContent[] = [heading(2, e.heading), paragraph(...labelled(w, e.question, question))];
    if (feasibility.length) out.push(...feasibility.map((r) => paragraph(...labelled(w, e.decision, headlineOf(verdictOf(r), w)))));
    else out.push(paragraph(...labelled(w, e.decision, e.noDecision)));
    const lowest = Math.min(...summaries.flatMap((s) => closedLoop(s.levels).map((l) => l.concurrency)));
    const speed = runs.flatMap((run, i) => (summaries[i] ? speedLines(w, run, summaries[i], runs.length) : []));
    if (speed.length) out.push(paragraph(...labelled(w, e.speed, e.atLowest(loadWords(w, lowest)))), list(speed));
    const rankings = feasibility.length ? [] : runs.flatMap((run, i) => (summaries[i] ? rankingsOf(run, summaries[i]) : []));
    if (rankings.length) {
      out.push(paragraph(...labelled(w, e.comparison, "")));
      for (const r of rankings) out.push(paragraph((runs.length > 1 ? `${t.wording.runHeading(r.run_id)} — ` : "") + rankingIntro(w, r)), list(r.pairs.map((p) => pairSentence(w, p))));
      out.push(paragraph(t.wording.ratioNote));
    }
    const [firstRun, ...laterRuns] = runs;
    const changes = firstRun && summaries[0] && !feasibility.length ? laterRuns.flatMap((later) => runChanges(firstRun, summaries[0]!, later)) : [];
    if (changes.length) {
      const prompts = new Set(changes.map((c) => c.prompt)).size;
      if (!rankings.length) out.push(paragraph(...labelled(w, e.comparison, "")));
      out.push(paragraph(t.wording.runIntro(firstRun!.manifest.run_id)), list(changes.map((c) => runChangeSentence(w, c, prompts))), paragraph(t.wording.runRatioNote));
    }
    out.push(...capacityBlock(w, input));
    out.push(paragraph(...labelled(w, e.caveats, "")), list(caveats(w, input)));
    return out;
  },
};
