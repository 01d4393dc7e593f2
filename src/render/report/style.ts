/**
 * The report's look, on screen and on A4: readable tables, charts that never split across pages. One face for
 * everything (Latin, digits, Japanese; text, code and chart labels): Noto Sans JP, embedded by html.ts, so the page
 * looks the same on every machine and depends on no installed font.
 */
import { FONT_FAMILY } from "../fonts/noto-sans-jp.js";

const FACE = `"${FONT_FAMILY}", sans-serif`;

export const REPORT_CSS = `
:root { --ink: #1d2430; --muted: #5b6678; --rule: #d9dee7; --accent: #2f5d9b; }
* { box-sizing: border-box; }
body { margin: 0; color: var(--ink); font: 15px/1.5 ${FACE}; background: #fff; }
main { max-width: 60rem; margin: 0 auto; padding: 2rem 1.5rem 4rem; }
h1 { font-size: 1.9rem; line-height: 1.2; margin: 0 0 1rem; color: var(--accent); }
h2 { font-size: 1.35rem; margin: 2.2rem 0 .6rem; padding-bottom: .25rem; border-bottom: 2px solid var(--rule); }
h3 { font-size: 1.05rem; margin: 1.4rem 0 .4rem; }
p, li { max-width: 48rem; }
table { border-collapse: collapse; margin: .6rem 0 1rem; font-size: .82rem; font-variant-numeric: tabular-nums; width: 100%; }
th, td { border-bottom: 1px solid var(--rule); padding: .3rem .45rem; vertical-align: top; }
th { background: #f3f5f9; text-align: left; }
/*
 * Headers break between words, never inside one: in Japanese between phrases (auto-phrase, with <html lang="ja">;
 * keep-all where a browser lacks it), so that a short word is not set one character per line.
 */
th { word-break: keep-all; word-break: auto-phrase; }
/* Cells wrap between phrases too (a Japanese word is not cut in two); a phrase wider than its cell still breaks. */
td { word-break: auto-phrase; overflow-wrap: break-word; }
/* …and the last column, where a row's words go (a verdict, a message), keeps room for a few of them. */
td:last-child:not(:first-child) { min-width: 6em; }
td[align="right"], th[align="right"] { text-align: right; }
code { font: .85em/1.4 ${FACE}; background: #f3f5f9; padding: 0 .2em; border-radius: 3px; }
pre { background: #f6f8fb; border: 1px solid var(--rule); padding: .7rem; overflow-x: auto; white-space: pre-wrap; word-break: break-word; font-size: .75rem; }
pre code { background: none; padding: 0; }
figure.chart { margin: .5rem 0 .3rem; break-inside: avoid; page-break-inside: avoid; }
figure.chart svg { max-width: 100%; height: auto; }
figure.chart svg text { font-family: ${FACE}; }
figure.chart + p { break-before: avoid; page-break-before: avoid; color: var(--muted); font-size: .9em; }
td:first-child { white-space: nowrap; }
footer { color: var(--muted); font-size: .75rem; text-align: center; padding: 1rem; }
header.letterhead { display: flex; align-items: center; gap: 1rem; max-width: 60rem; margin: 0 auto; padding: 1rem 1.5rem 0; color: var(--muted); font-size: .85rem; }
header.letterhead img.logo { height: 2.5rem; max-width: 12rem; object-fit: contain; }
header.letterhead .confidential { margin-left: auto; }
.confidential { color: #a3262a; font-weight: 700; }
@page { size: A4; margin: 20mm 14mm 18mm; }
/*
 * Print: sections follow each other (no page per section); what must not be cut stays whole where it fits on a page
 * (charts with their captions, tables, list items, short code blocks) and headings stay with what follows them.
 * Long blocks (a run's manifest) still flow across pages; the manifest's JSON is set in two narrow columns.
 */
@media print {
  body { font-size: 10pt; }
  main { max-width: none; padding: 0; }
  h1 { margin-top: 8mm; font-size: 22pt; }
  h1 + ul { font-size: 11pt; }
  h2 { margin-top: 1.6rem; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
  h2 + *, h3 + *, h2 + * + p { break-before: avoid; page-break-before: avoid; }
  p:has(+ table, + ul, + ol, + pre, + figure) { break-after: avoid; page-break-after: avoid; }
  p { orphans: 3; widows: 3; }
  table, li, figure.chart { break-inside: avoid; page-break-inside: avoid; }
  table { font-size: 7.5pt; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; }
  pre { break-inside: auto; }
  pre:has(> code.language-json) { columns: 2; column-gap: 6mm; font-size: 6.5pt; line-height: 1.35; }
  footer, header.letterhead { display: none; }
}
`;
