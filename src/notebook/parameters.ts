/**
 * Parameters, papermill-style: the cell tagged `parameters` holds the defaults; the values given on the command line
 * go into a new cell right after it, tagged `injected-parameters`, as TypeScript declarations (tslab lets a later cell
 * declare a name again). Values are JSON when they parse as JSON, else strings: `-p run=runs/demo/x -p reps=3`.
 */
import { randomUUID } from "node:crypto";
import { lines, NotebookError, tags, type CodeCell, type Notebook } from "./ipynb.js";

export type Parameters = Record<string, unknown>;

/** Parses `name=value` pairs; names must be identifiers. */
export function parseParameters(pairs: readonly string[]): Parameters {
  const out: Parameters = {};
  for (const pair of pairs) {
    const eq = pair.indexOf("=");
    const name = eq < 0 ? pair : pair.slice(0, eq);
    if (!/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(name)) throw new NotebookError(`parameter "${pair}": expected name=value with an identifier as name`);
    const raw = eq < 0 ? "" : pair.slice(eq + 1);
    let value: unknown = raw;
    try {
      value = JSON.parse(raw) as unknown;
    } catch {
      // a plain string
    }
    out[name] = value;
  }
  return out;
}

/** The notebook with the injected-parameters cell (an earlier one replaced); throws when no cell is tagged parameters. */
export function injectParameters(nb: Notebook, params: Parameters): Notebook {
  const cells = nb.cells.filter((c) => !tags(c).includes("injected-parameters"));
  if (Object.keys(params).length === 0) return { ...nb, cells };
  const at = cells.findIndex((c) => c.cell_type === "code" && tags(c).includes("parameters"));
  if (at < 0) throw new NotebookError("the notebook has no cell tagged `parameters` to inject values after (tag one in Jupyter: View → Cell Toolbar → Tags)");
  const source = ["// Parameters injected by `trialbook notebook run`\n", ...Object.entries(params).map(([k, v]) => `let ${k} = ${JSON.stringify(v)};\n`)];
  const last = source.length - 1;
  source[last] = (source[last] ?? "").replace(/\n$/, "");
  const cell: CodeCell = { cell_type: "code", id: randomUUID().slice(0, 8), source: lines(source.join("")), metadata: { tags: ["injected-parameters"] }, outputs: [], execution_count: null };
  return { ...nb, cells: [...cells.slice(0, at + 1), cell, ...cells.slice(at + 1)] };
}
