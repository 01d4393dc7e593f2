/** The summary in plain words: per variant, how fast it answers and generates, and which variant is fastest. */
import type { RootContent } from "mdast";
import type { Section } from "../types.js";
import { metricOf, type SummaryMetric } from "../../../analyse/summary.js";
import { fmt, heading, list, paragraph, strong } from "../mdast.js";
import { verdictOf } from "./verdict.js";
import { capacityParagraphs } from "./capacity.js";

export const summary: Section = {
  build(input) {
    const { runs, summaries } = input;
    const items: string[] = [];
    summaries.forEach((s, i) => {
      const run = runs[i];
      for (const level of s.levels) {
        const m = (id: SummaryMetric) => metricOf(s, level, id);
        const decode = m("decode_tps_server") ?? m("decode_tps_client");
        const ttft = m("ttft_ms");
        const declared = run?.manifest.variants[level.variant]?.declared;
        const what = declared ? `${level.variant} (${declared.model}, ${declared.format.toUpperCase()}${declared.quantization ? ` ${declared.quantization}` : ""})` : level.variant;
        const where = `prompt "${level.prompt}", ${level.rate !== undefined ? `${level.rate} requests/s offered (open loop)` : level.concurrency === 1 ? "one request at a time" : `${level.concurrency} requests at once`}${runs.length > 1 ? `, run ${s.run_id}` : ""}`;
        const ci = decode?.ci95_low != null ? ` (95% CI ${fmt(decode.ci95_low)}–${fmt(decode.ci95_high)})` : "";
        items.push(
          `${what}, ${where}: generates ${fmt(decode?.mean)} tokens/s${ci}${decode?.metric === "decode_tps_server" ? " by the server's own count" : ""}; the first token arrives after ${fmt(ttft?.median, 0)} ms (median, p90 ${fmt(ttft?.p90, 0)} ms); ${level.completed} of ${level.requests} requests completed${level.errors ? `, ${level.errors} failed` : ""}.`,
        );
      }
    });
    const ranked = summaries.flatMap((s) => s.levels.filter((l) => l.concurrency === 1).map((l) => ({ l, rate: l.decode_tps_server_mean ?? l.decode_tps_client_mean }))).filter((x) => x.rate !== null);
    ranked.sort((a, b) => (b.rate ?? 0) - (a.rate ?? 0));
    const verdicts = runs.filter((r) => r.manifest.feasibility).map(verdictOf);
    const out: RootContent[] = [heading(2, "Summary"), ...capacityParagraphs(input), ...verdicts.map((v) => paragraph(strong(`Verdict: ${v.headline}`), " The evidence follows on the next page; the speed of each variant on the tasks:")), list(items)];
    if (verdicts.length) return out;
    const best = ranked[0];
    const second = ranked.find((x) => x.l.variant !== best?.l.variant);
    if (best && second && second.rate) {
      out.push(paragraph(`Fastest at generating one request at a time: ${best.l.variant}, ${fmt((best.rate ?? 0) / second.rate, 2)}× the next variant (${second.l.variant}).`));
    }
    return out;
  },
};
