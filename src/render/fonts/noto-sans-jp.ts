/**
 * Fonts that travel: Noto Sans JP from the `@fontsource/noto-sans-jp` npm package (a dependency, never fetched at run
 * time), embedded as data: URLs in `@font-face` rules. The package splits each weight into ~124 woff2 files by Unicode
 * range (its CSS gives each file's `unicode-range`); a document embeds only the files that its text needs, so an
 * English report carries the small Latin file and a Japanese one the kana/kanji files its characters fall in.
 * One face for Latin, digits and Japanese; weights 400 and 700. Chromium embeds the glyphs it draws into the PDF.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

/** The family name the report's CSS uses. */
export const FONT_FAMILY = "Noto Sans JP";
export const FONT_WEIGHTS = [400, 700] as const;
export type FontWeight = (typeof FONT_WEIGHTS)[number];

export interface FontFile {
  weight: FontWeight;
  /** File name under the package's files/ folder. */
  file: string;
  /** The `unicode-range` descriptor as the package writes it. */
  unicodeRange: string;
  ranges: ReadonlyArray<readonly [number, number]>;
}

const PACKAGE = "@fontsource/noto-sans-jp";

function packageDir(): string {
  try {
    return dirname(createRequire(import.meta.url).resolve(`${PACKAGE}/400.css`));
  } catch {
    throw new Error(`the font package ${PACKAGE} (a dependency of trialbook) is not installed; run npm install in trialbook's folder`);
  }
}

function parseRange(descriptor: string): Array<[number, number]> {
  return descriptor.split(",").map((part) => {
    const [lo, hi] = part.trim().replace(/^U\+/i, "").split("-");
    const a = parseInt(lo ?? "", 16);
    return [a, hi === undefined ? a : parseInt(hi, 16)];
  });
}

/** The package's font files for one weight, in the order its CSS declares them. */
export function parseFontCss(css: string, weight: FontWeight): FontFile[] {
  const out: FontFile[] = [];
  for (const block of css.split("@font-face").slice(1)) {
    const file = /url\(\.\/files\/([^)]+\.woff2)\)/.exec(block)?.[1];
    const unicodeRange = /unicode-range:\s*([^;}]+)/.exec(block)?.[1]?.trim();
    if (!file || !unicodeRange) continue;
    out.push({ weight, file, unicodeRange, ranges: parseRange(unicodeRange) });
  }
  return out;
}

let cache: Map<FontWeight, FontFile[]> | undefined;

function fontFiles(): Map<FontWeight, FontFile[]> {
  if (!cache) {
    const dir = packageDir();
    cache = new Map(FONT_WEIGHTS.map((w) => [w, parseFontCss(readFileSync(join(dir, `${w}.css`), "utf8"), w)]));
    for (const [w, files] of cache) if (files.length === 0) throw new Error(`${PACKAGE}/${w}.css lists no font files; reinstall ${PACKAGE}`);
  }
  return cache;
}

/** Every code point of the text; numeric character references (`&#x3042;`) count as the characters they stand for. */
export function codePoints(text: string): Set<number> {
  const out = new Set<number>();
  for (const ch of text) out.add(ch.codePointAt(0) ?? 0);
  for (const m of text.matchAll(/&#(x[0-9a-f]+|\d+);/gi)) {
    const ref = m[1] ?? "";
    out.add(ref[0] === "x" || ref[0] === "X" ? parseInt(ref.slice(1), 16) : parseInt(ref, 10));
  }
  return out;
}

const covers = (f: FontFile, cp: number) => f.ranges.some(([lo, hi]) => cp >= lo && cp <= hi);

/**
 * The files a browser would load for these code points. Where ranges overlap (the kana file also lists U+0020), the
 * rule declared last is the one used (CSS Fonts 4, §4.5), so that is the one chosen.
 */
export function neededFiles(points: ReadonlySet<number>, weights: readonly FontWeight[] = FONT_WEIGHTS): FontFile[] {
  const all = fontFiles();
  const out: FontFile[] = [];
  for (const w of weights) {
    const files = all.get(w) ?? [];
    const chosen = new Set<FontFile>();
    for (const cp of points) {
      for (let i = files.length - 1; i >= 0; i--) {
        const f = files[i];
        if (f && covers(f, cp)) {
          chosen.add(f);
          break;
        }
      }
    }
    out.push(...files.filter((f) => chosen.has(f)));
  }
  return out;
}

const dataUrls = new Map<string, string>();

function dataUrl(file: string): string {
  let url = dataUrls.get(file);
  if (!url) {
    url = `data:font/woff2;base64,${readFileSync(join(packageDir(), "files", file)).toString("base64")}`;
    dataUrls.set(file, url);
  }
  return url;
}

/**
 * `@font-face` rules embedding the Noto Sans JP files that `text` needs (none for an empty text). Both weights get
 * the same ranges: bold text whose character is missing from the 700 faces does not fall back to the 400 face (with
 * synthetic bold) but to the machine's fonts — an empty box where there is no CJK font (tried with Chromium 156).
 */
export function fontFaceCss(text: string, weights: readonly FontWeight[] = FONT_WEIGHTS): string {
  const files = neededFiles(codePoints(text), weights);
  if (files.length === 0) return "";
  const faces = files.map((f) => `@font-face{font-family:"${FONT_FAMILY}";font-style:normal;font-weight:${f.weight};font-display:block;src:url(${dataUrl(f.file)}) format("woff2");unicode-range:${f.unicodeRange}}`);
  return [`/* ${FONT_FAMILY}: Google Inc., SIL Open Font License 1.1, embedded from ${PACKAGE} (${files.length} files) */`, ...faces].join("\n");
}
