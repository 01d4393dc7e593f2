/** What CLI handlers share: a stderr logger, exit codes, and turning known errors into messages. */
import type { Logger } from "../backends/types.js";
import { ExperimentError } from "../validate/problem.js";
import { RunError } from "../run/runner.js";
import type { Language } from "../shared/i18n/types.js";

export const EXIT = { ok: 0, failed: 1, invalid: 2, gated: 3, interrupted: 130 } as const;

/** The exit codes, as `--help` lists them (README: "Exit codes"). */
export const EXIT_EPILOGUE = [
  "Exit codes:",
  "  0    done (failed requests are recorded in the run, not fatal)",
  "  1    every measured request failed; a notebook cell failed; verify: a file",
  "       changed; init: no model server or no chat model found",
  "  2    invalid experiment (FILE:LINE:COL  field  problem) or arguments",
  "  3    --fail-on: compare found a change beyond the noise, or a feasibility",
  "       run is not feasible locally",
  "  130  interrupted (Ctrl-C); continue with --resume",
].join("\n");

/** The language of CLI messages: $TRIALBOOK_LANG, else the locale ($LC_ALL, $LC_MESSAGES, $LANG); English unless "ja…". */
export function cliLanguage(env: Readonly<Record<string, string | undefined>> = process.env): Language {
  const tag = env["TRIALBOOK_LANG"] || env["LC_ALL"] || env["LC_MESSAGES"] || env["LANG"] || "";
  return tag.toLowerCase().startsWith("ja") ? "ja" : "en";
}

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
