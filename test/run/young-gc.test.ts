/**
 * Young-generation collections ahead (src/run/young-gc.ts): V8's collector runs only when the gap before the next send
 * is long enough and the young generation is filling, and what runs is a real, forced scavenge (seen by a
 * PerformanceObserver as V8 reports it, not by the class's own count).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { PerformanceObserver, constants, type PerformanceEntry } from "node:perf_hooks";
import { setImmediate as turn } from "node:timers/promises";
import { YoungGc } from "../../src/run/young-gc.js";

interface GcDetail {
  kind: number;
  flags: number;
}

/** V8's collections while `fn` runs, as the performance timeline reports them. */
async function collectionsDuring(fn: () => void): Promise<GcDetail[]> {
  const seen: GcDetail[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries() as Array<PerformanceEntry & { detail?: GcDetail }>) if (e.detail) seen.push(e.detail);
  });
  observer.observe({ entryTypes: ["gc"] });
  fn();
  for (let i = 0; i < 20; i++) await turn(); // entries are delivered asynchronously
  observer.disconnect();
  return seen;
}

const forcedMinor = (d: GcDetail): boolean => d.kind === constants.NODE_PERFORMANCE_GC_MINOR && (d.flags & constants.NODE_PERFORMANCE_GC_FLAGS_FORCED) !== 0;

test("a collection ahead is a real forced scavenge, run only when the gap allows", async () => {
  const gc = new YoungGc(0);
  assert.equal(gc.available, true, "node exposes V8's collector through --expose-gc at run time");
  assert.ok(gc.gapMs >= 3);
  const ran = await collectionsDuring(() => assert.equal(gc.collectIfDue(100), true));
  assert.ok(ran.some(forcedMinor), `a forced minor collection is reported (saw ${JSON.stringify(ran)})`);
  assert.equal(gc.collections, 1);

  const skipped = await collectionsDuring(() => assert.equal(gc.collectIfDue(gc.gapMs - 0.5), false));
  assert.equal(skipped.filter(forcedMinor).length, 0, "no collection when the next send is too close");
  assert.equal(gc.collectIfDue(Number.NaN), false, "nor when the gap is unknown");
  assert.equal(gc.collections, 1);
});

test("a young generation that is not yet filling is left to V8", async () => {
  const gc = new YoungGc(1); // never as full as its whole capacity after a collection
  const ran = await collectionsDuring(() => {
    new YoungGc(0).collectIfDue(100); // empty it first
    assert.equal(gc.collectIfDue(100), false);
  });
  assert.equal(ran.filter(forcedMinor).length, 1, "only the emptying collection ran");
  assert.equal(gc.collections, 0);
});

test("one slow collection does not stop the collections ahead: the gap asked for stays within 3–8 ms", () => {
  const gc = new YoungGc(0);
  const stalled = gc as unknown as { recent: number[] };
  stalled.recent.splice(0, stalled.recent.length, 25); // a collection the machine stalled in
  assert.equal(gc.gapMs, 8, "at most 8 ms, so the 10 ms between sends at 100 req/s still serve");
  assert.equal(gc.collectIfDue(9.5), true);
  stalled.recent.splice(0, stalled.recent.length, 25, 1, 1);
  assert.equal(gc.gapMs, 3, "the median of the last few, not held up by the stalled one");
});
