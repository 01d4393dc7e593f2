/**
 * One self-contained HTML file from the report tree: mdast → hast (mdast-util-to-hast) → HTML (hast-util-to-html).
 * Every string from an experiment, a server or a model is a text node, so it is escaped; the only raw markup is the
 * SVG that vega renders for each chart (vega escapes the text it draws). No script, no external resource: the fonts
 * are embedded (only the Noto Sans JP range files that the page's characters need, see ../fonts/noto-sans-jp.ts).
 */
import type { Root } from "mdast";
import type { Element, ElementContent, Root as HastRoot } from "hast";
import { defaultHandlers, toHast, type State } from "mdast-util-to-hast";
import { toHtml } from "hast-util-to-html";
import { CHART_URL } from "./types.js";
import { REPORT_CSS } from "./style.js";
import { fontFaceCss } from "../fonts/noto-sans-jp.js";
import { isEmptyLetterhead, type Letterhead } from "./letterhead.js";

const el = (tagName: string, properties: Element["properties"], children: ElementContent[]): Element => ({ type: "element", tagName, properties, children });
const txt = (value: string): ElementContent => ({ type: "text", value });

export interface HtmlPageOptions {
  title: string;
  charts: ReadonlyMap<string, string>;
  footer: string;
  /** The page's language (`<html lang>`); default "en". */
  lang?: string;
  /** Logo, client · project · author and the confidentiality line, above the report (and the line again below). */
  letterhead?: Letterhead;
}

function letterheadBar(l: Letterhead): Element {
  const parts: ElementContent[] = [];
  if (l.logo) parts.push(el("img", { className: ["logo"], src: l.logo, alt: "" }, []));
  parts.push(el("span", { className: ["parties"] }, [txt(l.parties.join(" · "))]));
  if (l.confidential) parts.push(el("span", { className: ["confidential"] }, [txt(l.confidential)]));
  return el("header", { className: ["letterhead"] }, parts);
}

export function toHtmlPage(tree: Root, options: HtmlPageOptions): string {
  const chart = (url: string): Element =>
    el("figure", { className: ["chart"] }, [{ type: "raw", value: options.charts.get(url.slice(CHART_URL.length)) ?? "" } as unknown as ElementContent]);
  const body = toHast(tree, {
    handlers: {
      // A paragraph holding only a chart becomes the figure itself (a figure may not sit inside a <p>).
      paragraph(state: State, node) {
        const only = node.children.length === 1 ? node.children[0] : undefined;
        if (only?.type === "image" && only.url.startsWith(CHART_URL)) return chart(only.url);
        return defaultHandlers.paragraph(state, node);
      },
      image(state: State, node) {
        return node.url.startsWith(CHART_URL) ? chart(node.url) : defaultHandlers.image(state, node);
      },
    },
  }) as HastRoot;
  const head: Element[] = [
    el("meta", { charSet: "utf-8" }, []),
    el("meta", { name: "viewport", content: "width=device-width, initial-scale=1" }, []),
    el("meta", { httpEquiv: ["Content-Security-Policy"], content: "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:" }, []),
    el("title", {}, [txt(options.title)]),
    el("style", {}, [txt(REPORT_CSS)]),
  ];
  const page = el("html", { lang: options.lang ?? "en" }, [
    el("head", {}, head),
    el("body", {}, [
      ...(options.letterhead && !isEmptyLetterhead(options.letterhead) ? [letterheadBar(options.letterhead)] : []),
      el("main", {}, body.children as ElementContent[]),
      el("footer", {}, [
        ...(options.letterhead?.confidential ? [el("p", { className: ["confidential"] }, [txt(options.letterhead.confidential)])] : []),
        txt(options.footer),
      ]),
    ]),
  ]);
  const doc: HastRoot = { type: "root", children: [{ type: "doctype" }, page] };
  // The fonts for exactly the characters on the page (markup is ASCII, so scanning the whole page adds only Latin).
  const fonts = fontFaceCss(toHtml(doc, { allowDangerousHtml: true }));
  if (fonts) head.push(el("style", {}, [txt(fonts)]));
  return toHtml(doc, { allowDangerousHtml: true });
}
