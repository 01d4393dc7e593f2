/** Appendix: a sample answer per variant (shown as text, never as markup) and each run's manifest. */
import type { RootContent } from "mdast";
import type { Section } from "../types.js";
import { code, heading, paragraph } from "../mdast.js";

const SAMPLE_CHARS = 400;

export const appendix: Section = {
  build({ runs }) {
    const out: RootContent[] = [heading(2, "Appendix")];
    out.push(heading(3, "Sample answers"), paragraph("The first measured answer of each variant, as text (random-weight demo models produce word salad)."));
    for (const run of runs) {
      for (const variant of Object.keys(run.manifest.variants)) {
        const t = run.trials.find((x) => x.variant === variant && !x.warmup && !x.error && x.output);
        if (!t?.output) continue;
        const cut = t.output.length > SAMPLE_CHARS ? `${t.output.slice(0, SAMPLE_CHARS)}…` : t.output;
        out.push(paragraph(`${variant} (${t.trial}):`), code(cut, "text"));
      }
    }
    for (const run of runs) out.push(heading(3, `Manifest of run ${run.manifest.run_id}`), code(JSON.stringify(run.manifest, null, 2)));
    return out;
  },
};
