/** Groups trials into cells — variant × prompt × concurrency level — the unit every statistic is computed over. */
import type { Trial } from "../store/trial.js";

export interface CellKey {
  variant: string;
  prompt: string;
  concurrency: number;
  /** Open-loop levels: the offered rate (req/s); absent for closed-loop concurrency levels. */
  rate?: number;
  /** Open-loop levels: `<arrivals>@<rate>`, from the trial key. */
  level?: string;
}

export interface Cell extends CellKey {
  /** Measured trials: not warm-ups, errors included. */
  trials: Trial[];
  warmups: number;
}

export const cellId = (k: CellKey): string => `${k.variant}\u0000${k.prompt}\u0000${k.concurrency}${k.rate === undefined ? "" : `\u0000${k.level ?? k.rate}`}`;

/**
 * Cells by variant and prompt in the order their first trial appears, each group's closed-loop levels by concurrency,
 * then its open-loop levels by rate: the order every table, chart and comparison reads them in.
 */
export function cellsOf(trials: readonly Trial[]): Cell[] {
  const cells = new Map<string, Cell>();
  const warm = new Map<string, number>();
  for (const t of trials) {
    const key: CellKey = { variant: t.variant, prompt: t.prompt, concurrency: t.concurrency };
    if (t.rate !== undefined) Object.assign(key, { rate: t.rate, level: t.trial.split("/")[2] ?? `@${t.rate}` });
    // context-depth levels above 0 are analysed apart (depth.ts); conversations' turns per turn (sessions.ts), not as a
    // concurrency level
    if (t.not_sent || (t.depth ?? 0) > 0 || t.turn !== undefined) continue;
    if (t.warmup) {
      const id = `${t.variant}\u0000${t.prompt}`;
      warm.set(id, (warm.get(id) ?? 0) + 1);
      continue;
    }
    const id = cellId(key);
    let cell = cells.get(id);
    if (!cell) cells.set(id, (cell = { ...key, trials: [], warmups: 0 }));
    cell.trials.push(t);
  }
  for (const cell of cells.values()) cell.warmups = cell.concurrency === 1 && cell.rate === undefined ? (warm.get(`${cell.variant}\u0000${cell.prompt}`) ?? 0) : 0;
  return inRateOrder([...cells.values()]);
}

/**
 * Groups (variant, prompt) as they first appear; within one, closed-loop levels by concurrency, then open-loop levels
 * from the lowest rate (a search runs its refining rates after the coarse ones). The sort is stable: two arrival shapes
 * at one rate keep the plan's order.
 */
function inRateOrder(cells: Cell[]): Cell[] {
  const group = (c: Cell) => `${c.variant}\u0000${c.prompt}`;
  const first = new Map<string, number>();
  cells.forEach((c, i) => {
    if (!first.has(group(c))) first.set(group(c), i);
  });
  const open = (c: Cell) => (c.rate === undefined ? 0 : 1);
  return cells.sort((a, b) => (first.get(group(a)) ?? 0) - (first.get(group(b)) ?? 0) || open(a) - open(b) || (a.rate ?? a.concurrency) - (b.rate ?? b.concurrency));
}

/** Trials of one variant and prompt, by level (a rate, a users count, a depth …). */
export interface LevelledCell<K> {
  variant: string;
  prompt: string;
  levels: Map<K, Trial[]>;
}

/**
 * Trials by variant and prompt, then by the level `levelOf` names (null leaves a trial out), cells and levels in the
 * order their first trial appears.
 */
export function byLevel<K>(trials: readonly Trial[], levelOf: (t: Trial) => K | null): LevelledCell<K>[] {
  const cells = new Map<string, LevelledCell<K>>();
  for (const t of trials) {
    const level = levelOf(t);
    if (level === null) continue;
    const id = `${t.variant}\u0000${t.prompt}`;
    let cell = cells.get(id);
    if (!cell) cells.set(id, (cell = { variant: t.variant, prompt: t.prompt, levels: new Map() }));
    const list = cell.levels.get(level);
    if (list) list.push(t);
    else cell.levels.set(level, [t]);
  }
  return [...cells.values()];
}
