/**
 * What runs headless runs the same in Jupyter: the shipped speed notebook, with the same parameters, executed by
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
import { makeSpeedRun } from "../helpers/speed-run.js";
import type { Notebook, Output } from "../../src/notebook/ipynb.js";

const repo = fileURLToPath(new URL("../..", import.meta.url));
let root: string;
let runDir: string;
let jupyterPath: string;
const python = "/usr/bin/python3";

before(async () => {
  root = tempDir();
  runDir = await makeSpeedRun(root);
  mkdirSync(join(root, "notebooks"));
  copyFileSync(join(repo, "notebooks/speed.ipynb"), join(root, "notebooks/speed.ipynb"));
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

test("speed.ipynb: the same outputs from `trialbook notebook run` and from jupyter nbconvert --execute with the tslab kernel", () => {
  const out = join(root, "reports/notebooks");
  const r = cli(["notebook", "run", "notebooks/speed.ipynb", "-p", `run=${relative(root, runDir)}`, "--out", out], { cwd: root });
  assert.equal(r.status, 0, r.stderr);
  const ours = JSON.parse(readFileSync(join(out, "speed.ipynb"), "utf8")) as Notebook;
  // the same notebook, parameters injected, outputs cleared, executed by Jupyter in the same folder
  const cleared: Notebook = { ...ours, metadata: { kernelspec: ours.metadata.kernelspec! }, cells: ours.cells.map((c) => (c.cell_type === "code" ? { ...c, outputs: [], execution_count: null } : c)) };
  writeFileSync(join(out, "speed-jupyter.ipynb"), JSON.stringify(cleared));
  const env = { ...process.env, JUPYTER_PATH: jupyterPath, PATH: `${join(repo, "node_modules/.bin")}:${process.env["PATH"] ?? ""}` };
  execFileSync(python, ["-m", "jupyter", "nbconvert", "--to", "notebook", "--execute", "--ExecutePreprocessor.kernel_name=tslab", "--ExecutePreprocessor.timeout=300", "--output", "speed-jupyter.out.ipynb", join(out, "speed-jupyter.ipynb")], { env, cwd: out, stdio: "pipe", timeout: 600_000 });
  const theirs = JSON.parse(readFileSync(join(out, "speed-jupyter.out.ipynb"), "utf8")) as Notebook;
  const codeCells = (nb: Notebook) => nb.cells.filter((c) => c.cell_type === "code");
  assert.equal(codeCells(theirs).length, codeCells(ours).length);
  codeCells(ours).forEach((c, i) => {
    const t = codeCells(theirs)[i]!;
    assert.deepEqual(normal(t.cell_type === "code" ? t.outputs : []), normal(c.cell_type === "code" ? c.outputs : []), `cell ${i} (${c.id})`);
  });
  assert.ok(codeCells(ours).some((c) => c.cell_type === "code" && c.outputs.some((o) => o.output_type === "display_data" && o.data["image/svg+xml"])), "charts in both");
});
