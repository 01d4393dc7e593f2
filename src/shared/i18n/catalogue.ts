/**
 * The message catalogue: every area, by name. Adding an area is one file in `areas/` and one entry here. Callers take
 * the messages of one language with {@link messages} and format numbers and dates with {@link formatters}.
 */
import type { Language } from "./types.js";
import { common } from "./areas/common.js";
import { capacity } from "./areas/capacity.js";

export const CATALOGUE = {
  common,
  capacity,
};

export type Catalogue = { [K in keyof typeof CATALOGUE]: (typeof CATALOGUE)[K]["en"] };

/** The messages of one language, by area: `messages("ja").common.ms`. */
export function messages(lang: Language): Catalogue {
  return Object.fromEntries(Object.entries(CATALOGUE).map(([k, area]) => [k, area[lang]])) as Catalogue;
}

const LOCALES: Record<Language, string> = { en: "en-GB", ja: "ja-JP" };

/** Numbers, dates and times for a language, through Intl. */
export function formatters(lang: Language) {
  const locale = LOCALES[lang];
  const cache = new Map<number, Intl.NumberFormat>();
  const num = (x: number, digits = 1): string => {
    let f = cache.get(digits);
    if (!f) cache.set(digits, (f = new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits })));
    return f.format(x);
  };
  const date = new Intl.DateTimeFormat(locale, { dateStyle: "long", timeStyle: "short", timeZone: "UTC" });
  return { locale, num, int: (x: number) => num(x, 0), dateTime: (d: Date) => `${date.format(d)} UTC` };
}
export type Formatters = ReturnType<typeof formatters>;
