/**
 * Golden files for what people look at (Markdown, vega-lite specs, HTML). Floats are rounded and vega's generated ids
 * renumbered before comparing; on a mismatch the new output is written beside the golden file as `*-changed.*`.
 * `UPDATE_GOLDEN=1` rewrites the golden files.
 */
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

export function normalise(text: string): string {
  const ids = new Map<string, string>();
  return text
    .replace(/(?<![\d.])-?\d+\.\d+(e-?\d+)?(?![\d.])/g, (m) => {
      const n = Number(m);
      return Number.isFinite(n) ? String(Number(n.toPrecision(5))) : m;
    })
    .replace(/\b(clip|gradient|pattern|mask)(\d+)\b/g, (m, kind: string) => {
      if (!ids.has(m)) ids.set(m, `${kind}${ids.size + 1}`);
      return ids.get(m) ?? m;
    });
}

export function assertGolden(path: string, actual: string): void {
  const got = normalise(actual);
  const changed = path.replace(/(\.[a-z.]+)$/, "-changed$1");
  if (process.env["UPDATE_GOLDEN"] || !existsSync(path)) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, got);
    if (!process.env["UPDATE_GOLDEN"]) assert.fail(`${path} did not exist; written now — review and commit it`);
    return;
  }
  const expected = readFileSync(path, "utf8");
  if (expected !== got) {
    writeFileSync(changed, got);
    assert.fail(`${path} differs; see ${changed} (UPDATE_GOLDEN=1 accepts the change)`);
  }
}
