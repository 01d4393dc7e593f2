/** Methodology: every condition written down, and the definition of every figure. */
import { join } from "node:path";
import type { RootContent } from "mdast";
import type { Section } from "../types.js";
import { fmt, heading, inlineCode, list, paragraph, strong, table } from "../mdast.js";
import { validateFile } from "../../../validate/validate.js";
import { EXPERIMENT_COPY } from "../../../store/manifest.js";
import type { Experiment } from "../../../validate/schema.js";
import type { StoredRun } from "../../../analyse/load-run.js";

const gb = (b: number | undefined) => (b === undefined ? "–" : `${fmt(b / 1e9, 2)} GB`);

function conditions(run: StoredRun): RootContent[] {
  const m = run.manifest;
  const h = m.host;
  const machine = m.machine_declared as Record<string, unknown> | null;
  const hardware = [
    `${h.cpu_model}, ${h.cores} cores, ${gb(h.memory_bytes)} memory, ${h.os} ${h.release} (${h.arch}), Node ${h.node}`,
    h.gpus.length ? `GPUs: ${h.gpus.join("; ")}` : "No GPU visible to the runner",
  ];
  if (machine) hardware.push(`Declared: ${Object.entries(machine).map(([k, v]) => `${k} ${String(v)}`).join(", ")}`);
  const backends = table(
    ["backend", "type", "server", "version", "address", "local"],
    Object.entries(m.backends).map(([id, b]) => [id, b.type, b.server ?? "–", b.version ?? "–", b.url ?? "–", b.local ? "yes" : "no"]),
    ["left", "left", "left", "left", "left", "left"],
  );
  const models = table(
    ["variant", "model", "format", "quantization", "size", "digest / file hash", "load ms"],
    Object.values(m.variants).map((v) => [
      v.id,
      v.declared.model,
      v.declared.format,
      v.declared.quantization ?? v.model?.quantization_reported ?? "–",
      gb(v.model?.size_bytes),
      (v.model?.digest ?? "–").slice(0, 23),
      fmt(v.model?.load_ms, 0),
    ]),
    ["left", "left", "left", "left", "right", "left", "right"],
  );
  const out: RootContent[] = [heading(3, runHeading(run)), paragraph(strong("Hardware."), " " + hardware.join(". ") + "."), paragraph(strong("Backends.")), backends, paragraph(strong("Models.")), models];
  out.push(paragraph(strong("Network."), " " + egressSentence(m.egress)));
  const v = validateFile(join(run.dir, EXPERIMENT_COPY));
  if (v.ok) {
    const w = v.experiment.workload;
    out.push(
      paragraph(strong("Workload.")),
      list([
        ...(w.prompts ?? []).map((p) => [inlineCode(p.id), `: ${p.synthetic_tokens !== undefined ? `synthetic filler of about ${p.synthetic_tokens} tokens` : `"${p.text ?? ""}"`}${p.system ? ` (system: "${p.system}")` : ""}`]),
        `max_tokens ${w.max_tokens}, ignore_eos ${w.ignore_eos}, temperature ${w.temperature}, seed ${w.seed}`,
        `${w.warmup} warm-up request(s) per variant and prompt (stored, left out of statistics), ${w.repetitions} repetition(s) per concurrency slot`,
        `concurrency levels: ${w.concurrency.join(", ")}; request timeout ${v.experiment.settings.request_timeout_s} s`,
        ...(m.slo ? [`SLO for goodput: ${Object.entries(m.slo).map(([k, x]) => (k === "goodput" ? `share meeting it ≥ ${String(x)}` : `${k} ≤ ${String(x)}`)).join(", ")}`] : []),
        ...openLoopLines(w),
      ]),
    );
  }
  return out;
}

/** The open-loop levels as declared (`workload.load`, `workload.sweep`). */
function openLoopLines(w: Experiment["workload"]): string[] {
  const size = (l: { requests?: number | undefined; duration_s?: number | undefined }) => (l.requests !== undefined ? `${l.requests} requests` : `${l.duration_s ?? 0} s`);
  const shape = (l: { arrivals: string; burstiness?: number | undefined; max_concurrency?: number | undefined }) => `${l.arrivals}${l.burstiness !== undefined ? ` (burstiness ${l.burstiness})` : ""}${l.max_concurrency !== undefined ? `, at most ${l.max_concurrency} in flight` : ""}`;
  const out = (w.load ?? []).map((l) => `open-loop level: ${l.rate} requests/s, ${shape(l)}, ${size(l)}`);
  const s = w.sweep;
  if (s) {
    const rates = s.rates ? s.rates.join(", ") : `${s.from ?? "?"} to ${s.to ?? "?"} in ${s.steps} steps`;
    out.push(`open-loop sweep: ${rates} requests/s, ${shape(s)}, ${size(s)} per level${s.search ? `; search for the highest rate meeting the SLO (levels stop early when saturated, ${s.refine} refining rates)` : ""}; one user = one request every ${w.user_interval_s} s`);
  }
  return out;
}

const runHeading = (run: StoredRun) => `Run ${run.manifest.run_id}`;

function egressSentence(egress: StoredRun["manifest"]["egress"] | undefined): string {
  if (!egress) return "Not recorded for this run.";
  if (egress.length === 0) return "No request left the trialbook process (embedded engine only).";
  const list = egress.map((e) => `${e.host} (${e.requests} request${e.requests === 1 ? "" : "s"}${e.loopback ? ", this machine" : ""})`).join(", ");
  return egress.every((e) => e.loopback) ? `Every request stayed on this machine: ${list}.` : `Requests went to: ${list}. Hosts not marked "this machine" are reached over the network.`;
}

export const methodology: Section = {
  build(input) {
    const defs = input.summaries[0]?.definitions;
    const out: RootContent[] = [heading(2, "Methodology")];
    out.push(paragraph("Each request is timed on a monotonic clock from the moment it is written to the socket (or handed to the embedded engine) to each streamed chunk; the server's own counters are stored beside trialbook's. Variants run one after another, warm-ups first, then each concurrency level."));
    for (const run of input.runs) out.push(...conditions(run));
    if (defs) {
      out.push(heading(3, "Definitions"));
      out.push(list(Object.values(defs).map((d) => [strong(`${d.label} (${d.unit}):`), " " + d.definition + (d.note ? ` — ${d.note}` : "")])));
      out.push(paragraph(`Intervals: ${input.summaries[0]?.ci_method ?? ""}. Quantiles interpolate linearly between order statistics. Warm-ups and failed requests are excluded from every statistic and counted in "Errors and excluded trials".`));
    }
    return out;
  },
};
