/**
 * The letterhead on every page of a report: the client's (or consultant's) logo, who the report is for and by
 * (client · project · author, as the experiment's `report` names them) and the confidentiality line. The PDF prints
 * it in each page's header (pdf.ts); the HTML shows it above the report and repeats the confidentiality line below.
 */
import { existsSync, readFileSync } from "node:fs";
import { basename, dirname, isAbsolute, join, resolve } from "node:path";
import type { StoredRun } from "../../analyse/load-run.js";
import { IMAGE_KINDS, imageDataUrl } from "../../shared/image.js";

export interface Letterhead {
  /** The logo as a data: URL (PNG, JPEG or SVG), embedded. */
  logo?: string;
  /** Client, project and author, in that order, those that are given. */
  parties: string[];
  confidential?: string;
}

export const isEmptyLetterhead = (l: Letterhead): boolean => !l.logo && l.parties.length === 0 && !l.confidential;

/**
 * Where the logo named in a run's manifest lies: as written when absolute; else beside the experiment file the run
 * was started from (resolved from the current folder, as the run resolved it); else in the run folder itself.
 */
export function logoCandidates(run: StoredRun, logo: string): string[] {
  if (isAbsolute(logo)) return [logo];
  return [resolve(dirname(resolve(run.manifest.experiment.file)), logo), join(run.dir, logo), join(run.dir, basename(logo))];
}

/** The letterhead of the first run; a logo that cannot be found or is not an image is left out with a warning. */
export function letterheadOf(runs: readonly StoredRun[], warn: (message: string) => void = () => undefined): Letterhead {
  const first = runs[0];
  const info = first?.manifest.report;
  if (!first || !info) return { parties: [] };
  const out: Letterhead = { parties: [info.client, info.project, info.author].filter((x): x is string => !!x) };
  if (info.confidential) out.confidential = info.confidential;
  if (info.logo) {
    const tried = logoCandidates(first, info.logo);
    const found = tried.find((p) => existsSync(p));
    const url = found ? imageDataUrl(readFileSync(found)) : null;
    if (url) out.logo = url;
    else if (found) warn(`report.logo: ${found} is not a ${IMAGE_KINDS} image; the report is written without the logo`);
    else warn(`report.logo: ${info.logo} not found (looked at ${tried.join(", ")}); the report is written without the logo — copy the image into the run folder to keep it with the run`);
  }
  return out;
}
