/**
 * Young-generation collections in the gaps of an open-loop schedule. V8 collects the young generation when it is full,
 * whatever is due then; a collection (1–3 ms on the build machine, each one copying what is still live) that starts
 * just before a due time makes that send late by the rest of it. The scheduler calls {@link YoungGc.collectIfDue}
 * between sends with the time left before the next one: once the young generation is more than `share` full and the
 * gap is long enough, it is collected there, so V8 rarely has to collect it in the middle of a send.
 *
 * Measured at 100 req/s on the build machine (levels of 1,000 requests, with and without, eight pairs): sends more
 * than 1 ms late fell from 16–33 to 8–18 per level, those while a collection ran from 8–15 to 1–6, and the p99 send
 * lateness from 1.25–3.2 ms (median 1.8) to 0.46–3.8 ms (median 1.2); the rest is mostly the machine's own stalls.
 *
 * The collection is V8's own, through the `gc` function V8 installs in new contexts once `--expose-gc` is set (as
 * jest's leak detector gets it). Where it cannot be had, nothing is collected ahead and V8 collects as it always does.
 */
import v8 from "node:v8";
import vm from "node:vm";

type Collect = (options: { type: "minor" }) => void;
let collect: Collect | null | undefined;

function collector(): Collect | null {
  if (collect !== undefined) return collect;
  try {
    v8.setFlagsFromString("--expose-gc");
    const fn: unknown = vm.runInNewContext("gc");
    collect = typeof fn === "function" ? (fn as Collect) : null;
  } catch {
    collect = null;
  }
  return collect;
}

/**
 * The free time (ms) before the next send that a collection ahead needs: three typical collections, at least 3 ms
 * and at most 8 ms (so that the 10 ms between sends at 100 req/s always serve; a longer collection ahead would not be
 * shorter if V8 ran it on its own).
 */
const MIN_GAP_MS = 3;
const MAX_GAP_MS = 8;
const GAP_PER_COLLECTION = 3;
/** How many of the last collections ahead the typical one is the median of. */
const RECENT = 5;

export class YoungGc {
  /** Collections run ahead so far. */
  collections = 0;
  /**
   * How long the last few took (ms): their median is the typical collection. A running average was held up by one
   * collection the machine stalled in (20 ms at a cold start), and then no gap of a constant 100 req/s was long enough
   * for another: the collections ahead stopped for the whole level.
   */
  private readonly recent: number[] = [1];
  private readonly collect: Collect | null;

  /** `share`: how full the young generation must be before it is collected ahead (0 = whenever the gap allows). */
  constructor(private readonly share = 0.5) {
    this.collect = collector();
  }

  /** Whether collections ahead can be run in this process. */
  get available(): boolean {
    return this.collect !== null;
  }

  /** The free time (ms) before the next send that a collection ahead needs. */
  get gapMs(): number {
    const sorted = [...this.recent].sort((a, b) => a - b);
    const typical = sorted[Math.floor(sorted.length / 2)] ?? 1;
    return Math.min(MAX_GAP_MS, Math.max(MIN_GAP_MS, GAP_PER_COLLECTION * typical));
  }

  /** Collects the young generation now if it is more than `share` full and `gap` ms are free; says whether it did. */
  collectIfDue(gap: number): boolean {
    if (this.collect === null || !(gap >= this.gapMs)) return false;
    if (this.share > 0) {
      const young = v8.getHeapSpaceStatistics().find((s) => s.space_name === "new_space");
      if (!young) return false;
      const capacity = young.space_used_size + young.space_available_size;
      if (capacity <= 0 || young.space_used_size < this.share * capacity) return false;
    }
    const t = performance.now();
    this.collect({ type: "minor" });
    this.recent.push(performance.now() - t);
    if (this.recent.length > RECENT) this.recent.shift();
    this.collections++;
    return true;
  }
}
