/**
 * The PDF of a Japanese speed run, printed by Chromium on a machine with no CJK font (a fontconfig with only Latin
 * fonts): Noto Sans JP is embedded, pdftotext gives the prompt and the answer back exactly, no glyph is .notdef, the
 * page images show ink where the Japanese stands, and every page carries the letterhead (logo, client · project ·
 * author, confidentiality line) and the run line with its page number. The same HTML without its @font-face rules
 * draws .notdef boxes on that machine: the checks can fail.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { writeReport } from "../../src/render/report/write.js";
import { htmlToPdf } from "../../src/render/report/pdf.js";
import { notebookHtml } from "../../src/notebook/render.js";
import { tempDir } from "../helpers/experiments.js";
import { pdfFonts, pdfGlyphIds } from "../helpers/pdf.js";
import { japaneseRun, JA_ANSWER, JA_PROMPT, JA_REPORT } from "./japanese-run.js";
import { noCjkFontconfig } from "./no-cjk-fonts.js";
import { solidPng } from "./png.js";

const AT = "2026-01-02T03:04:05.000Z";
const LOGO_RGB = [0xd0, 0x20, 0x90] as const;

const pageText = (pdf: string, page: number) => execFileSync("pdftotext", ["-f", String(page), "-l", String(page), pdf, "-"], { encoding: "utf8" });
const pageCount = (pdf: string) => Number(/Pages:\s+(\d+)/.exec(execFileSync("pdfinfo", [pdf], { encoding: "utf8" }))?.[1]);

/** Share of dark pixels in a region of a page (points), from pdftoppm's greyscale output at 144 dpi. */
function inkIn(pdf: string, page: number, box: { x: number; y: number; w: number; h: number }): number {
  const s = 2;
  const pgm = execFileSync("pdftoppm", ["-gray", "-r", "144", "-f", String(page), "-l", String(page), "-x", String(Math.floor(box.x * s)), "-y", String(Math.floor(box.y * s)), "-W", String(Math.ceil(box.w * s)), "-H", String(Math.ceil(box.h * s)), pdf]);
  const [, w, h] = pgm.subarray(0, 32).toString("latin1").split(/\s+/).map(Number);
  const pixels = pgm.subarray(pgm.length - (w ?? 0) * (h ?? 0));
  return pixels.filter((v) => v < 128).length / Math.max(1, pixels.length);
}

/** Pixels of the logo's colour in the top 25 mm of each page, at 40 dpi (pdftoppm's PPM output). */
function logoPixels(pdf: string, dir: string): number[] {
  execFileSync("pdftoppm", ["-r", "40", "-y", "0", "-H", "40", "-W", "400", pdf, join(dir, "top")]);
  const pages = pageCount(pdf);
  return Array.from({ length: pages }, (_, i) => {
    const name = join(dir, `top-${String(i + 1).padStart(String(pages).length, "0")}.ppm`);
    const ppm = readFileSync(name);
    const [, w, h] = ppm.subarray(0, 32).toString("latin1").split(/\s+/).map(Number);
    let n = 0;
    for (let p = ppm.length - (w ?? 0) * (h ?? 0) * 3; p < ppm.length; p += 3) {
      if (Math.abs((ppm[p] ?? 0) - LOGO_RGB[0]) + Math.abs((ppm[p + 1] ?? 0) - LOGO_RGB[1]) + Math.abs((ppm[p + 2] ?? 0) - LOGO_RGB[2]) < 30) n++;
    }
    return n;
  });
}

test("poppler's tools are installed (scripts/setup-system.sh installs poppler-utils)", () => {
  for (const tool of ["pdffonts", "pdftotext", "pdftoppm", "pdfinfo"]) execFileSync(tool, ["-v"], { stdio: "ignore" });
});

test("Japanese PDF without a CJK font on the machine: Noto Sans JP embedded, text exact, no .notdef, ink where the Japanese stands, letterhead on every page", async (t) => {
  process.env["FONTCONFIG_FILE"] = noCjkFontconfig();
  t.after(() => delete process.env["FONTCONFIG_FILE"]);
  const run = japaneseRun({ ...JA_REPORT, logo: "logo.png" });
  writeFileSync(join(run, "logo.png"), solidPng(60, 24, LOGO_RGB));
  const dir = tempDir();
  const warnings: string[] = [];
  const { base } = await writeReport([run], { formats: ["html", "pdf"], out: dir, generatedAt: AT, language: "ja", onWarning: (m) => warnings.push(m) });
  assert.deepEqual(warnings, []);
  const pdf = `${base}.pdf`;

  const fonts = pdfFonts(pdf);
  const noto = fonts.filter((f) => f.name.startsWith("NotoSansJP"));
  assert.ok(noto.length > 0 && noto.every((f) => f.embedded), `embedded Noto Sans JP: ${fonts.map((f) => f.name).join(", ")}`);
  assert.ok(fonts.every((f) => f.embedded), "every font is embedded");

  const text = execFileSync("pdftotext", [pdf, "-"], { encoding: "utf8" });
  assert.ok(text.includes(JA_PROMPT), "the prompt comes back exactly");
  assert.ok(text.includes(JA_ANSWER), "the answer comes back exactly");
  assert.ok(!text.includes("\uFFFD"), "no replacement character");
  const glyphs = pdfGlyphIds(pdf);
  assert.ok(glyphs.length > 500, `${glyphs.length} glyphs drawn`);
  assert.equal(glyphs.filter((g) => g === 0).length, 0, "no .notdef glyph");

  // Ink where the answer stands: its words' boxes from pdftotext -bbox, drawn at 144 dpi.
  const bbox = execFileSync("pdftotext", ["-bbox", pdf, "-"], { encoding: "utf8" });
  let page = 0;
  const boxes: Array<{ page: number; x: number; y: number; w: number; h: number; word: string }> = [];
  for (const line of bbox.split("\n")) {
    if (line.includes("<page ")) page++;
    const m = /<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/.exec(line);
    if (m && /[\u3040-\u30ff\u4e00-\u9fff]/.test(m[5] ?? "") && JA_ANSWER.includes(m[5] ?? "\0")) {
      boxes.push({ page, x: Number(m[1]), y: Number(m[2]), w: Number(m[3]) - Number(m[1]), h: Number(m[4]) - Number(m[2]), word: m[5] ?? "" });
    }
  }
  assert.ok(boxes.length > 0, "pdftotext places the answer's Japanese words");
  for (const b of boxes) assert.ok(inkIn(pdf, b.page, b) > 0.04, `ink in "${b.word}" on page ${b.page}: ${inkIn(pdf, b.page, b).toFixed(3)}`);

  // Every page: letterhead and footer.
  const pages = pageCount(pdf);
  for (let p = 1; p <= pages; p++) {
    const tx = pageText(pdf, p);
    assert.ok(tx.includes(`${JA_REPORT.client} · ${JA_REPORT.project} · ${JA_REPORT.author}`), `page ${p}: client · project · author`);
    assert.ok(tx.includes(JA_REPORT.confidential), `page ${p}: confidentiality line`);
    assert.match(tx, /20260401-000000-ja manifest sha256 [0-9a-f]{16}/, `page ${p}: run line`);
    assert.match(tx, new RegExp(`\\b${p}\\s*/\\s*${pages}\\s*ページ`), `page ${p}: page number`);
  }
  const logo = logoPixels(pdf, dir);
  assert.ok(logo.every((n) => n > 20), `the logo at the top of every page: ${logo.join(",")}`);

  // The control: the same page without its @font-face rules draws .notdef boxes on this machine.
  const bare = readFileSync(`${base}.html`, "utf8").replace(/@font-face\{[^}]*\}/g, "");
  await htmlToPdf(bare, join(dir, "bare.pdf"), { header: "bare" });
  assert.ok(pdfGlyphIds(join(dir, "bare.pdf")).some((g) => g === 0), "control: without the embedded fonts, Japanese is .notdef");
});

test("a notebook's PDF embeds the font too: Japanese title in the footer, Japanese text, no .notdef", async (t) => {
  process.env["FONTCONFIG_FILE"] = noCjkFontconfig();
  t.after(() => delete process.env["FONTCONFIG_FILE"]);
  const title = "速度の比較ノート";
  const html = notebookHtml(
    { nbformat: 4, nbformat_minor: 5, metadata: {}, cells: [{ cell_type: "markdown", metadata: {}, source: `# ${title}\n\n${JA_ANSWER}` }, { cell_type: "code", metadata: {}, source: `show("${JA_PROMPT}")`, outputs: [{ output_type: "stream", name: "stdout", text: JA_PROMPT }], execution_count: 1 }] },
    { title, footer: "nb" },
  );
  const pdf = join(tempDir(), "nb.pdf");
  await htmlToPdf(html, pdf, { header: title });
  assert.ok(pdfFonts(pdf).some((f) => f.name.startsWith("NotoSansJP") && f.embedded), pdfFonts(pdf).map((f) => f.name).join(", "));
  assert.equal(pdfGlyphIds(pdf).filter((g) => g === 0).length, 0, "no .notdef glyph");
  const text = execFileSync("pdftotext", [pdf, "-"], { encoding: "utf8" });
  assert.ok(text.includes(JA_ANSWER) && text.includes(JA_PROMPT), "text comes back exactly");
  assert.equal(text.split(title).length - 1, 2, "the title as heading and in the footer");
});
