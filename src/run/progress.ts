/**
 * Progress of a run: a bar redrawn in place on a terminal, plain lines (one per finished trial) otherwise.
 */
import type { Trial } from "../store/trial.js";

export interface Progress {
  start(total: number, done: number): void;
  trial(trial: Trial, done: number): void;
  note(message: string): void;
  end(): void;
}

const fmt = (v: number | null, unit: string, digits = 1): string => (v === null ? "-" : `${v.toFixed(digits)} ${unit}`);

export function describeTrial(t: Trial): string {
  if (t.error) return `error ${t.error.kind}: ${t.error.message}`;
  const n = t.output_tokens.client ?? 0;
  const rate = t.e2e_ms !== null && t.ttft_ms !== null && n > 1 ? ((n - 1) / (t.e2e_ms - t.ttft_ms)) * 1000 : null;
  return `ttft ${fmt(t.ttft_ms, "ms")}  e2e ${fmt(t.e2e_ms, "ms")}  ${n} tok  ${fmt(rate, "tok/s")}`;
}

export function plainProgress(write: (line: string) => void): Progress {
  let total = 0;
  return {
    start(t, done) {
      total = t;
      write(`${done}/${total} trials already stored`);
    },
    trial(t, done) {
      write(`[${done}/${total}] ${t.trial}${t.warmup ? " (warm-up)" : ""}  ${describeTrial(t)}`);
    },
    note: write,
    end() {},
  };
}

export function ttyProgress(stream: NodeJS.WriteStream): Progress {
  let total = 0;
  let errors = 0;
  let lastDraw = 0;
  const draw = (done: number, label: string, force = false) => {
    const now = performance.now();
    if (!force && now - lastDraw < 100) return;
    lastDraw = now;
    const width = 30;
    const filled = total ? Math.round((done / total) * width) : width;
    const bar = "█".repeat(filled) + "░".repeat(width - filled);
    const line = `${bar} ${done}/${total}  errors ${errors}  ${label}`;
    stream.write(`\r\x1b[2K${line.slice(0, (stream.columns ?? 100) - 1)}`);
  };
  return {
    start(t, done) {
      total = t;
      draw(done, "", true);
    },
    trial(t, done) {
      if (t.error) errors++;
      draw(done, `${t.trial}  ${describeTrial(t)}`, done === total);
    },
    note(message) {
      stream.write(`\r\x1b[2K${message}\n`);
    },
    end() {
      stream.write("\n");
    },
  };
}

export const silentProgress: Progress = { start() {}, trial() {}, note() {}, end() {} };
