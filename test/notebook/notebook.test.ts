/**
 * `trialbook notebook run` on the shipped notebooks, headless (tslab in process), against a real run: outputs hold the
 * summary and the charts, the execution record names parameters, cells, versions and the runs read with their hashes;
 * HTML and PDF carry the same content. A failing cell stops the run with exit 1 and still writes the partial notebook.
 * Bundles verify in another folder, rerun there, and fail verification after one byte of a run file changes.
 */
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, mkdirSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { cli } from "../helpers/cli.js";
import { tempDir } from "../helpers/experiments.js";
import { makeFeasibilityRun, makeSpeedRun } from "../helpers/speed-run.js";
import type { Notebook } from "../../src/notebook/ipynb.js";
import type { ExecutionRecord } from "../../src/notebook/record.js";

const repo = fileURLToPath(new URL("../..", import.meta.url));
let root: string;
let runDir: string;
before(async () => {
  root = tempDir();
  runDir = await makeSpeedRun(root);
  mkdirSync(join(root, "notebooks"));
  for (const f of ["speed.ipynb", "changes.ipynb", "feasibility.ipynb"]) copyFileSync(join(repo, "notebooks", f), join(root, "notebooks", f));
});

const outputsOf = (nb: Notebook) => nb.cells.flatMap((c) => (c.cell_type === "code" ? c.outputs : []));
const textOf = (v: string | string[] | undefined) => (Array.isArray(v) ? v.join("") : (v ?? ""));

test("speed.ipynb runs headless with -p run=…: summary, results and charts in the outputs, an execution record, HTML and PDF", () => {
  const out = join(root, "reports/notebooks");
  const r = cli(["notebook", "run", "notebooks/speed.ipynb", "-p", `run=${relative(root, runDir)}`, "--format", "ipynb,html,pdf", "--out", out], { cwd: root });
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual(r.stdout.trim().split("\n"), ["speed.ipynb", "speed.html", "speed.pdf"].map((f) => join(out, f)));
  const nb = JSON.parse(readFileSync(join(out, "speed.ipynb"), "utf8")) as Notebook;
  const injected = nb.cells.findIndex((c) => c.metadata.tags?.includes("injected-parameters"));
  assert.equal(injected, nb.cells.findIndex((c) => c.metadata.tags?.includes("parameters")) + 1, "injected right after the parameters cell");
  assert.match(textOf(nb.cells[injected]!.source), new RegExp(`let run = "\\.\\./\\.\\./runs/nb-speed/${runDir.split("/").pop()}";`));
  const outputs = outputsOf(nb);
  const md = outputs.flatMap((o) => (o.output_type === "display_data" ? [textOf(o.data["text/markdown"])] : [])).join("\n");
  assert.match(md, /## Summary/);
  assert.match(md, /## Results/);
  assert.match(md, /tiny-gguf/);
  const svgs = outputs.filter((o) => o.output_type === "display_data" && o.data["image/svg+xml"] !== undefined);
  assert.ok(svgs.length >= 3, `${svgs.length} charts`);
  const stdout = outputs.flatMap((o) => (o.output_type === "stream" && o.name === "stdout" ? [textOf(o.text)] : [])).join("");
  const plain = outputs.flatMap((o) => (o.output_type === "display_data" ? [textOf(o.data["text/plain"])] : [])).join("\n");
  assert.match(plain, /tiny-gguf → tiny-mlx\n/, "GGUF against MLX");
  assert.match(stdout, /\d+ trials × \d+ columns/, "the danfo DataFrame cell");
  const record = nb.metadata["trialbook"] as ExecutionRecord;
  assert.equal(record.status, "ok");
  assert.deepEqual(record.path_parameters, ["run"]);
  assert.equal(record.source, "../../notebooks/speed.ipynb");
  assert.equal(record.kernel.name, "tslab");
  assert.match(record.kernel.tslab, /^1\.0\.22$/);
  assert.ok(record.cells.every((c) => c.status === "ok" && c.duration_ms >= 0));
  assert.equal(record.cells.length, nb.cells.filter((c) => c.cell_type === "code").length);
  assert.deepEqual(record.runs_read.map((x) => x.path), [`../../runs/nb-speed/${runDir.split("/").pop()}`]);
  assert.deepEqual(record.runs_read[0]!.files.map((f) => f.name), ["experiment.yaml", "manifest.json", "trials.jsonl"]);
  assert.ok(Date.parse(record.ended_at) >= Date.parse(record.started_at));

  const html = readFileSync(join(out, "speed.html"), "utf8");
  assert.equal((html.match(/<svg/g) ?? []).length, svgs.length, "every chart inline");
  assert.match(html, /<h2>Summary<\/h2>/);
  assert.doesNotMatch(html, /<script/);
  const pdfText = execFileSync("pdftotext", [join(out, "speed.pdf"), "-"], { encoding: "utf8" });
  for (const words of ["Speed of a run", "Summary", "Results", "GGUF against MLX"]) assert.ok(pdfText.includes(words), `PDF lacks "${words}"`);
});

test("a failing cell stops the run: exit 1, the cell and its error named, the partial notebook written", () => {
  const nb = JSON.parse(readFileSync(join(root, "notebooks/speed.ipynb"), "utf8")) as Notebook;
  nb.cells.splice(3, 0, { cell_type: "code", id: "boom", metadata: {}, source: ['throw new Error("the data is not there");'], outputs: [], execution_count: null });
  writeFileSync(join(root, "notebooks/broken.ipynb"), JSON.stringify(nb));
  const out = join(root, "broken-out");
  const r = cli(["notebook", "run", "notebooks/broken.ipynb", "-p", `run=${runDir}`, "--out", out], { cwd: root });
  assert.equal(r.status, 1);
  assert.match(r.stderr, /error: cell \d+ \(boom\) failed:\n[\s\S]*the data is not there/);
  const done = JSON.parse(readFileSync(join(out, "broken.ipynb"), "utf8")) as Notebook;
  const record = done.metadata["trialbook"] as ExecutionRecord;
  assert.equal(record.status, "error");
  assert.equal(record.failed_cell?.id, "boom");
  const at = done.cells.findIndex((c) => c.id === "boom");
  assert.ok(done.cells.slice(at + 1).every((c) => c.cell_type !== "code" || c.outputs.length === 0), "later cells did not run");
  assert.ok(done.cells.slice(0, at).some((c) => c.cell_type === "code" && c.outputs.length > 0), "earlier outputs kept");
  assert.deepEqual(record.cells.filter((c) => c.status === "skipped").length, done.cells.slice(at + 1).filter((c) => c.cell_type === "code").length);
});

test("bad parameters exit 2: no identifier, or no parameters cell to inject after", () => {
  assert.equal(cli(["notebook", "run", "notebooks/speed.ipynb", "-p", "1x=3"], { cwd: root }).status, 2);
  const nb = JSON.parse(readFileSync(join(root, "notebooks/speed.ipynb"), "utf8")) as Notebook;
  for (const c of nb.cells) c.metadata = {};
  writeFileSync(join(root, "notebooks/untagged.ipynb"), JSON.stringify(nb));
  const r = cli(["notebook", "run", "notebooks/untagged.ipynb", "-p", "run=x", "--out", join(root, "untagged-out")], { cwd: root });
  assert.equal(r.status, 2);
  assert.match(r.stderr, /no cell tagged `parameters`/);
});

test("a bundle verifies in another folder, reruns there with nothing else, and fails after one byte of a run file changes", () => {
  const r = cli(["bundle", "reports/notebooks/speed.ipynb", "--out", "speed.bundle.tar.gz"], { cwd: root });
  assert.equal(r.status, 0, r.stderr);
  const elsewhere = tempDir();
  copyFileSync(join(root, "speed.bundle.tar.gz"), join(elsewhere, "speed.bundle.tar.gz"));
  const ok = cli(["verify", join(elsewhere, "speed.bundle.tar.gz")]);
  assert.equal(ok.status, 0, ok.stdout);
  assert.match(ok.stdout, /^ok: \d+ files match/m);

  const unpacked = tempDir();
  execFileSync("tar", ["xzf", join(elsewhere, "speed.bundle.tar.gz"), "-C", unpacked]);
  const files = (JSON.parse(readFileSync(join(unpacked, "trialbook-bundle.json"), "utf8")) as { files: Array<{ path: string }> }).files.map((f) => f.path);
  const runRel = relative(root, runDir);
  for (const f of ["reports/notebooks/speed.ipynb", "reports/notebooks/speed.html", "reports/notebooks/speed.pdf", "notebooks/speed.ipynb", "nb-speed.yaml", `${runRel}/manifest.json`, `${runRel}/trials.jsonl`, `${runRel}/experiment.yaml`]) {
    assert.ok(files.includes(f), `bundle lacks ${f}`);
  }
  assert.equal(cli(["verify", unpacked]).status, 0);
  const rerun = cli(["notebook", "run", "reports/notebooks/speed.ipynb", "--out", "reports/notebooks"], { cwd: unpacked });
  assert.equal(rerun.status, 0, rerun.stderr);
  assert.ok(!existsSync(join(unpacked, "reports/notebooks/node_modules")), "no link left behind");

  const trials = join(unpacked, runRel, "trials.jsonl");
  const bytes = readFileSync(trials);
  bytes[10] = bytes[10] === 0x31 ? 0x32 : 0x31;
  writeFileSync(trials, bytes);
  const bad = cli(["verify", unpacked]);
  assert.equal(bad.status, 1);
  assert.match(bad.stdout, new RegExp(`changed: ${runRel.replace(/[/.]/g, "\\$&")}/trials\\.jsonl`));
});

test("changes.ipynb compares the last two runs of an experiment; feasibility.ipynb shows a verdict", async () => {
  await makeSpeedRun(root); // a second run of nb-speed
  const out = join(root, "reports/changes");
  const r = cli(["notebook", "run", "notebooks/changes.ipynb", "-p", "experiment=nb-speed", "--out", out], { cwd: root });
  assert.equal(r.status, 0, r.stderr);
  const nb = JSON.parse(readFileSync(join(out, "changes.ipynb"), "utf8")) as Notebook;
  const outputs = outputsOf(nb);
  const all = outputs.map((o) => (o.output_type === "display_data" ? Object.values(o.data).map(textOf).join("\n") : o.output_type === "stream" ? textOf(o.text) : "")).join("\n");
  assert.match(all, /Comparing run \*\*\d{8}-\d{6}-[0-9a-f]{4}\*\* \(before\)/);
  assert.match(all, /tiny-gguf/);
  assert.ok(outputs.some((o) => o.output_type === "display_data" && o.data["image/svg+xml"]), "the run-comparison chart");
  assert.equal((nb.metadata["trialbook"] as ExecutionRecord).runs_read.length, 2);
  assert.match(all, /# What changed since the last run/);
  // the same notebook for a Japanese reader: its own words come from the catalogue too
  const ja = cli(["notebook", "run", "notebooks/changes.ipynb", "-p", "experiment=nb-speed", "--lang", "ja", "--out", join(root, "reports/changes-ja")], { cwd: root });
  assert.equal(ja.status, 0, ja.stderr);
  const jaText = outputsOf(JSON.parse(readFileSync(join(root, "reports/changes-ja/changes.ipynb"), "utf8")) as Notebook)
    .map((o) => (o.output_type === "display_data" ? textOf(o.data["text/markdown"]) : ""))
    .join("\n");
  assert.match(jaText, /# 前回の実行からの変化/);
  assert.match(jaText, /実行 \*\*\d{8}-\d{6}-[0-9a-f]{4}\*\*（前）/);
  assert.doesNotMatch(jaText, /Comparing run/);

  await makeFeasibilityRun(root);
  const f = cli(["notebook", "run", "notebooks/feasibility.ipynb", "-p", "run=nb-feasibility", "--out", join(root, "reports/feasibility"), "--format", "ipynb,html", "--hide-code"], { cwd: root });
  assert.equal(f.status, 0, f.stderr);
  const html = readFileSync(join(root, "reports/feasibility/feasibility.html"), "utf8");
  assert.match(html, /Verdict:<\/strong> Wait for open-weight models/);
  assert.match(html, /<h2>Verdict<\/h2>/);
  assert.doesNotMatch(html, /language-ts/, "--hide-code leaves the code out");
  const shown = readFileSync(join(root, "reports/notebooks/speed.html"), "utf8");
  assert.match(shown, /<code class="language-ts">/, "without it the code is shown");
});

test("runNotebook in one process, twice, in two folders outside the repository: both resolve trialbook", async () => {
  const { runNotebook } = await import("../../src/notebook/run.js");
  const nb = { cells: [{ cell_type: "code", id: "v", metadata: {}, source: ['import { VERSION } from "trialbook";\nconsole.log(typeof VERSION);'], outputs: [], execution_count: null }], metadata: { kernelspec: { name: "tslab", display_name: "TypeScript", language: "typescript" } }, nbformat: 4, nbformat_minor: 5 };
  for (let i = 0; i < 2; i++) {
    const dir = tempDir();
    writeFileSync(join(dir, "v.ipynb"), JSON.stringify(nb));
    const r = await runNotebook({ notebook: join(dir, "v.ipynb"), outDir: join(dir, "out") });
    assert.ok(r.ok, r.record.failed_cell?.error);
    const done = JSON.parse(readFileSync(join(dir, "out/v.ipynb"), "utf8")) as Notebook;
    assert.deepEqual(outputsOf(done), [{ output_type: "stream", name: "stdout", text: ["string\n"] }]);
    assert.ok(!existsSync(join(dir, "out/node_modules")), "the temporary link is gone");
  }
});
