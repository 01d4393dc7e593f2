/** Errors and excluded trials: what failed, why, and what was left out of the statistics. */
import type { RootContent } from "mdast";
import type { Section } from "../types.js";
import { words } from "../../../shared/i18n/catalogue.js";
import { flaggedTotals } from "../../../analyse/summary.js";
import { errorColumns } from "../../not-sent-text.js";
import { heading, list, paragraph, table } from "../mdast.js";

const MAX_LISTED = 20;

export const errors: Section = {
  build({ runs, summaries, lang }) {
    const { t, f } = words(lang);
    const e = t.errors;
    const out: RootContent[] = [heading(2, e.heading)];
    runs.forEach((run, i) => {
      // failed requests first, then those never sent (a level stopped early, a conversation ended by a failed turn)
      const failed = run.trials.filter((x) => x.error && !x.not_sent);
      const notSent = run.trials.filter((x) => x.not_sent);
      const listed = [...failed, ...notSent];
      const warm = run.trials.filter((x) => x.warmup).length;
      const mismatches = summaries[i]?.levels.reduce((a, l) => a + l.token_mismatches, 0) ?? 0;
      const spans = summaries[i]?.levels.filter((l) => l.spans_sessions).length ?? 0;
      const cached = summaries[i]?.levels.reduce((a, l) => a + l.prompt_cache_hits, 0) ?? 0;
      const prefix = runs.length > 1 ? e.runPrefix(run.manifest.run_id) : "";
      out.push(
        list([
          `${prefix}${e.warmups(f.int(warm))}`,
          e.failed(f.int(failed.length)),
          ...(notSent.length ? [e.notSent(f.int(notSent.length))] : []),
          e.mismatches(f.int(mismatches)),
          e.cached(f.int(cached)),
          ...flaggedTotals(summaries[i]?.levels ?? []).map(([flag, n]) => t.flags[flag](f.int(n))),
          ...(spans ? [e.spans(f.int(spans))] : []),
          e.sessions(f.int(run.manifest.sessions.length), t.title[`status_${run.manifest.status}`]),
        ]),
      );
      if (listed.length) {
        const row = (x: (typeof listed)[number]) => {
          const [kind, message] = errorColumns(x, lang);
          return [x.trial, kind, message.slice(0, 160)];
        };
        out.push(table(e.header.split("|"), listed.slice(0, MAX_LISTED).map(row), ["left", "left", "left"]));
        if (listed.length > MAX_LISTED) out.push(paragraph(e.more(f.int(listed.length - MAX_LISTED))));
      }
    });
    return out;
  },
};
