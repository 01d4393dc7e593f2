/**
 * The package as a user installs it: `npm pack` of a copy of this checkout, `npm install -g` of the tarball into a
 * temporary prefix (npm's registry and its cache, as a user's machine has them), then the installed `trialbook` from an
 * empty folder outside the checkout: --help, make-model, run, report (HTML and Markdown; PDF where a Chromium exists),
 * notebook run (the shipped notebook, DataFrames included) and `npx trialbook`. Nothing of the checkout is on the way:
 * the installed files come from the tarball alone, and the commands run with the checkout neither as working directory
 * nor on any module path.
 *
 * Slow (≈3 minutes for the install with a warm npm cache; node-llama-cpp's prebuilt binaries are most of it), bounded.
 */
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, symlinkSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { spawnSync } from "node:child_process";
import { tempDir } from "../helpers/experiments.js";
import { findChromium } from "../../src/render/report/pdf.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const work = tempDir("trialbook-pack-");
const prefix = join(work, "prefix");
const home = join(work, "empty");
const bin = join(prefix, "bin");
const installed = join(prefix, "lib", "node_modules", "trialbook");

/** The environment a user's shell gives: no npm_* variables of the `npm test` around this test, the prefix's bin first. */
function userEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k) && k !== "NODE_OPTIONS" && k !== "NODE_PATH"));
  return { ...env, PATH: `${bin}:${process.env["PATH"] ?? ""}`, ...extra };
}

function sh(cmd: string, args: readonly string[], options: { cwd: string; timeoutMs?: number; env?: NodeJS.ProcessEnv }) {
  const r = spawnSync(cmd, args, { cwd: options.cwd, env: options.env ?? userEnv(), encoding: "utf8", timeout: options.timeoutMs ?? 300_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, error: r.error };
}
const trialbook = (args: readonly string[], timeoutMs?: number) => sh(join(bin, "trialbook"), args, { cwd: home, ...(timeoutMs ? { timeoutMs } : {}) });
const ok = (r: ReturnType<typeof sh>, what: string) => assert.equal(r.status, 0, `${what}: ${r.error?.message ?? ""}\n${r.stderr}\n${r.stdout}`);

let tarball = "";

before(() => {
  // pack a copy, so that prepack (which empties dist/) and prepare (which rebuilds it) never touch this checkout
  const copy = join(work, "checkout");
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { files: string[] };
  for (const p of ["package.json", "tsconfig.json", "README.md", "src", ...pkg.files.filter((f) => f !== "dist")]) {
    cpSync(join(root, p), join(copy, p), { recursive: true });
  }
  symlinkSync(realpathSync(join(root, "node_modules")), join(copy, "node_modules"), "dir");
  const packed = sh("npm", ["pack", "--json", "--pack-destination", work], { cwd: copy, env: userEnv() });
  ok(packed, "npm pack");
  const [info] = JSON.parse(packed.stdout.slice(packed.stdout.indexOf("["))) as Array<{ filename: string }>;
  tarball = join(work, info?.filename ?? "");
  const install = sh("npm", ["install", "-g", tarball, "--prefix", prefix, "--prefer-offline", "--no-audit", "--no-fund"], { cwd: work, timeoutMs: 600_000 });
  ok(install, "npm install -g of the tarball");
  mkdirSync(home);
});

test("the tarball holds the built code, the shipped experiments, notebooks and schema, and no sources or tests", () => {
  const list = sh("tar", ["tzf", tarball], { cwd: work }).stdout.split("\n").filter(Boolean);
  const top = new Set(list.map((f) => f.split("/")[1]));
  assert.deepEqual([...top].sort(), ["CHANGELOG.md", "README.md", "bin", "dist", "experiments", "notebooks", "package.json", "schema"]);
  assert.ok(list.includes("package/dist/cli/main.js") && list.includes("package/schema/experiment.schema.json"));
  assert.ok(existsSync(join(installed, "node_modules", "danfojs")), "DataFrames (danfojs) installed with the package");
});

test("installed trialbook: --help and make-model from an empty folder", () => {
  const help = trialbook(["--help"]);
  ok(help, "--help");
  assert.match(help.stdout, /trialbook run <file>/);
  ok(trialbook(["make-model", "models/m.gguf", "--preset", "tiny"]), "make-model");
  assert.ok(existsSync(join(home, "models/m.gguf")));
});

test("installed trialbook: run, report (html, md, and pdf where a Chromium exists), notebook run, npx", () => {
  mkdirSync(join(home, "experiments"), { recursive: true });
  writeFileSync(join(home, "experiments/pack.yaml"), [
    "# yaml-language-server: $schema=../schema/experiment.schema.json",
    "name: pack",
    "backends:",
    "  embedded: { type: llama-cpp, threads: 1 }",
    "variants:",
    "  - { id: tiny, backend: embedded, model: ../models/m.gguf, format: gguf }",
    "workload:",
    "  prompts: [{ id: p, text: the model data }]",
    "  max_tokens: 8",
    "  ignore_eos: true",
    "  warmup: 1",
    "  repetitions: 2",
    "",
  ].join("\n"));
  const run = trialbook(["run", "experiments/pack.yaml", "--json"]);
  ok(run, "run");
  const result = JSON.parse(run.stdout) as { dir: string; status: string; stored: number; errors: number };
  assert.equal(result.status, "complete");
  assert.equal(result.stored, 3);
  assert.equal(result.errors, 0);
  const dir = resolve(home, result.dir);
  const formats = findChromium() ? "html,md,pdf" : "html,md";
  ok(trialbook(["report", dir, "--format", formats]), "report");
  const written = readdirSync(join(home, "reports/pack"));
  for (const ext of formats.split(",")) assert.ok(written.some((f) => f.endsWith(`.${ext}`)), `a .${ext} report in ${written.join(", ")}`);
  assert.match(readFileSync(join(home, "reports/pack", written.find((f) => f.endsWith(".md")) ?? ""), "utf8"), /tiny/);

  mkdirSync(join(home, "notebooks"));
  cpSync(join(installed, "notebooks/speed.ipynb"), join(home, "notebooks/speed.ipynb"));
  const nb = trialbook(["notebook", "run", "notebooks/speed.ipynb", "-p", `run=${dir}`, "--out", "out"], 600_000);
  ok(nb, "notebook run");
  assert.match(readFileSync(join(home, "out/speed.ipynb"), "utf8"), /\d+ trials × \d+ columns/, "the DataFrame cell ran");

  const npx = sh("npx", ["--no-install", "trialbook", "--version"], { cwd: home, env: userEnv({ npm_config_prefix: prefix }) });
  ok(npx, "npx trialbook");
  assert.equal(npx.stdout.trim(), JSON.parse(readFileSync(join(root, "package.json"), "utf8")).version);
});
