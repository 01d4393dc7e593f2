/** Charts, each with its title and a sentence on how to read it. */
import type { RootContent } from "mdast";
import { CHART_URL, type Section } from "../types.js";
import { messages } from "../../../shared/i18n/catalogue.js";
import { heading, paragraph } from "../mdast.js";

export const charts: Section = {
  build({ charts: built, lang }) {
    if (built.length === 0) return [];
    const out: RootContent[] = [heading(2, messages(lang).charts.heading)];
    for (const c of built) {
      out.push(heading(3, c.title), { type: "paragraph", children: [{ type: "image", url: `${CHART_URL}${c.id}`, alt: c.title, title: null }] }, paragraph(c.caption));
    }
    return out;
  },
};
