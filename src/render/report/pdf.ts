/**
 * PDF from the report's HTML with puppeteer-core and a Chromium already on the machine (Debian's `chromium`, Chrome or
 * Chromium on a Mac): A4, a header with the run id and the manifest hash, page numbers in the footer. Every request
 * the page would make is refused, so the PDF is rendered offline exactly as the HTML opens offline.
 */
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

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

export async function htmlToPdf(html: string, path: string, options: { header: string; executablePath?: string }): Promise<void> {
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
    await page.setContent(html, { waitUntil: "load" });
    const small = "font-size:7.5px;color:#5b6678;width:100%;padding:0 14mm;font-family:sans-serif;display:flex;justify-content:space-between;";
    await page.pdf({
      path,
      format: "A4",
      printBackground: true,
      displayHeaderFooter: true,
      preferCSSPageSize: true,
      headerTemplate: `<div style="${small}"><span>${escapeHtml(options.header)}</span><span class="date"></span></div>`,
      footerTemplate: `<div style="${small}"><span>trialbook</span><span>page <span class="pageNumber"></span> of <span class="totalPages"></span></span></div>`,
    });
  } finally {
    await browser.close();
    rmSync(profile, { recursive: true, force: true });
  }
}
