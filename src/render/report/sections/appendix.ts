/**
 * Appendix: a sample answer per variant (shown as text, never as markup) and each run's manifest. Only an answer of
 * one of trialbook's self-made random-weight models is captioned as such — never a real model's.
 */
import type { RootContent } from "mdast";
import type { Section } from "../types.js";
import { messages } from "../../../shared/i18n/catalogue.js";
import { code, heading, paragraph } from "../mdast.js";
import { isSelfMadeModel } from "./figures.js";

const SAMPLE_CHARS = 400;

export const appendix: Section = {
  build({ runs, lang }) {
    const t = messages(lang).appendix;
    const out: RootContent[] = [heading(2, t.heading)];
    out.push(heading(3, t.samples), paragraph(t.samplesIntro));
    for (const run of runs) {
      for (const variant of Object.keys(run.manifest.variants)) {
        const tr = run.trials.find((x) => x.variant === variant && !x.warmup && !x.error && x.output);
        if (!tr?.output) continue;
        const cut = tr.output.length > SAMPLE_CHARS ? `${tr.output.slice(0, SAMPLE_CHARS)}…` : tr.output;
        out.push(paragraph(t.sample(variant, tr.trial)), code(cut, "text"));
        if (isSelfMadeModel(run, variant)) out.push(paragraph(t.demoModel));
      }
    }
    for (const run of runs) out.push(heading(3, t.manifest(run.manifest.run_id)), code(JSON.stringify(run.manifest, null, 2)));
    return out;
  },
};
