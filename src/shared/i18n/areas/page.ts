/** Words of the page around the report: the HTML document's language tag. */
import type { Area } from "../types.js";

const en = {
  /** BCP 47 tag for `<html lang>`: lets the browser pick the right glyphs (Japanese, not Chinese, forms of kanji). */
  htmlLang: "en",
};

export const page: Area<typeof en> = {
  en,
  ja: {
    htmlLang: "ja",
  },
};
