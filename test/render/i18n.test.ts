/**
 * The message catalogue: every area holds English and Japanese with the same keys and the same kinds of message
 * (checked by the compiler through `Area<typeof en>`, and here at run time), no Japanese message is the English one
 * left untranslated (units and symbols aside), and no message sends the reader to a file outside the report.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { CATALOGUE, formatters, messages } from "../../src/shared/i18n/catalogue.js";
import { LANGUAGES, type Area } from "../../src/shared/i18n/types.js";

// Compile-time: a Japanese message missing, or one too many, does not compile.
// @ts-expect-error ja lacks "b"
const missing: Area<{ a: string; b: string }> = { en: { a: "a", b: "b" }, ja: { a: "あ" } };
// @ts-expect-error a message with other arguments does not compile
const wrongArgs: Area<{ f: (x: string) => string }> = { en: { f: (x: string) => x }, ja: { f: (x: number) => String(x) } };
void missing;
void wrongArgs;

/** Messages that are the same in both languages on purpose: units, symbols, product names, formulas. */
const SAME_IN_BOTH = new Set([
  "charts.trialbook", // the product's name
  "verdict.variantRate", // "<variant> <rate>": two figures side by side
  "methodology.decoding", // the experiment file's own field names with their values
]);

const SAMPLE = ["X1", "X2", "X3", "X4", "X5", "X6"];

test("every area has every language, with the same keys and the same kinds of message", () => {
  for (const [name, area] of Object.entries(CATALOGUE)) {
    const en = area.en as Record<string, unknown>;
    for (const lang of LANGUAGES) {
      const m = (area as Record<string, Record<string, unknown>>)[lang];
      assert.ok(m, `${name} has ${lang}`);
      assert.deepEqual(Object.keys(m).sort(), Object.keys(en).sort(), `${name}.${lang} has the English keys`);
      for (const [key, value] of Object.entries(en)) {
        assert.equal(typeof m[key], typeof value, `${name}.${key} is a ${typeof value} in ${lang}`);
        if (typeof value === "function") assert.equal((m[key] as (...a: unknown[]) => string).length, value.length, `${name}.${key} takes the same arguments in ${lang}`);
      }
    }
  }
});

test("no Japanese message is the English one untranslated (units and symbols aside)", () => {
  const same: string[] = [];
  for (const [name, area] of Object.entries(CATALOGUE)) {
    for (const [key, en] of Object.entries(area.en as Record<string, unknown>)) {
      const ja = (area.ja as Record<string, unknown>)[key];
      const [e, j] = typeof en === "function" ? [(en as (...a: string[]) => string)(...SAMPLE), (ja as (...a: string[]) => string)(...SAMPLE)] : [en, ja];
      const symbol = typeof e === "string" && /^[\s\p{P}\p{S}\d]*$/u.test(e);
      if (e === j && !symbol && !SAME_IN_BOTH.has(`${name}.${key}`)) same.push(`${name}.${key}: ${String(e)}`);
    }
  }
  assert.deepEqual(same, []);
});

test("every Japanese sentence is Japanese: each message with words has kana or kanji", () => {
  const latinOnly: string[] = [];
  for (const [name, area] of Object.entries(CATALOGUE)) {
    for (const [key, ja] of Object.entries(area.ja as Record<string, unknown>)) {
      const text = typeof ja === "function" ? (ja as (...a: string[]) => string)(...SAMPLE) : String(ja);
      const words = text.replace(/X\d/g, "");
      if (/[a-z]{4,}/i.test(words) && !/[\u3040-\u30ff\u4e00-\u9fff]/.test(words) && !SAME_IN_BOTH.has(`${name}.${key}`)) latinOnly.push(`${name}.${key}: ${text}`);
    }
  }
  assert.deepEqual(latinOnly, []);
});

test("no message refers the reader to METRICS.md or another file outside the report", () => {
  for (const lang of LANGUAGES) {
    const all = JSON.stringify(messages(lang), (_k, v: unknown) => (typeof v === "function" ? (v as (...a: string[]) => string)(...SAMPLE) : v));
    assert.doesNotMatch(all, /METRICS\.md|README|\.md\b/);
  }
});

test("formatters follow the locale: numbers, percentages and dates", () => {
  const en = formatters("en");
  const ja = formatters("ja");
  assert.equal(en.num(1234.56), "1,234.6");
  assert.equal(ja.num(1234.56, 2), "1,234.56");
  assert.equal(en.num(null), "–");
  assert.equal(en.pct(0.625), "63%");
  assert.equal(ja.pct(0.8), "80%");
  const d = new Date("2026-01-02T03:04:05Z");
  assert.equal(en.dateTime(d), "2 January 2026 at 03:04 UTC");
  assert.equal(ja.dateTime(d), "2026年1月2日 3:04 UTC");
});

test("every character the catalogue and the renderers write has a glyph in the embedded Noto Sans JP (no fallback font, no .notdef)", async () => {
  const { readFileSync, readdirSync } = await import("node:fs");
  const { join } = await import("node:path");
  const css = readFileSync(join(import.meta.dirname, "../../node_modules/@fontsource/noto-sans-jp/400.css"), "utf8");
  const ranges = [...css.matchAll(/unicode-range:([^;]*)/g)].flatMap((m) =>
    (m[1] ?? "").split(",").map((p) => {
      const [a, b] = p.trim().replace(/^U\+/i, "").split("-");
      return [parseInt(a ?? "0", 16), parseInt(b ?? a ?? "0", 16)] as const;
    }),
  );
  const covered = (cp: number) => ranges.some(([a, b]) => cp >= a && cp <= b);
  const files = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith(".ts") ? [join(dir, e.name)] : []));
  const src = join(import.meta.dirname, "../../src");
  const missing = new Map<string, string>();
  for (const f of [...files(join(src, "shared/i18n")), ...files(join(src, "render"))]) {
    for (const ch of readFileSync(f, "utf8")) {
      const cp = ch.codePointAt(0) ?? 0;
      if (cp > 0x7f && !covered(cp) && !missing.has(ch)) missing.set(ch, f.slice(src.length + 1));
    }
  }
  assert.deepEqual([...missing].map(([ch, f]) => `${ch} U+${(ch.codePointAt(0) ?? 0).toString(16)} in ${f}`), []);
});
