/**
 * Reports from fixed fixture runs: golden Markdown, vega-lite specs and HTML; a real PDF turned into page images and
 * checked for pages and drawn charts; the HTML opened with every request refused; model output and experiment
 * strings shown as text in all three formats.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { cpSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { fromMarkdown } from "mdast-util-from-markdown";
import { gfmFromMarkdown } from "mdast-util-gfm";
import { gfm } from "micromark-extension-gfm";
import { writeReport } from "../../src/render/report/write.js";
import { findChromium } from "../../src/render/report/pdf.js";
import { tempDir } from "../helpers/experiments.js";
import { cli } from "../helpers/cli.js";
import { assertGolden } from "../helpers/golden.js";

const golden = fileURLToPath(new URL("../fixtures/runs/golden", import.meta.url));
const out = fileURLToPath(new URL("../output/report", import.meta.url));
const AT = "2026-01-02T03:04:05.000Z";

/** A second run of the fixture, 20% slower, for the run-over-run report. */
function slowerCopy(): string {
  const dir = join(tempDir(), "20260201-000000-slow");
  cpSync(golden, dir, { recursive: true });
  const m = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8")) as { run_id: string };
  m.run_id = "20260201-000000-slow";
  writeFileSync(join(dir, "manifest.json"), JSON.stringify(m, null, 2));
  const lines = readFileSync(join(dir, "trials.jsonl"), "utf8").trim().split("\n").map((l) => {
    const t = JSON.parse(l) as { chunks: Array<{ t_ms: number }>; ttft_ms: number | null; e2e_ms: number | null; ttft_answer_ms: number | null; end_ms: number | null; server: { timings?: { predicted_per_second: number } } | null };
    const s = (v: number | null) => (v === null ? null : v * 1.2);
    t.chunks = t.chunks.map((c) => ({ ...c, t_ms: c.t_ms * 1.2 }));
    Object.assign(t, { ttft_ms: s(t.ttft_ms), e2e_ms: s(t.e2e_ms), ttft_answer_ms: s(t.ttft_answer_ms), end_ms: s(t.end_ms) });
    if (t.server?.timings) t.server.timings.predicted_per_second /= 1.2;
    return JSON.stringify(t);
  });
  writeFileSync(join(dir, "trials.jsonl"), `${lines.join("\n")}\n`);
  return dir;
}

test("golden: Markdown, vega-lite specs and HTML of a fixture run", async () => {
  const dir = tempDir();
  const { base } = await writeReport([golden], { formats: ["md", "html"], out: dir, generatedAt: AT });
  assertGolden(join(out, "single.md"), readFileSync(`${base}.md`, "utf8"));
  // The embedded font files are checked in fonts.test.ts; the golden page keeps their @font-face rules, not their bytes.
  assertGolden(join(out, "single.html"), readFileSync(`${base}.html`, "utf8").replace(/data:font\/woff2;base64,[A-Za-z0-9+/=]+/g, "data:font/woff2;base64,…"));
  const charts = `${base}.charts`;
  for (const f of readdirSync(charts).filter((x) => x.endsWith(".vl.json")).sort()) assertGolden(join(out, "specs", f), readFileSync(join(charts, f), "utf8"));
});

test("golden: a two-run comparison report", async () => {
  const dir = tempDir();
  const { base } = await writeReport([golden, slowerCopy()], { formats: ["md"], out: dir, generatedAt: AT });
  const md = readFileSync(`${base}.md`, "utf8");
  assertGolden(join(out, "comparison.md"), md);
  assert.match(md, /Run over run/);
  assertGolden(join(out, "specs", "comparison-run-comparison.vl.json"), readFileSync(join(`${base}.charts`, "run-comparison.vl.json"), "utf8"));
});

test("the HTML needs no network: opened with every request refused, it shows every chart", async () => {
  const dir = tempDir();
  const { base } = await writeReport([golden, slowerCopy()], { formats: ["html", "md"], out: dir, generatedAt: AT });
  const html = readFileSync(`${base}.html`, "utf8");
  assert.doesNotMatch(html, /<script|<link|<iframe|(src|href)=["']?https?:/i);
  const chartCount = readdirSync(`${base}.charts`).filter((f) => f.endsWith(".svg")).length;
  const puppeteer = await import("puppeteer-core");
  const executablePath = findChromium();
  assert.ok(executablePath, "a Chromium is installed (.ci/run installs Debian's chromium)");
  const browser = await puppeteer.launch({ executablePath, headless: true, args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking"] });
  try {
    const page = await browser.newPage();
    await page.setRequestInterception(true);
    const requests: string[] = [];
    page.on("request", (r) => {
      if (!r.url().startsWith("data:") && !r.url().startsWith("file:")) requests.push(r.url());
      void r.abort();
    });
    await page.goto(`file://${base}.html`, { waitUntil: "load" }).catch(() => undefined);
    await page.setContent(html, { waitUntil: "load" });
    assert.deepEqual(requests, []);
    const drawn = await page.$$eval("figure.chart svg", (svgs) => svgs.map((s) => s.getBoundingClientRect().height));
    assert.equal(drawn.length, chartCount);
    assert.ok(drawn.every((h) => h > 50), `chart heights ${drawn.join(", ")}`);
  } finally {
    await browser.close();
  }
});

/** Pixels close to a colour, per page, from pdftoppm's PPM output. */
function colourPixels(ppm: Buffer, rgb: [number, number, number], tolerance = 24): number {
  const header = ppm.subarray(0, 64).toString("latin1").split(/\s+/);
  const [w, h] = [Number(header[1]), Number(header[2])];
  const start = ppm.length - w * h * 3;
  let n = 0;
  for (let i = start; i < ppm.length; i += 3) {
    if (Math.abs((ppm[i] ?? 0) - rgb[0]) + Math.abs((ppm[i + 1] ?? 0) - rgb[1]) + Math.abs((ppm[i + 2] ?? 0) - rgb[2]) < tolerance) n++;
  }
  return n;
}

test("PDF: A4 pages with header, page numbers and drawn charts", async () => {
  const dir = tempDir();
  const { base } = await writeReport([golden], { formats: ["pdf"], out: dir, generatedAt: AT });
  const info = execFileSync("pdfinfo", [`${base}.pdf`], { encoding: "utf8" });
  const pages = Number(/Pages:\s+(\d+)/.exec(info)?.[1]);
  // Sections follow each other instead of each opening a page (this fixture took 10 pages that way); a chart's
  // heading, drawing and axis stay on one page.
  assert.ok(pages >= 3 && pages <= 6, `${pages} pages`);
  const onPage = (p: number) => execFileSync("pdftotext", ["-f", String(p), "-l", String(p), `${base}.pdf`, "-"], { encoding: "utf8" }).split("\n");
  const byPage = Array.from({ length: pages }, (_, i) => onPage(i + 1));
  assert.ok(byPage.some((lines) => lines.includes("Summary") && lines.includes("Methodology")), "two sections share a page");
  const decode = byPage.findIndex((lines) => lines.includes("Decode speed"));
  assert.ok(decode >= 0 && byPage[decode]?.includes("decode tokens/s"), "the decode chart stands on its heading's page");
  assert.match(info, /Page size:\s+59[45](\.\d+)? x 84[12](\.\d+)? pts \(A4\)/);
  const textOut = execFileSync("pdftotext", ["-layout", `${base}.pdf`, "-"], { encoding: "utf8" });
  assert.match(textOut, /20260101-000000-gold manifest sha256 [0-9a-f]{16}/);
  assert.match(textOut, new RegExp(`page 1 of ${pages}\\b`));
  execFileSync("pdftoppm", ["-r", "40", `${base}.pdf`, join(dir, "page")]);
  const ppms = readdirSync(dir).filter((f) => f.startsWith("page") && f.endsWith(".ppm")).sort();
  assert.equal(ppms.length, pages);
  const blue = ppms.map((f) => colourPixels(readFileSync(join(dir, f)), [0x4c, 0x78, 0xa8]));
  const orange = ppms.map((f) => colourPixels(readFileSync(join(dir, f)), [0xf5, 0x85, 0x18]));
  assert.ok(Math.max(...blue) > 150, `server decode bars and TTFT boxes drawn: ${blue.join(",")}`);
  assert.ok(Math.max(...orange) > 150, `trialbook decode bars drawn: ${orange.join(",")}`);
});

test("model output and experiment strings are text, never markup, in Markdown, HTML and PDF", async () => {
  const dir = join(tempDir(), "20260301-000000-evil");
  cpSync(golden, dir, { recursive: true });
  const evil = `<script>alert("x")</script><img src=x onerror=alert(1)> **bold** [link](javascript:alert(1)) \`\`\` fence`;
  const trials = readFileSync(join(dir, "trials.jsonl"), "utf8").trim().split("\n").map((l) => {
    const t = JSON.parse(l) as { output: string | null; error: { message: string } | null };
    if (t.output !== null) t.output = evil;
    if (t.error) t.error.message = `<svg onload=alert(2)> ${evil}`;
    return JSON.stringify(t);
  });
  writeFileSync(join(dir, "trials.jsonl"), `${trials.join("\n")}\n`);
  const exp = readFileSync(join(dir, "experiment.yaml"), "utf8").replace("Explain AI for Science in detail.", JSON.stringify(`<b>prompt</b> ${evil}`));
  writeFileSync(join(dir, "experiment.yaml"), exp);
  const m = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8")) as Record<string, unknown>;
  m["description"] = `<h1>title</h1> ${evil}`;
  m["report"] = { client: "<i>ACME</i> & Co", title: "<b>Report</b>" };
  writeFileSync(join(dir, "manifest.json"), JSON.stringify(m));
  const { base } = await writeReport([dir], { formats: ["md", "html", "pdf"], out: tempDir(), generatedAt: AT });

  const html = readFileSync(`${base}.html`, "utf8");
  assert.doesNotMatch(html, /<script|<img|<svg onload|<b>|<i>|<h1>title/i);
  assert.match(html, /&#x3C;script>alert\("x"\)&#x3C;\/script>/);

  const md = readFileSync(`${base}.md`, "utf8");
  const tree = fromMarkdown(md, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] });
  const kinds = new Set<string>();
  const texts: string[] = [];
  const walk = (n: { type: string; value?: string; url?: string; children?: unknown[] }) => {
    kinds.add(n.type);
    if (n.type === "link") assert.doesNotMatch(String(n.url), /^javascript:/);
    if (typeof n.value === "string") texts.push(n.value);
    for (const c of n.children ?? []) walk(c as never);
  };
  walk(tree as never);
  assert.ok(!kinds.has("html"), "no raw HTML node in the Markdown");
  assert.ok(texts.some((t) => t.includes('<script>alert("x")</script>')), "the answer survives as text");
  assert.ok(texts.some((t) => t.includes("<b>prompt</b>")), "the prompt survives as text");

  const pdfText = execFileSync("pdftotext", [`${base}.pdf`, "-"], { encoding: "utf8" });
  assert.match(pdfText, /<script>alert\("x"\)<\/script>/);
  assert.match(pdfText, /<i>ACME<\/i> & Co/);
});

test("trialbook report: formats and destination; an unknown format exits 2", () => {
  const dir = tempDir();
  const r = cli(["report", golden, "--format", "md,html", "--out", dir]);
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(r.stdout.trim().split("\n").map((f) => f.split("/").pop()), ["20260101-000000-gold.md", "20260101-000000-gold.html"]);
  const bad = cli(["report", golden, "--format", "docx"]);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /allowed: html, pdf, md/);
});
