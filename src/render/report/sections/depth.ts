/**
 * Context depth (`workload.depth`): per variant and prompt, one row per depth with the prompt tokens the server
 * counted (the evidence that the depth was processed), prefill and decode tok/s with their 95% intervals and where
 * they come from, TPOT, TTFT and errors; a sentence on how much slower the deepest depth is; and the definitions.
 * Left out when no run measured a depth.
 */
import type { RootContent } from "mdast";
import type { Section } from "../types.js";
import type { DepthRow } from "../../../analyse/depth.js";
import type { Description } from "../../../analyse/stats.js";
import { messages, formatters } from "../../../shared/i18n/catalogue.js";
import type { Language } from "../../../shared/i18n/types.js";
import { reportLanguage } from "./capacity.js";
import { fmt, heading, list, paragraph, table } from "../mdast.js";
import { percent } from "../../capacity-text.js";
import { depthChangeItems } from "../../depth-text.js";
import { compareDepth } from "../../../analyse/depth-compare.js";

const withCi = (d: Description | null, digits = 1): string =>
  d?.mean == null ? "–" : d.ci95_low === null || d.ci95_high === null ? fmt(d.mean, digits) : `${fmt(d.mean, digits)} (${fmt(d.ci95_low, digits)}–${fmt(d.ci95_high, digits)})`;

function depthRow(r: DepthRow, lang: Language): string[] {
  const m = messages(lang).depth;
  const source = (s: DepthRow["prefill_source"]) => (s === null ? "" : ` · ${s === "server" ? m.sourceServer : m.sourceClient}`);
  const f = formatters(lang);
  return [
    f.int(r.depth),
    r.prompt_tokens === null ? "–" : f.int(r.prompt_tokens),
    r.cached_tokens === null ? "–" : f.int(r.cached_tokens),
    withCi(r.prefill_tps) + source(r.prefill_source),
    withCi(r.decode_tps) + source(r.decode_source),
    fmt(r.tpot_ms.mean, 1),
    fmt(r.ttft_ms.mean, 0),
    String(r.errors),
  ];
}

/** "prefill at 62%, decode at 90%": the deepest depth against the shallowest, when both have figures. */
function slowdown(rows: readonly DepthRow[], who: string, lang: Language): string | null {
  const first = rows[0];
  const last = rows[rows.length - 1];
  const share = (a: Description | null | undefined, b: Description | null | undefined) => (a?.mean && b?.mean ? percent(b.mean / a.mean, lang) : "–");
  if (!first || !last || first === last) return null;
  return messages(lang).depth.slowdown(who, formatters(lang).int(last.depth), share(first.prefill_tps, last.prefill_tps), share(first.decode_tps, last.decode_tps));
}

export const depth: Section = {
  build(input) {
    const all = input.summaries.flatMap((s) => (s.depth ?? []).map((row) => ({ runId: s.run_id, row })));
    if (all.length === 0) return [];
    const lang = reportLanguage(input);
    const m = messages(lang).depth;
    const reps = Math.max(...all.filter((x) => x.row.depth > 0).map((x) => x.row.requests), 0);
    const out: RootContent[] = [heading(2, m.heading), paragraph(m.intro(formatters(lang).int(reps)))];
    const prompts = new Set(all.map((x) => x.row.prompt)).size > 1;
    const groups = new Map<string, { who: string; rows: DepthRow[] }>();
    for (const { runId, row } of all) {
      const who = `${row.variant}${prompts ? ` (${row.prompt})` : ""}${input.runs.length > 1 ? ` · ${runId}` : ""}`;
      const g = groups.get(who) ?? { who, rows: [] };
      g.rows.push(row);
      groups.set(who, g);
    }
    for (const g of groups.values()) {
      out.push(heading(3, m.tableHeading(g.who)));
      const said = slowdown(g.rows, g.who, lang);
      if (said) out.push(paragraph(said));
      out.push(table([m.colDepth, m.colPromptTokens, m.colCached, m.colPrefill, m.colDecode, m.colTpot, m.colTtft, m.colErrors], g.rows.map((r) => depthRow(r, lang))));
    }
    // several runs: each later run's depths against the first's
    const [first, ...later] = input.runs;
    const changes = first ? later.flatMap((run) => depthChangeItems(compareDepth(first, run), lang)) : [];
    if (first && changes.length) out.push(paragraph(m.runsIntro(first.manifest.run_id)), list(changes));
    out.push(heading(3, m.definitions), list([m.defDepth, m.defPrefill, m.defDecode]));
    return out;
  },
};
