/**
 * Load levels as charts name them (they come in the summary's order: `cellsOf`). A closed-loop level is its concurrency
 * ("c2"); an open-loop level is its offered rate ("4 req/s", with the arrival shape when a chart holds levels of two
 * shapes) — never its `concurrency`, which there is only the cap on requests in flight, shared by every rate of a sweep.
 */
import { messages } from "../../shared/i18n/catalogue.js";
import type { Language } from "../../shared/i18n/types.js";
import { plainNumber } from "../capacity-text.js";

/** What names a level: the concurrency, and for open-loop levels the rate and `<arrivals>@<rate>`. */
export interface Levelled {
  concurrency: number;
  rate?: number | undefined;
  level?: string | undefined;
}

/** One key per level: `c2` for a closed-loop level, `poisson@4` for an open-loop one. */
export const levelKey = (r: Levelled): string => (r.rate === undefined ? `c${r.concurrency}` : (r.level ?? `@${r.rate}`));

const arrivalsOf = (r: Levelled): string => (r.level ?? "").split("@")[0] ?? "";

/** A level's name in charts, for a set of levels: the arrival shape is named only when the set holds two. */
export function levelNamer(levels: readonly Levelled[], lang: Language): (r: Levelled) => string {
  const open = levels.filter((l) => l.rate !== undefined);
  const shapes = new Set(open.map(arrivalsOf)).size > 1;
  const rateLevel = messages(lang).charts.rateLevel;
  return (r) => (r.rate === undefined ? `c${r.concurrency}` : `${rateLevel(plainNumber(r.rate, lang))}${shapes ? ` (${arrivalsOf(r)})` : ""}`);
}

/** The number a level is ordered by within its kind: the concurrency, or the offered rate. */
export const levelOrder = (r: Levelled): number => r.rate ?? r.concurrency;
