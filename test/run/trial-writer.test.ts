/**
 * The trial store's writer: every appended trial reaches the file in order, lines reach the OS at once, and they are
 * forced to the disk (fdatasync) at most every SYNC_MS — not once per trial — and always when the run ends. fdatasync
 * is counted on the FileHandle prototype (no mock of the file system: the file is real).
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { open } from "node:fs/promises";
import { join } from "node:path";
import { readTrialsFile, SYNC_MS, TrialWriter } from "../../src/store/trials.js";
import type { Trial } from "../../src/store/trial.js";
import { tempDir } from "../helpers/experiments.js";

/** Counts fdatasync calls on every FileHandle while `body` runs. */
async function countingSyncs<T>(body: (count: () => number) => Promise<T>): Promise<T> {
  const probe = await open(join(tempDir(), "probe"), "w");
  const proto = Object.getPrototypeOf(probe) as { datasync: () => Promise<void> };
  await probe.close();
  const real = proto.datasync;
  let n = 0;
  proto.datasync = function (this: unknown) {
    n++;
    return real.call(this);
  };
  try {
    return await body(() => n);
  } finally {
    proto.datasync = real;
  }
}

const trial = (i: number) => ({ trial: `v/p/c1/r${i}`, variant: "v" }) as Trial;
const tick = () => new Promise((r) => setImmediate(r));

test("trials appended one by one reach the file in order, with a few fdatasyncs rather than one per trial", async () => {
  const path = join(tempDir(), "trials.jsonl");
  await countingSyncs(async (syncs) => {
    const w = new TrialWriter(path);
    const t0 = performance.now();
    for (let i = 0; i < 60; i++) {
      w.append(trial(i));
      await new Promise((r) => setTimeout(r, 5)); // each append written before the next: its own batch, as requests finishing one by one
    }
    // appended lines are in the file (the OS's cache) before any flush
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(readTrialsFile(path).trials.length, 60);
    await w.close();
    // one per SYNC_MS of the test's own duration at most (a slow machine takes longer), and far fewer than one per trial
    const allowed = Math.min(30, Math.ceil((performance.now() - t0) / SYNC_MS) + 2);
    assert.ok(syncs() >= 1, "the end of the run forces the lines to the disk");
    assert.ok(syncs() <= allowed, `one fdatasync per ${SYNC_MS} ms at most, not one per trial (saw ${syncs()}, allowed ${allowed})`);
  });
  assert.deepEqual(
    readTrialsFile(path).trials.map((t) => t.trial),
    Array.from({ length: 60 }, (_, i) => `v/p/c1/r${i}`),
  );
});

test("lines appended and left alone are forced to the disk within SYNC_MS, without waiting for the run's end", async () => {
  const path = join(tempDir(), "trials.jsonl");
  await countingSyncs(async (syncs) => {
    const w = new TrialWriter(path);
    w.append(trial(0));
    await tick();
    w.append(trial(1));
    await new Promise((r) => setTimeout(r, SYNC_MS * 3));
    const before = syncs();
    assert.ok(before >= 1, "synced by the timer");
    await w.close();
    assert.equal(syncs(), before, "nothing left to sync at the end");
  });
  assert.equal(readFileSync(path, "utf8").split("\n").filter(Boolean).length, 2);
});
