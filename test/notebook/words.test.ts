/**
 * The shipped notebooks hold no prose of their own: no markdown cells, and every `w.<key>` they show is a message of
 * the catalogue's `notebooks` area (so it exists in English and Japanese).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { messages } from "../../src/shared/i18n/catalogue.js";

const dir = join(import.meta.dirname, "../../notebooks");
const NOTEBOOKS = readdirSync(dir).filter((f) => f.endsWith(".ipynb"));

test("no shipped notebook has a markdown cell: titles, introductions and headings come from the catalogue", () => {
  assert.ok(NOTEBOOKS.length >= 4);
  const keys = new Set(Object.keys(messages("en").notebooks));
  for (const f of NOTEBOOKS) {
    const nb = JSON.parse(readFileSync(join(dir, f), "utf8")) as { cells: Array<{ cell_type: string; source: string[] }> };
    assert.deepEqual(nb.cells.filter((c) => c.cell_type === "markdown").map((c) => c.source.join("").slice(0, 40)), [], `${f} has prose of its own`);
    const code = nb.cells.map((c) => c.source.join("")).join("\n");
    for (const [, key] of code.matchAll(/\bw\.([A-Za-z]+)/g)) assert.ok(keys.has(key ?? ""), `${f}: w.${key} is not in the notebooks area`);
  }
});
