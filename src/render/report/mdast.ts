/** Small builders for mdast nodes, so sections read as documents. Every string goes in as a text node (escaped on output). */
import type { Code, Heading, List, Paragraph, PhrasingContent, Table, TableCell, Text } from "mdast";

export const text = (value: string): Text => ({ type: "text", value });
export const strong = (value: string): PhrasingContent => ({ type: "strong", children: [text(value)] });
export const inlineCode = (value: string): PhrasingContent => ({ type: "inlineCode", value });
export const heading = (depth: 1 | 2 | 3, value: string): Heading => ({ type: "heading", depth, children: [text(value)] });
export const paragraph = (...children: Array<PhrasingContent | string>): Paragraph => ({ type: "paragraph", children: children.map((c) => (typeof c === "string" ? text(c) : c)) });
export const code = (value: string, lang = "json"): Code => ({ type: "code", lang, value });

export function list(items: ReadonlyArray<Array<PhrasingContent | string> | string>): List {
  return {
    type: "list",
    ordered: false,
    spread: false,
    children: items.map((item) => ({ type: "listItem", spread: false, children: [paragraph(...(typeof item === "string" ? [item] : item))] })),
  };
}

export function table(header: readonly string[], rows: ReadonlyArray<readonly string[]>, align?: ReadonlyArray<"left" | "right">): Table {
  const row = (cells: readonly string[]) => ({ type: "tableRow" as const, children: cells.map((c): TableCell => ({ type: "tableCell", children: [text(c)] })) });
  return { type: "table", align: align ? [...align] : header.map((_, i) => (i === 0 ? "left" : "right")), children: [row(header), ...rows.map(row)] };
}

/** Numbers as people read them: 3 significant figures for small values, thousands grouped, "–" for none. */
export function fmt(v: number | null | undefined, digits = 1): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return "–";
  return v.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}
