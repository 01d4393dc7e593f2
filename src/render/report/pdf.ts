/**
 * PDF from the report's HTML with puppeteer-core and a Chromium already on the machine (Debian's `chromium`, Chrome or
 * Chromium on a Mac): A4; on every page a header with the letterhead (logo, client · project · author, the
 * confidentiality line) and a footer with the run ids and manifest hashes and the page number. Header and footer
 * embed the font for their own characters (Chromium draws them apart from the page, without its @font-face rules).
 * Every request the page would make is refused, so the PDF is rendered offline exactly as the HTML opens offline.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FONT_FAMILY, fontFaceCss } from "../fonts/noto-sans-jp.js";
import type { Letterhead } from "./letterhead.js";
import { messages } from "../../shared/i18n/catalogue.js";
import type { Language } from "../../shared/i18n/types.js";

const CANDIDATES = [
  "/usr/bin/chromium",
  "/usr/bin/chromium-browser",
  "/usr/bin/google-chrome",
  "/usr/bin/google-chrome-stable",
  "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
  "/Applications/Chromium.app/Contents/MacOS/Chromium",
];

/** The browser to print with: `executablePath`, else $TRIALBOOK_CHROMIUM or $PUPPETEER_EXECUTABLE_PATH, else a known install. */
export function findChromium(env: Readonly<Record<string, string | undefined>> = process.env): string | null {
  const given = env["TRIALBOOK_CHROMIUM"] ?? env["PUPPETEER_EXECUTABLE_PATH"];
  if (given) return given;
  return CANDIDATES.find((p) => existsSync(p)) ?? null;
}

export class NoBrowserError extends Error {
  constructor() {
    super("no Chromium or Chrome found for PDF output: install one (Debian: apt-get install chromium) or set TRIALBOOK_CHROMIUM to its path");
    this.name = "NoBrowserError";
  }
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export interface PdfOptions {
  /** What the pages show at the foot, left: the run ids and manifest hashes, or a notebook's title. */
  header: string;
  letterhead?: Letterhead;
  /** The language of the page numbers ("page 3 of 6", "3 / 6 ページ"); without it they read "3 / 6". */
  lang?: Language;
  executablePath?: string;
}

const ROW = `font-family:'${FONT_FAMILY}',sans-serif;font-size:8.5px;color:#5b6678;width:100%;padding:0 14mm;display:flex;align-items:center;justify-content:space-between;gap:4mm;`;

/** Chromium's header and footer templates for these options; each carries the @font-face rules for its own text. */
export function pageTemplates(options: Pick<PdfOptions, "header" | "letterhead" | "lang">): { headerTemplate: string; footerTemplate: string; templateText: string } {
  const l = options.letterhead ?? { parties: [] };
  const logo = l.logo ? `<img src="${l.logo}" alt="" style="height:8mm;max-width:40mm;object-fit:contain;">` : "";
  const parties = escapeHtml(l.parties.join(" · "));
  const confidential = l.confidential ? `<span style="color:#a3262a;font-weight:700;">${escapeHtml(l.confidential)}</span>` : "<span></span>";
  const withFonts = (body: string, text: string) => {
    const css = fontFaceCss(text);
    return `${css ? `<style>${css}</style>` : ""}${body}`;
  };
  const headerText = [l.parties.join(" · "), l.confidential ?? ""].join(" ");
  const pageOf = (page: string, total: string) => (options.lang ? messages(options.lang).page.pageOf(page, total) : `${page} / ${total}`);
  const pageNumbers = pageOf('<span class="pageNumber"></span>', '<span class="totalPages"></span>');
  const footerText = `${options.header} ${pageOf("0123456789", "0123456789")}`;
  return {
    templateText: `${headerText} ${footerText}`,
    headerTemplate: withFonts(`<div style="${ROW}"><span style="display:flex;align-items:center;gap:3mm;">${logo}<span>${parties}</span></span>${confidential}</div>`, headerText),
    footerTemplate: withFonts(
      `<div style="${ROW}"><span>${escapeHtml(options.header)}</span><span style="white-space:nowrap;">${pageNumbers}</span></div>`,
      footerText,
    ),
  };
}

/**
 * Chromium draws the header and footer at print time without waiting for their fonts; it uses a font file only if
 * the page has already loaded it. So the page lays the templates' text out once, invisibly, in both weights, and
 * puppeteer's page.pdf() waits for those fonts before printing.
 */
function withTemplateFonts(html: string, text: string): string {
  const css = fontFaceCss(text);
  const span = (weight: number) => `<span style="font-weight:${weight}">${escapeHtml(text)}</span>`;
  const warmUp = `${css ? `<style>${css}</style>` : ""}<div aria-hidden="true" style="visibility:hidden;position:absolute;top:0;left:0;width:1px;height:0;overflow:hidden;">${span(400)}${span(700)}</div>`;
  const at = html.lastIndexOf("</body>");
  return at < 0 ? html + warmUp : html.slice(0, at) + warmUp + html.slice(at);
}

export async function htmlToPdf(html: string, path: string, options: PdfOptions): Promise<void> {
  const executablePath = options.executablePath ?? findChromium();
  if (!executablePath) throw new NoBrowserError();
  const puppeteer = await import("puppeteer-core");
  const profile = mkdtempSync(join(tmpdir(), "trialbook-chromium-"));
  const browser = await puppeteer.launch({
    executablePath,
    headless: true,
    userDataDir: profile,
    args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage"],
  });
  try {
    const page = await browser.newPage();
    await page.setJavaScriptEnabled(false);
    await page.setRequestInterception(true);
    page.on("request", (r) => void (r.url().startsWith("data:") ? r.continue() : r.abort()));
    const { headerTemplate, footerTemplate, templateText } = pageTemplates(options);
    // Lay the page out for print from the start, so the fonts that print needs are loading when page.pdf() waits for them.
    await page.emulateMediaType("print");
    await page.setContent(withTemplateFonts(html, templateText), { waitUntil: "load" });
    await page.pdf({ path, format: "A4", printBackground: true, displayHeaderFooter: true, preferCSSPageSize: true, headerTemplate, footerTemplate });
  } finally {
    await browser.close();
    rmSync(profile, { recursive: true, force: true });
  }
}
