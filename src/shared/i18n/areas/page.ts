/**
 * Words of the page around the report: the HTML document's language tag and the PDF's header and footer (page numbers;
 * the arguments are the printer's placeholders, e.g. Chromium's `<span class="pageNumber"></span>`).
 */
import type { Area } from "../types.js";

const en = {
  /** BCP 47 tag for `<html lang>`: lets the browser pick the right glyphs (Japanese, not Chinese, forms of kanji). */
  htmlLang: "en",
  pageOf: (page: string, total: string) => `page ${page} of ${total}`,
  confidential: "Confidential",
};

export const page: Area<typeof en> = {
  en,
  ja: {
    htmlLang: "ja",
    pageOf: (page: string, total: string) => `${page} / ${total} ページ`,
    confidential: "社外秘",
  },
};
