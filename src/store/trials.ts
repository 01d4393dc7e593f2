/**
 * `trials.jsonl`: one JSON line per finished request, appended as requests finish, so a killed run loses at most the
 * requests in flight and the few lines still being written — which are not stored and so run again on resume. The
 * writes happen off the event loop (libuv's thread pool), one batch at a time, so storing a finished request never
 * delays the timestamps of the requests still streaming. A line cut short by a kill is dropped on read and cut off
 * before the next append, never half-read.
 *
 * Appended lines are in the operating system's cache at once (a killed process loses none of them); they are forced
 * to the disk (fdatasync) at most every {@link SYNC_MS} ms and when the run ends, so a power cut loses at most that
 * long. One fdatasync per finished request cost the thread pool CPU time that, on a machine with few cores, took the
 * core from the thread timing the streams.
 */
import { existsSync, readFileSync, truncateSync } from "node:fs";
import { open, type FileHandle } from "node:fs/promises";
import type { Trial } from "./trial.js";

export const TRIALS_FILE = "trials.jsonl";
/** The longest appended lines wait before they are forced to the disk. */
export const SYNC_MS = 100;

export interface ReadTrials {
  trials: Trial[];
  /** Bytes at the end that did not form a complete line (a write cut short). */
  partialBytes: number;
}

export function readTrialsFile(path: string): ReadTrials {
  if (!existsSync(path)) return { trials: [], partialBytes: 0 };
  const text = readFileSync(path, "utf8");
  const end = text.lastIndexOf("\n") + 1;
  const trials: Trial[] = [];
  // line by line without splitting a copy of the whole text first (10k trials are tens of MB)
  for (let at = 0; at < end; ) {
    const nl = text.indexOf("\n", at);
    const line = text.slice(at, nl);
    at = nl + 1;
    if (line.trim() === "") continue;
    trials.push(JSON.parse(line) as Trial);
  }
  return { trials, partialBytes: Buffer.byteLength(text.slice(end)) };
}

export class TrialWriter {
  private handle: Promise<FileHandle>;
  private pending: string[] = [];
  private writing: Promise<void> = Promise.resolve();
  private failure: Error | null = null;
  /** Lines appended and not yet forced to the disk. */
  private unsynced = false;
  private lastSync = performance.now();
  private syncTimer: NodeJS.Timeout | null = null;

  constructor(path: string) {
    const { partialBytes } = readTrialsFile(path);
    if (partialBytes > 0) truncateSync(path, readFileSync(path).length - partialBytes);
    this.handle = open(path, "a");
  }

  /** Queues a trial; it reaches the file in the next batch. */
  append(trial: Trial): void {
    if (this.failure) throw this.failure;
    this.pending.push(`${JSON.stringify(trial)}\n`);
    if (this.pending.length === 1) this.writing = this.writing.then(() => this.drain());
  }

  private async drain(): Promise<void> {
    const fh = await this.handle;
    while (this.pending.length > 0) {
      const batch = this.pending.join("");
      this.pending = [];
      try {
        await fh.appendFile(batch);
      } catch (e) {
        // Kept, and thrown by the next append or flush: the run stops instead of losing trials silently.
        this.failure = e as Error;
        return;
      }
      this.unsynced = true;
    }
    const since = performance.now() - this.lastSync;
    if (since >= SYNC_MS) await this.sync();
    else if (this.syncTimer === null) {
      // a durability deadline, not a reason to keep the process alive
      this.syncTimer = setTimeout(() => {
        this.syncTimer = null;
        this.writing = this.writing.then(() => this.sync());
      }, SYNC_MS - since).unref();
    }
  }

  /** Forces what was appended to the disk. */
  private async sync(): Promise<void> {
    if (!this.unsynced || this.failure) return;
    this.unsynced = false;
    this.lastSync = performance.now();
    try {
      await (await this.handle).datasync();
    } catch (e) {
      this.failure = e as Error;
    }
  }

  /** Resolves when every queued trial is on disk. */
  async flush(): Promise<void> {
    await this.writing;
    if (this.pending.length > 0) await this.drain();
    if (this.syncTimer) {
      clearTimeout(this.syncTimer);
      this.syncTimer = null;
    }
    // through the chain, so a sync the timer queued before it was cleared has finished too
    this.writing = this.writing.then(() => this.sync());
    await this.writing;
    if (this.failure) throw this.failure;
  }

  async close(): Promise<void> {
    try {
      await this.flush();
    } finally {
      await (await this.handle).close();
    }
  }
}
