/** What CLI handlers share: a stderr logger, exit codes, and turning known errors into messages. */
import type { Logger } from "../backends/types.js";
import { ExperimentError } from "../validate/problem.js";
import { RunError } from "../run/runner.js";

export const EXIT = { ok: 0, failed: 1, invalid: 2, interrupted: 130 } as const;

export const stderrLogger: Logger = {
  info: (m) => process.stderr.write(`${m}\n`),
  warn: (m) => process.stderr.write(`warning: ${m}\n`),
};

/** Prints a known error and returns its exit code; rethrows anything else. */
export function reportError(e: unknown): number {
  if (e instanceof ExperimentError) {
    process.stderr.write(`${e.message}\n`);
    return EXIT.invalid;
  }
  if (e instanceof RunError) {
    process.stderr.write(`error: ${e.message}\n`);
    return EXIT.invalid;
  }
  throw e;
}
