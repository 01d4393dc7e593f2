/** What the schema cannot say about `report`: the logo is a file beside the experiment, and it is an image. */
import { readFileSync, statSync } from "node:fs";
import { resolve } from "node:path";
import type { RawProblem } from "./issues.js";
import { isObj, type Obj } from "./raw.js";
import { IMAGE_KINDS, imageType } from "../shared/image.js";

/** Logos beyond this size are refused: they would be copied into every report and into every PDF page's header. */
export const MAX_LOGO_BYTES = 2 * 1024 * 1024;

export function checkReport(data: Obj, experimentFile: string): RawProblem[] {
  const report = isObj(data["report"]) ? data["report"] : undefined;
  const logo = report?.["logo"];
  if (typeof logo !== "string" || logo === "") return [];
  const path = resolve(experimentFile, "..", logo);
  const at = { path: ["report", "logo"] };
  let size: number;
  try {
    const st = statSync(path);
    if (!st.isFile()) return [{ ...at, message: `${path} is not a file; give a ${IMAGE_KINDS} image file (relative to the experiment file)` }];
    size = st.size;
  } catch {
    return [{ ...at, message: `${path} does not exist; give a ${IMAGE_KINDS} image file (relative to the experiment file)` }];
  }
  if (size > MAX_LOGO_BYTES) return [{ ...at, message: `${path} is ${Math.ceil(size / 1024)} KiB; a logo may be at most ${MAX_LOGO_BYTES / 1024} KiB (it is embedded in every report)` }];
  if (!imageType(readFileSync(path))) return [{ ...at, message: `${path} is not a ${IMAGE_KINDS} image` }];
  return [];
}
