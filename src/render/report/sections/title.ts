/** Title page: what was measured, for whom, when, and which runs it rests on. */
import type { Section } from "../types.js";
import { heading, list, paragraph, strong } from "../mdast.js";

export const title: Section = {
  build({ runs, generated_at }) {
    const first = runs[0]?.manifest;
    if (!first) return [];
    const info = first.report ?? {};
    const facts: Array<Array<string | ReturnType<typeof strong>>> = [];
    if (info.client) facts.push([strong("Client:"), " " + info.client]);
    if (info.project) facts.push([strong("Project:"), " " + info.project]);
    facts.push([strong("Experiment:"), " " + first.experiment.name]);
    facts.push([strong(runs.length > 1 ? "Runs:" : "Run:"), " " + runs.map((r) => `${r.manifest.run_id} (${r.manifest.started_at.slice(0, 10)}, ${r.manifest.status})`).join("; ")]);
    if (info.author) facts.push([strong("Prepared by:"), " " + info.author]);
    facts.push([strong("Report generated:"), " " + generated_at.replace("T", " ").slice(0, 16) + " UTC"]);
    return [heading(1, info.title ?? first.description ?? `Speed trials: ${first.experiment.name}`), list(facts), paragraph(`Made with trialbook ${first.tool.version}. Every figure below is computed from the raw requests stored with the run; the appendix holds the manifest.`)];
  },
};
