/** Methodology: every condition written down, and the definition of every figure — inside the report itself. */
import { join } from "node:path";
import type { RootContent } from "mdast";
import type { ReportInput, Section } from "../types.js";
import { heading, inlineCode, list, paragraph, table } from "../mdast.js";
import { labelled } from "./figures.js";
import { openLoopLines } from "../../capacity-text.js";
import { depthLines } from "../../depth-text.js";
import { conversationsLine } from "../../sessions-text.js";
import { validateFile } from "../../../validate/validate.js";
import { EXPERIMENT_COPY } from "../../../store/manifest.js";
import type { StoredRun } from "../../../analyse/load-run.js";
import type { RunSummary, SummaryMetric } from "../../../analyse/summary.js";
import type { VariantLoad } from "../../../analyse/metrics/load.js";
import { words, type Catalogue, type Words } from "../../../shared/i18n/catalogue.js";
import type { Prompt } from "../../../validate/schema.js";
import { experimentOfCopy, promptSourceText } from "./prompt-sources.js";
import { contradictionText, storedContradiction } from "../../../shared/contradiction.js";
import { backendAddress } from "../../backend-address.js";

const cols = (s: string): string[] => s.split("|");
const gb = (w: Words, b: number | undefined) => (b === undefined ? "–" : `${w.f.num(b / 1e9, 2)} GB`);

/** The figures the methodology defines, in order; a metric of the summary without a definition does not compile. */
type Defined = keyof Catalogue["metricDefinitions"] & keyof Catalogue["metricLabels"];
const DEFINED = ["ttft_ms", "ttft_answer_ms", "e2e_ms", "tpot_ms", "itl_chunk_ms", "itl_token_ms", "decode_tps_client", "decode_tps_server", "prefill_tps_server", "prefill_tps_client", "load_ms_server", "output_tokens", "reasoning_share", "output_tps", "goodput_rps", "prompt_cache_hit", "ratio"] as const satisfies readonly Defined[];
type _EverySummaryMetricDefined = SummaryMetric extends (typeof DEFINED)[number] ? true : never;
const _check: _EverySummaryMetricDefined = true;
void _check;

const cachedCount = (s: RunSummary | undefined): number => s?.levels.reduce((a, l) => a + l.prompt_cache_hits, 0) ?? 0;

function conditions(run: StoredRun, input: ReportInput, index: number, w: Words): RootContent[] {
  const { t, f } = w;
  const m = run.manifest;
  const h = m.host;
  const machine = m.machine_declared as Record<string, unknown> | null;
  const hardware = [t.methodology.host(h.cpu_model, f.int(h.cores), gb(w, h.memory_bytes), `${h.os} ${h.release}`, h.arch, h.node), h.gpus.length ? t.methodology.gpus(h.gpus.join("; ")) : t.methodology.noGpu];
  if (machine) hardware.push(t.methodology.declared(Object.entries(machine).map(([k, v]) => `${k} ${String(v)}`).join(t.common.listSeparator)));
  const backends = table(
    cols(t.methodology.backendsHeader),
    Object.entries(m.backends).map(([id, b]) => [id, b.type, b.server ?? "–", b.version ?? "–", backendAddress(b, w), b.local ? t.common.yes : t.common.no]),
    ["left", "left", "left", "left", "left", "left"],
  );
  const loads = input.summaries[index]?.loads ?? [];
  const models = table(
    cols(t.methodology.modelsHeader),
    Object.values(m.variants).map((v) => [
      v.id,
      v.declared.model,
      v.declared.format,
      v.declared.quantization ?? v.model?.quantization_reported ?? "–",
      gb(w, v.model?.size_bytes),
      (v.model?.digest ?? "–").slice(0, 23),
      f.int(loads.find((l) => l.variant === v.id)?.cold_ms ?? v.model?.load_ms),
    ]),
    ["left", "left", "left", "left", "right", "left", "right"],
  );
  const sentence = (parts: string[]) => parts.join(t.common.stop + t.common.sentenceGap) + t.common.stop;
  const remote = (m.egress ?? []).some((e) => !e.loopback);
  const out: RootContent[] = [
    heading(3, t.methodology.run(m.run_id)),
    paragraph(...labelled(w, remote ? t.fidelity.clientMachine : t.methodology.hardware, sentence(hardware))),
    paragraph(...labelled(w, t.methodology.backends, "")),
    backends,
    paragraph(...labelled(w, t.methodology.models, "")),
    models,
  ];
  const facts = serverFactLines(run, loads, w);
  if (facts.length) out.push(paragraph(...labelled(w, t.fidelity.serverFactsHeading, "")), list(facts));
  out.push(paragraph(...labelled(w, t.methodology.network, egressSentence(m.egress, w))));
  const copy = join(run.dir, EXPERIMENT_COPY);
  const v = validateFile(copy);
  const experiment = v.ok ? v.experiment : experimentOfCopy(copy);
  if (experiment) {
    const wl = experiment.workload;
    const asWritten = (p: Prompt) => (p.synthetic_tokens !== undefined ? t.methodology.synthetic(f.int(p.synthetic_tokens)) : t.methodology.promptText(p.text ?? ""));
    out.push(
      paragraph(...labelled(w, t.methodology.workload, "")),
      list([
        ...(wl.prompts ?? []).map((p) => [inlineCode(p.id), `${t.common.labelSeparator}${[p.text !== undefined || p.synthetic_tokens !== undefined ? asWritten(p) : null, promptSourceText(p, wl, run, w)].filter((x) => x !== null).join(t.common.listSeparator)}${p.system ? t.methodology.system(p.system) : ""}`]),
        t.methodology.decoding(String(wl.max_tokens), String(wl.ignore_eos), String(wl.temperature), String(wl.seed)),
        t.methodology.warmups(f.int(wl.warmup), f.int(wl.repetitions)),
        t.methodology.levels(wl.concurrency.join(t.common.listSeparator), f.int(experiment.settings.request_timeout_s)),
        ...(m.prompt_cache ? [t.fidelity.promptCache(m.prompt_cache, cachedCount(input.summaries[index]))] : []),
        ...(m.slo ? [t.methodology.slo(Object.entries(m.slo).map(([k, x]) => (k === "goodput" ? t.capacity.goodputAtLeast(String(x)) : `${k} ≤ ${String(x)}`)).join(t.common.listSeparator))] : []),
        ...openLoopLines(wl, w.lang),
        ...depthLines(wl.depth, w.lang),
        ...(m.conversations ? [conversationsLine(m.conversations, w.lang)] : []),
      ]),
    );
  }
  return out;
}

function serverFactLines(run: StoredRun, loads: readonly VariantLoad[], w: Words): string[] {
  const F = w.t.fidelity;
  const out: string[] = [];
  for (const v of Object.values(run.manifest.variants)) {
    const facts = v.server_facts;
    const l = loads.find((x) => x.variant === v.id);
    const parts: string[] = [];
    for (const [k, x] of Object.entries(facts ?? {})) {
      if (k === "source" || x === null || x === undefined || typeof x === "object") continue;
      parts.push(`${k} ${typeof x === "number" && k.endsWith("bytes") ? gb(w, x) : String(x)}`);
    }
    if (l && (l.warm_ms !== null || l.unloaded)) parts.push(l.unloaded ? F.unloadedLoads(l.unloaded, w.f.int(l.unloaded_ms)) : F.warmLoads(w.f.int(l.warm_ms)));
    // worded in the report's language: from the figures, or read back from an older run's English sentences
    const found = v.contradicted ?? (v.contradictions ?? []).map((c) => storedContradiction(c) ?? c);
    parts.push(...found.map((c) => (typeof c === "string" ? c : contradictionText(c, w.lang))));
    if (parts.length) out.push(`${v.id}${facts?.["source"] ? ` (${String(facts["source"])})` : ""}${w.t.common.labelSeparator}${parts.join(w.t.common.listSeparator)}`);
  }
  return out;
}

function egressSentence(egress: StoredRun["manifest"]["egress"] | undefined, w: Words): string {
  const t = w.t.methodology;
  if (!egress) return t.egressUnknown;
  if (egress.length === 0) return t.egressNone;
  const hosts = egress.map((e) => t.egressHost(e.host, w.f.int(e.requests), e.loopback, e.requests !== 1)).join(w.t.common.listSeparator);
  return egress.every((e) => e.loopback) ? t.egressLocal(hosts) : t.egressRemote(hosts);
}

export const methodology: Section = {
  build(input) {
    const w = words(input.lang);
    const { t } = w;
    const out: RootContent[] = [heading(2, t.methodology.heading), paragraph(t.methodology.intro)];
    input.runs.forEach((run, i) => out.push(...conditions(run, input, i, w)));
    out.push(heading(3, t.methodology.definitions), paragraph(t.methodology.definitionsIntro));
    out.push(list(DEFINED.map((id) => labelled(w, t.methodology.definition(t.metricLabels[id]), t.metricDefinitions[id]))));
    out.push(paragraph(t.methodology.intervals));
    return out;
  },
};
