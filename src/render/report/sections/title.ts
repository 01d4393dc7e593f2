/** Title page: what was measured, for whom, when, and which runs it rests on. */
import type { Section } from "../types.js";
import type { StoredRun } from "../../../analyse/load-run.js";
import { words, type Words } from "../../../shared/i18n/catalogue.js";
import type { PhrasingContent } from "mdast";
import { heading, list, paragraph } from "../mdast.js";
import { labelled } from "./figures.js";

/** The report's title: the experiment's `report.title`, else its description, else "Speed trials: <name>" (or "Feasibility trials: <name>") in the language. */
export function reportTitle(run: StoredRun, w: Words): string {
  const m = run.manifest;
  return m.report?.title ?? m.description ?? (m.feasibility ? w.t.title.defaultTitleFeasibility : w.t.title.defaultTitle)(m.experiment.name);
}

const statusWord = (w: Words, status: StoredRun["manifest"]["status"]): string => w.t.title[`status_${status}`];

export const title: Section = {
  build({ runs, generated_at, lang }) {
    const w = words(lang);
    const { t, f } = w;
    const firstRun = runs[0];
    if (!firstRun) return [];
    const first = firstRun.manifest;
    const info = first.report ?? {};
    const facts: Array<Array<PhrasingContent | string>> = [];
    if (info.client) facts.push(labelled(w, t.title.client, info.client));
    if (info.project) facts.push(labelled(w, t.title.project, info.project));
    facts.push(labelled(w, t.title.experiment, first.experiment.name));
    facts.push(labelled(w, runs.length > 1 ? t.title.runs : t.title.run, runs.map((r) => t.title.runFact(r.manifest.run_id, f.date(new Date(r.manifest.started_at)), statusWord(w, r.manifest.status))).join("; ")));
    if (info.author) facts.push(labelled(w, t.title.preparedBy, info.author));
    facts.push(labelled(w, t.title.generated, f.dateTime(new Date(generated_at))));
    return [heading(1, reportTitle(firstRun, w)), list(facts), paragraph(t.title.madeWith(first.tool.version))];
  },
};
