/**
 * An executed notebook as one self-contained HTML page (and PDF), in the look of `trialbook report`: Markdown cells
 * rendered (raw HTML in them dropped), code cells as code (hidden with `hideCode` or the cell tags `hide-input` /
 * `remove-input`; `remove-cell` removes a cell, `remove-output` its outputs), outputs as text, Markdown or inline SVG.
 * HTML outputs are not copied: everything that is not our own SVG arrives as text.
 */
import type { Root, RootContent } from "mdast";
import { fromMarkdown } from "mdast-util-from-markdown";
import { gfmFromMarkdown } from "mdast-util-gfm";
import { gfm } from "micromark-extension-gfm";
import { toHtmlPage } from "../render/report/html.js";
import { CHART_URL } from "../render/report/types.js";
import { code, paragraph } from "../render/report/mdast.js";
import { tags, text, type Notebook } from "./ipynb.js";

export interface RenderOptions {
  hideCode?: boolean;
  title?: string;
  footer: string;
  /** The page's language (`<html lang>`, as `page.htmlLang` says it); default "en". */
  lang?: string;
}

function markdown(md: string): RootContent[] {
  return fromMarkdown(md, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] }).children;
}

/** The notebook's title: its first heading, else the given fallback. */
export function notebookTitle(nb: Notebook, fallback: string): string {
  for (const c of nb.cells) {
    if (c.cell_type !== "markdown") continue;
    const m = /^#\s+(.+)$/m.exec(text(c.source));
    if (m?.[1]) return m[1].trim();
  }
  return fallback;
}

export function notebookTree(nb: Notebook, options: Pick<RenderOptions, "hideCode">): { tree: Root; svgs: Map<string, string> } {
  const children: RootContent[] = [];
  const svgs = new Map<string, string>();
  for (const cell of nb.cells) {
    const t = tags(cell);
    if (t.includes("remove-cell")) continue;
    if (cell.cell_type === "markdown") {
      children.push(...markdown(text(cell.source)));
      continue;
    }
    if (cell.cell_type !== "code") continue;
    if (!options.hideCode && !t.includes("hide-input") && !t.includes("remove-input") && !t.includes("injected-parameters")) {
      children.push(code(text(cell.source), "ts"));
    }
    if (t.includes("remove-output")) continue;
    for (const out of cell.outputs) {
      if (out.output_type === "stream") children.push(code(text(out.text), "text"));
      else if (out.output_type === "error") children.push(code(`${out.ename}: ${out.evalue}\n${out.traceback.join("\n")}`, "text"));
      else if (out.data["image/svg+xml"] !== undefined) {
        const id = `nb${svgs.size + 1}`;
        svgs.set(id, text(out.data["image/svg+xml"]));
        children.push(paragraph({ type: "image", url: `${CHART_URL}${id}`, alt: "chart" }));
      } else if (out.data["text/markdown"] !== undefined) children.push(...markdown(text(out.data["text/markdown"])));
      else if (out.data["text/plain"] !== undefined) children.push(code(text(out.data["text/plain"]), "text"));
    }
  }
  return { tree: { type: "root", children }, svgs };
}

export function notebookHtml(nb: Notebook, options: RenderOptions & { title: string }): string {
  const { tree, svgs } = notebookTree(nb, options);
  return toHtmlPage(tree, { title: options.title, charts: svgs, footer: options.footer, ...(options.lang ? { lang: options.lang } : {}) });
}
