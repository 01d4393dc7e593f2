/**
 * `trials.jsonl`: one JSON line per finished request, appended and flushed to disk as each finishes, so a killed run
 * loses at most the requests that were in flight. A line cut short by a kill is dropped (and cut off before the next
 * append), never half-read.
 */
import { closeSync, existsSync, fdatasyncSync, ftruncateSync, openSync, readFileSync, writeSync } from "node:fs";
import type { Trial } from "./trial.js";

export const TRIALS_FILE = "trials.jsonl";

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
  for (const line of text.slice(0, end).split("\n")) {
    if (line.trim() === "") continue;
    trials.push(JSON.parse(line) as Trial);
  }
  return { trials, partialBytes: Buffer.byteLength(text.slice(end)) };
}

export class TrialWriter {
  private readonly fd: number;
  constructor(path: string) {
    const { partialBytes } = readTrialsFile(path);
    this.fd = openSync(path, "a+");
    if (partialBytes > 0) {
      const size = readFileSync(path).length;
      ftruncateSync(this.fd, size - partialBytes);
    }
  }
  append(trial: Trial): void {
    writeSync(this.fd, JSON.stringify(trial) + "\n");
    fdatasyncSync(this.fd);
  }
  close(): void {
    closeSync(this.fd);
  }
}
