/**
 * What runs headless runs the same in Jupyter: each shipped notebook, with the same parameters, executed by
 * `trialbook notebook run` (tslab in process) and by real Jupyter (`jupyter nbconvert --execute` with the tslab kernel,
 * Debian's Jupyter, the kernel registered in a temporary prefix). The outputs of every cell must be equal.
 */
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { cli } from "../helpers/cli.js";
import { tempDir } from "../helpers/experiments.js";
import { makeFeasibilityRun, makeSpeedRun } from "../helpers/speed-run.js";
import type { Notebook, Output } from "../../src/notebook/ipynb.js";

const repo = fileURLToPath(new URL("../..", import.meta.url));
let root: string;
let runDir: string;
let jupyterPath: string;
const python = "/usr/bin/python3";

before(async () => {
  root = tempDir();
  runDir = await makeSpeedRun(root);
  await makeSpeedRun(root); // changes.ipynb compares the last two runs
  await makeFeasibilityRun(root);
  mkdirSync(join(root, "notebooks"));
  for (const f of ["speed", "changes", "feasibility"]) copyFileSync(join(repo, `notebooks/${f}.ipynb`), join(root, `notebooks/${f}.ipynb`));
  // as a user who installed trialbook: node_modules/trialbook
  mkdirSync(join(root, "node_modules"));
  symlinkSync(repo, join(root, "node_modules/trialbook"), "dir");
  const prefix = tempDir();
  const r = cli(["notebook", "install-kernel", `--python=${python}`, `--prefix=${prefix}`]);
  assert.equal(r.status, 0, r.stderr + r.stdout);
  jupyterPath = join(prefix, "share/jupyter");
});

const text = (v: string | string[]) => (Array.isArray(v) ? v.join("") : v);
const normal = (outputs: readonly Output[]) =>
  outputs.map((o) =>
    o.output_type === "stream" ? { stream: o.name, text: text(o.text) } : o.output_type === "error" ? { error: o.ename } : { data: Object.fromEntries(Object.entries(o.data).map(([k, v]) => [k, text(v)])) },
  );

const CASES: Array<[string, string[]]> = [
  ["speed", []],
  ["changes", ["-p", "experiment=nb-speed"]],
  ["feasibility", ["-p", "run=nb-feasibility"]],
];

for (const [name, params] of CASES) {
  test(`${name}.ipynb: the same outputs from \`trialbook notebook run\` and from jupyter nbconvert --execute with the tslab kernel`, () => {
    const out = join(root, "reports/notebooks");
    const args = name === "speed" ? ["-p", `run=${relative(root, runDir)}`] : params;
    const r = cli(["notebook", "run", `notebooks/${name}.ipynb`, ...args, "--out", out], { cwd: root });
    assert.equal(r.status, 0, r.stderr);
    const ours = JSON.parse(readFileSync(join(out, `${name}.ipynb`), "utf8")) as Notebook;
    // the same notebook, parameters injected, outputs cleared, executed by Jupyter in the same folder
    const cleared: Notebook = { ...ours, metadata: { kernelspec: ours.metadata.kernelspec! }, cells: ours.cells.map((c) => (c.cell_type === "code" ? { ...c, outputs: [], execution_count: null } : c)) };
    writeFileSync(join(out, `${name}-jupyter.ipynb`), JSON.stringify(cleared));
    const env = { ...process.env, JUPYTER_PATH: jupyterPath };
    execFileSync(python, ["-m", "jupyter", "nbconvert", "--to", "notebook", "--execute", "--ExecutePreprocessor.kernel_name=tslab", "--ExecutePreprocessor.timeout=300", "--output", `${name}-jupyter.out.ipynb`, join(out, `${name}-jupyter.ipynb`)], { env, cwd: out, stdio: "pipe", timeout: 600_000 });
    const theirs = JSON.parse(readFileSync(join(out, `${name}-jupyter.out.ipynb`), "utf8")) as Notebook;
    const codeCells = (nb: Notebook) => nb.cells.filter((c) => c.cell_type === "code");
    assert.equal(codeCells(theirs).length, codeCells(ours).length);
    codeCells(ours).forEach((c, i) => {
      const t = codeCells(theirs)[i]!;
      assert.deepEqual(normal(t.cell_type === "code" ? t.outputs : []), normal(c.cell_type === "code" ? c.outputs : []), `cell ${i} (${c.id})`);
    });
    assert.ok(codeCells(ours).every((c) => c.cell_type !== "code" || c.outputs.length > 0 || /^(import|const|let)\b/m.test(Array.isArray(c.source) ? c.source.join("") : c.source)), "cells that show something did");
    assert.ok(codeCells(ours).some((c) => c.cell_type === "code" && c.outputs.some((o) => o.output_type === "display_data")), "displays in both");
  });
}
