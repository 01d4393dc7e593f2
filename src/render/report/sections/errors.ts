/** Errors and excluded trials: what failed, why, and what was left out of the statistics. */
import type { RootContent } from "mdast";
import type { Section } from "../types.js";
import { heading, list, paragraph, table } from "../mdast.js";

const MAX_LISTED = 20;

export const errors: Section = {
  build({ runs, summaries }) {
    const out: RootContent[] = [heading(2, "Errors and excluded trials")];
    runs.forEach((run, i) => {
      const failed = run.trials.filter((t) => t.error);
      const warm = run.trials.filter((t) => t.warmup).length;
      const mismatches = summaries[i]?.levels.reduce((a, l) => a + l.token_mismatches, 0) ?? 0;
      const spans = summaries[i]?.levels.filter((l) => l.spans_sessions).length ?? 0;
      const cached = summaries[i]?.levels.reduce((a, l) => a + l.prompt_cache_hits, 0) ?? 0;
      const prefix = runs.length > 1 ? `Run ${run.manifest.run_id}: ` : "";
      out.push(
        list([
          `${prefix}${warm} warm-up request(s) stored and left out of the statistics.`,
          `${failed.length} failed request(s) left out of the statistics.`,
          `${mismatches} request(s) where the server's token count differs from trialbook's count of streamed tokens.`,
          `${cached} request(s) answered from a cached prompt (the server took at least a fifth of the prompt from its cache); they are left out of the prefill figures.`,
          ...(spans ? [`${spans} load level(s) ran across resumed sessions; their throughput is not reported.`] : []),
          `${run.manifest.sessions.length} runner session(s); status ${run.manifest.status}.`,
        ]),
      );
      if (failed.length) {
        out.push(table(["trial", "kind", "message"], failed.slice(0, MAX_LISTED).map((t) => [t.trial, t.error?.kind ?? "", (t.error?.message ?? "").slice(0, 160)]), ["left", "left", "left"]));
        if (failed.length > MAX_LISTED) out.push(paragraph(`… and ${failed.length - MAX_LISTED} more (see trials.jsonl).`));
      }
    });
    return out;
  },
};
