/** Errors and excluded trials: what failed, why, and what was left out of the statistics. */
import type { RootContent } from "mdast";
import type { Section } from "../types.js";
import { words } from "../../../shared/i18n/catalogue.js";
import { flaggedTotals } from "../../../analyse/summary.js";
import { heading, list, paragraph, table } from "../mdast.js";

const MAX_LISTED = 20;

export const errors: Section = {
  build({ runs, summaries, lang }) {
    const { t, f } = words(lang);
    const e = t.errors;
    const out: RootContent[] = [heading(2, e.heading)];
    runs.forEach((run, i) => {
      const failed = run.trials.filter((x) => x.error);
      const warm = run.trials.filter((x) => x.warmup).length;
      const mismatches = summaries[i]?.levels.reduce((a, l) => a + l.token_mismatches, 0) ?? 0;
      const spans = summaries[i]?.levels.filter((l) => l.spans_sessions).length ?? 0;
      const cached = summaries[i]?.levels.reduce((a, l) => a + l.prompt_cache_hits, 0) ?? 0;
      const prefix = runs.length > 1 ? e.runPrefix(run.manifest.run_id) : "";
      out.push(
        list([
          `${prefix}${e.warmups(f.int(warm))}`,
          e.failed(f.int(failed.length)),
          e.mismatches(f.int(mismatches)),
          e.cached(f.int(cached)),
          ...flaggedTotals(summaries[i]?.levels ?? []).map(([flag, n]) => t.flags[flag](f.int(n))),
          ...(spans ? [e.spans(f.int(spans))] : []),
          e.sessions(f.int(run.manifest.sessions.length), t.title[`status_${run.manifest.status}`]),
        ]),
      );
      if (failed.length) {
        out.push(table(e.header.split("|"), failed.slice(0, MAX_LISTED).map((x) => [x.trial, x.error?.kind ?? "", (x.error?.message ?? "").slice(0, 160)]), ["left", "left", "left"]));
        if (failed.length > MAX_LISTED) out.push(paragraph(e.more(f.int(failed.length - MAX_LISTED))));
      }
    });
    return out;
  },
};
