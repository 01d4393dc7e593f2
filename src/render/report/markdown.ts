/** Markdown (GFM) from the report tree, through mdast-util-to-markdown: never by string concatenation. Charts become SVG files beside it. */
import type { Image, Root, RootContent } from "mdast";
import { toMarkdown } from "mdast-util-to-markdown";
import { gfmToMarkdown } from "mdast-util-gfm";
import { CHART_URL } from "./types.js";

function mapImages(nodes: RootContent[], url: (id: string) => string): RootContent[] {
  return nodes.map((n) => {
    if (n.type === "paragraph") {
      return { ...n, children: n.children.map((c) => (c.type === "image" && c.url.startsWith(CHART_URL) ? ({ ...c, url: url(c.url.slice(CHART_URL.length)) } satisfies Image) : c)) };
    }
    return n;
  });
}

/** `chartUrl` maps a chart id to where its SVG file lies relative to the Markdown file. */
export function toMarkdownText(tree: Root, chartUrl: (id: string) => string): string {
  return toMarkdown({ ...tree, children: mapImages(tree.children, chartUrl) }, { extensions: [gfmToMarkdown()], bullet: "-", rule: "-" });
}
