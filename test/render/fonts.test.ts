/**
 * Fonts that travel (#13): reports and notebooks embed exactly the Noto Sans JP range files their characters need,
 * an English report carries only the Latin files, and the HTML opened offline in Chromium on a machine with no CJK
 * font draws Japanese with the embedded face (different kanji give different pictures; without the embedded face
 * they are the same empty box).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { writeReport } from "../../src/render/report/write.js";
import { findChromium } from "../../src/render/report/pdf.js";
import { codePoints, fontFaceCss, neededFiles, parseFontCss } from "../../src/render/fonts/noto-sans-jp.js";
import { notebookHtml } from "../../src/notebook/render.js";
import { tempDir } from "../helpers/experiments.js";
import { golden, japaneseRun, JA_ANSWER, JA_PROMPT, JA_REPORT } from "./japanese-run.js";
import { japaneseFonts, noCjkFontconfig } from "./no-cjk-fonts.js";

const AT = "2026-01-02T03:04:05.000Z";
const FONT_PACKAGE_CSS = (w: 400 | 700) => readFileSync(new URL(import.meta.resolve(`@fontsource/noto-sans-jp/${w}.css`)), "utf8");

/** The package files a page embeds, found from the unicode-range of each of its @font-face rules. */
function embeddedFiles(html: string): string[] {
  const all = [...parseFontCss(FONT_PACKAGE_CSS(400), 400), ...parseFontCss(FONT_PACKAGE_CSS(700), 700)];
  return [...html.matchAll(/@font-face\{[^}]*font-weight:(\d+);[^}]*unicode-range:([^}]+)\}/g)].map(([, w, range]) => {
    const f = all.find((x) => String(x.weight) === w && x.unicodeRange === range);
    assert.ok(f, `an embedded face with range ${range?.slice(0, 40)} is one of the package's files`);
    return f.file;
  });
}

const fontBytes = (html: string) => [...html.matchAll(/data:font\/woff2;base64,([A-Za-z0-9+/=]+)/g)].reduce((n, m) => n + (m[1]?.length ?? 0), 0);

test("the range files chosen cover every character, and only those the text needs", () => {
  const text = JA_PROMPT + JA_ANSWER + JA_REPORT.client + JA_REPORT.confidential;
  const files = neededFiles(codePoints(text), [400]);
  for (const cp of codePoints(text)) {
    assert.ok(files.some((f) => f.ranges.some(([lo, hi]) => cp >= lo && cp <= hi)), `U+${cp.toString(16)} ${String.fromCodePoint(cp)} is covered`);
  }
  const names = files.map((f) => f.file);
  assert.ok(names.includes("noto-sans-jp-latin-400-normal.woff2"), "Latin letters come from the Latin file");
  assert.ok(names.includes("noto-sans-jp-119-400-normal.woff2"), "kana come from the kana file");
  assert.ok(names.length < 30, `${names.length} of the package's ${parseFontCss(FONT_PACKAGE_CSS(400), 400).length} files`);
  // Overlaps go to the rule declared last (as browsers do): a space is Latin, not the kana file that also lists it.
  assert.deepEqual(neededFiles(new Set([0x20]), [400]).map((f) => f.file), ["noto-sans-jp-latin-400-normal.woff2"]);
  assert.deepEqual(neededFiles(codePoints("Hello, 1.35× faster"), [400, 700]).map((f) => f.file), ["noto-sans-jp-latin-400-normal.woff2", "noto-sans-jp-latin-700-normal.woff2"]);
  assert.equal(fontFaceCss(""), "");
  assert.deepEqual([...codePoints("&#x3042;&#12356;")].filter((c) => c > 0x3000), [0x3042, 0x3044], "character references count as their characters");
});

test("an English report embeds the Latin files (and a used symbol's file), never kana or kanji, and stays small; a Japanese one embeds the kana and kanji it uses", async () => {
  const en = await writeReport([golden], { formats: ["html"], out: tempDir(), generatedAt: AT });
  const enHtml = readFileSync(`${en.base}.html`, "utf8");
  const enFiles = embeddedFiles(enHtml);
  assert.ok(enFiles.length >= 2, "regular and bold");
  assert.ok(enFiles.includes("noto-sans-jp-latin-400-normal.woff2") && enFiles.includes("noto-sans-jp-latin-700-normal.woff2"), enFiles.join(", "));
  // Besides Latin, only the file holding a symbol the text uses ("≤" lives in a numbered file); never the kana file.
  assert.ok(enFiles.length <= 6 && !enFiles.some((f) => f.includes("-119-")), enFiles.join(", "));
  assert.ok(fontBytes(enHtml) < 150_000, `English fonts: ${fontBytes(enHtml)} bytes of base64`);
  assert.match(enHtml, /font-src data:/, "the page's CSP lets data: fonts in, nothing else");

  const ja = await writeReport([japaneseRun()], { formats: ["html"], out: tempDir(), generatedAt: AT });
  const jaHtml = readFileSync(`${ja.base}.html`, "utf8");
  const jaFiles = embeddedFiles(jaHtml);
  assert.ok(jaFiles.includes("noto-sans-jp-119-400-normal.woff2"), "kana");
  assert.ok(jaFiles.length > enFiles.length && jaFiles.length < 80, `${jaFiles.length} files`);
  assert.ok(jaHtml.includes(JA_ANSWER) && jaHtml.includes(JA_PROMPT), "the Japanese text is in the page as text");
  assert.doesNotMatch(jaHtml, /url\((?!data:)/, "no font or image is fetched from anywhere");
});

test("notebook pages embed the fonts their text needs", () => {
  const html = notebookHtml(
    { nbformat: 4, nbformat_minor: 5, metadata: {}, cells: [{ cell_type: "markdown", metadata: {}, source: `# 速度の比較\n\n${JA_ANSWER}` }] },
    { title: "速度の比較", footer: "nb" },
  );
  const files = embeddedFiles(html);
  assert.ok(files.includes("noto-sans-jp-119-400-normal.woff2") && files.includes("noto-sans-jp-latin-700-normal.woff2"), files.join(", "));
  assert.ok(files.length < 60, `${files.length} files`);
});

test("offline, with no CJK font on the machine, the HTML draws Japanese with the embedded face", async () => {
  const fontconfig = noCjkFontconfig();
  assert.deepEqual(japaneseFonts(fontconfig), [], "precondition: the test's fontconfig has no Japanese font");
  const { base } = await writeReport([japaneseRun()], { formats: ["html"], out: tempDir(), generatedAt: AT });
  const puppeteer = await import("puppeteer-core");
  const executablePath = findChromium();
  assert.ok(executablePath, "a Chromium is installed (scripts/setup-system.sh installs Debian's chromium)");
  const browser = await puppeteer.launch({ executablePath, headless: true, env: { ...process.env, FONTCONFIG_FILE: fontconfig }, args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking"] });
  try {
    const page = await browser.newPage();
    await page.setRequestInterception(true);
    const requests: string[] = [];
    page.on("request", (r) => {
      if (!r.url().startsWith("data:") && r.url() !== `file://${base}.html`) requests.push(r.url());
      void (r.url().startsWith("data:") || r.url() === `file://${base}.html` ? r.continue() : r.abort());
    });
    await page.goto(`file://${base}.html`, { waitUntil: "load" });
    await page.evaluate("document.fonts.ready");
    assert.deepEqual(requests, [], "the page asks for nothing");
    const faces = (await page.evaluate("[...document.fonts].map((f) => `${f.family}:${f.status}`)")) as string[];
    assert.ok(faces.filter((f) => f === '"Noto Sans JP":loaded' || f === "Noto Sans JP:loaded").length >= 4, faces.join(" "));

    // Two different kanji, large, in the page's face and in the machine's own sans-serif.
    const shot = async (family: string, ch: string) => {
      const style = `position:fixed;top:0;left:0;z-index:9;background:#fff;color:#000;font:64px/1 ${family};padding:4px;`;
      await page.evaluate(`(() => {
        document.getElementById("probe")?.remove();
        const d = document.createElement("div");
        d.id = "probe";
        d.textContent = ${JSON.stringify(ch)};
        d.style.cssText = ${JSON.stringify(style)};
        document.body.append(d);
      })()`);
      await page.evaluate("document.fonts.ready");
      const el = await page.$("#probe");
      assert.ok(el);
      return Buffer.from(await el.screenshot());
    };
    const machineA = await shot("sans-serif", "解");
    const machineB = await shot("sans-serif", "説");
    assert.ok(machineA.equals(machineB), "control: without the embedded face, two different kanji draw the same empty box");
    const embeddedA = await shot('"Noto Sans JP", sans-serif', "解");
    const embeddedB = await shot('"Noto Sans JP", sans-serif', "説");
    assert.ok(!embeddedA.equals(embeddedB), "with the embedded face, they are different glyphs");
    assert.ok(!embeddedA.equals(machineA), "and not the empty box");
  } finally {
    await browser.close();
  }
});
