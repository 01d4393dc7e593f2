/**
 * The message catalogue: every area, by name. Adding an area is one file in `areas/` and one entry here. Callers take
 * the messages of one language with {@link messages} and format numbers and dates with {@link formatters}.
 */
import type { Language } from "./types.js";
import { common } from "./areas/common.js";
import { capacity } from "./areas/capacity.js";
import { title } from "./areas/title.js";
import { executive } from "./areas/executive.js";
import { summary } from "./areas/summary.js";
import { wording } from "./areas/wording.js";
import { methodology } from "./areas/methodology.js";
import { metricLabels, metricDefinitions } from "./areas/definitions.js";
import { results } from "./areas/results.js";
import { charts } from "./areas/charts.js";
import { errors } from "./areas/errors.js";
import { appendix } from "./areas/appendix.js";
import { verdict } from "./areas/verdict.js";
import { cli } from "./areas/cli.js";
import { page } from "./areas/page.js";
import { gate } from "./areas/gate.js";
import { init } from "./areas/init.js";
import { fidelity } from "./areas/fidelity.js";
import { flags } from "./areas/flags.js";
import { notebooks } from "./areas/notebooks.js";
import { sources } from "./areas/sources.js";
import { depth } from "./areas/depth.js";
import { workers } from "./areas/workers.js";
import { sessions } from "./areas/sessions.js";

export const CATALOGUE = {
  common,
  title,
  executive,
  summary,
  wording,
  methodology,
  metricLabels,
  metricDefinitions,
  results,
  charts,
  errors,
  appendix,
  verdict,
  cli,
  page,
  gate,
  init,
  capacity,
  fidelity,
  flags,
  notebooks,
  sources,
  depth,
  workers,
  sessions,
};

export type Catalogue = { [K in keyof typeof CATALOGUE]: (typeof CATALOGUE)[K]["en"] };
export type AreaName = keyof Catalogue;

const cached = new Map<Language, Catalogue>();

/** The messages of one language, by area: `messages("ja").common.ms`. */
export function messages(lang: Language = "en"): Catalogue {
  let c = cached.get(lang);
  if (!c) cached.set(lang, (c = Object.fromEntries(Object.entries(CATALOGUE).map(([k, area]) => [k, area[lang]])) as Catalogue));
  return c;
}

const LOCALES: Record<Language, string> = { en: "en-GB", ja: "ja-JP" };

/** Numbers, dates and times for a language, through Intl. A missing or non-finite number is shown as "–". */
export function formatters(lang: Language) {
  const locale = LOCALES[lang];
  const cache = new Map<number, Intl.NumberFormat>();
  const num = (x: number | null | undefined, digits = 1): string => {
    if (x === null || x === undefined || !Number.isFinite(x)) return "–";
    let f = cache.get(digits);
    if (!f) cache.set(digits, (f = new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits })));
    return f.format(x);
  };
  const date = new Intl.DateTimeFormat(locale, { dateStyle: "long", timeStyle: "short", timeZone: "UTC" });
  const day = new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeZone: "UTC" });
  const percent = new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 0 });
  return {
    locale,
    num,
    int: (x: number | null | undefined) => num(x, 0),
    /** 0.62 → "62%". */
    pct: (x: number | null | undefined) => (x === null || x === undefined || !Number.isFinite(x) ? "–" : percent.format(x)),
    dateTime: (d: Date) => `${date.format(d)} UTC`,
    date: (d: Date) => day.format(d),
  };
}
export type Formatters = ReturnType<typeof formatters>;

/** A language's messages and formatters together, as report sections use them. */
export interface Words {
  lang: Language;
  t: Catalogue;
  f: Formatters;
}
const wordsCache = new Map<Language, Words>();
export function words(lang: Language = "en"): Words {
  let w = wordsCache.get(lang);
  if (!w) wordsCache.set(lang, (w = { lang, t: messages(lang), f: formatters(lang) }));
  return w;
}
