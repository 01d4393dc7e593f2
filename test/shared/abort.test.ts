/**
 * Many waiters on one abort signal: each called once when it aborts (or at once when it already has), a waiter that
 * stopped waiting is not called, and the signal gets one listener however many wait (no MaxListenersExceededWarning).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { onAbort } from "../../src/shared/abort.js";

test("onAbort: every waiter once, none that stopped waiting, one listener for fifty waiters", async () => {
  const warnings: string[] = [];
  const onWarning = (w: Error) => warnings.push(w.name);
  process.on("warning", onWarning);
  try {
    const c = new AbortController();
    const called: number[] = [];
    const offs = Array.from({ length: 50 }, (_, i) => onAbort(c.signal, () => called.push(i)));
    offs[7]!();
    c.abort();
    c.abort();
    assert.deepEqual(called, Array.from({ length: 50 }, (_, i) => i).filter((i) => i !== 7));
    let late = 0;
    onAbort(c.signal, () => late++);
    assert.equal(late, 1, "an aborted signal calls at once");
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(warnings.filter((w) => w === "MaxListenersExceededWarning"), []);
  } finally {
    process.off("warning", onWarning);
  }
});
