/**
 * vega-lite spec → SVG, headless (no browser, no network). vega and vega-lite are ESM with top-level await, so they
 * are imported lazily here and never pulled in through `require` (notebook cells compile to CommonJS).
 */
import type { VegaLiteSpec } from "./types.js";

export async function toSvg(spec: VegaLiteSpec): Promise<string> {
  const [vega, vl] = await Promise.all([import("vega"), import("vega-lite")]);
  const compiled = vl.compile(spec as never).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
