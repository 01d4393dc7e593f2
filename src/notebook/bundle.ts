/**
 * Bundles: an executed notebook with everything it needs to be checked and rerun — the notebook it was run from, its
 * HTML/PDF, the runs it read (manifest, trials, experiment copy), the experiment files those runs name — and
 * `trialbook-bundle.json` listing every file with its sha256, in one .tar.gz (any `tar xzf` unpacks it). Paths are kept
 * relative to the folder `bundle` runs in, so the notebook reruns unchanged where the bundle is unpacked.
 */
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, extname, join, relative, resolve } from "node:path";
import { sha256 } from "../store/hash.js";
import { readManifest } from "../store/manifest.js";
import { readNotebook } from "./ipynb.js";
import { posix, type ExecutionRecord } from "./record.js";
import { readTarGz, writeTarGz, type TarEntry } from "./tar.js";
import { VERSION } from "../version.js";

export const BUNDLE_MANIFEST = "trialbook-bundle.json";

export interface BundleManifest {
  format: "trialbook-bundle/1";
  tool: { name: "trialbook"; version: string };
  created_at: string;
  notebook: string;
  files: Array<{ path: string; sha256: string; bytes: number }>;
}

function inside(root: string, path: string): string {
  const rel = relative(root, path);
  if (rel.startsWith("..") || resolve(root, rel) !== path) throw new Error(`${path} lies outside ${root}; run \`trialbook bundle\` from a folder that holds the notebook, its runs and experiments`);
  return posix(rel);
}

/** The files of a bundle, relative to `root`. */
export function bundleFiles(executedNotebook: string, root: string): string[] {
  const nbPath = resolve(executedNotebook);
  const nb = readNotebook(nbPath);
  const record = nb.metadata["trialbook"] as ExecutionRecord | undefined;
  if (!record) throw new Error(`${executedNotebook} has no execution record; run it with \`trialbook notebook run\` first`);
  const dir = dirname(nbPath);
  const files = new Set<string>([nbPath]);
  const stem = basename(nbPath, extname(nbPath));
  for (const ext of [".html", ".pdf"]) if (existsSync(join(dir, stem + ext))) files.add(join(dir, stem + ext));
  const source = resolve(dir, record.source);
  if (existsSync(source)) files.add(source);
  for (const run of record.runs_read) {
    const runDir = resolve(dir, run.path);
    for (const f of readdirSync(runDir)) if (statSync(join(runDir, f)).isFile()) files.add(join(runDir, f));
    const experiment = readManifest(runDir).experiment.file;
    for (const candidate of [resolve(root, experiment), resolve(runDir, experiment)]) {
      if (existsSync(candidate) && statSync(candidate).isFile()) {
        files.add(candidate);
        break;
      }
    }
  }
  return [...files].map((f) => inside(root, f)).sort();
}

export function createBundle(executedNotebook: string, out: string, root = process.cwd()): BundleManifest {
  const paths = bundleFiles(executedNotebook, resolve(root));
  const entries: TarEntry[] = paths.map((p) => ({ path: p, data: readFileSync(resolve(root, p)) }));
  const manifest: BundleManifest = {
    format: "trialbook-bundle/1",
    tool: { name: "trialbook", version: VERSION },
    created_at: new Date().toISOString(),
    notebook: inside(resolve(root), resolve(executedNotebook)),
    files: entries.map((e) => ({ path: e.path, sha256: sha256(e.data), bytes: e.data.length })),
  };
  writeFileSync(out, writeTarGz([{ path: BUNDLE_MANIFEST, data: Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`) }, ...entries]));
  return manifest;
}

export interface Verification {
  ok: boolean;
  checked: number;
  problems: string[];
  manifest: BundleManifest | null;
}

/** Checks every file of a bundle (the .tar.gz, or a folder it was unpacked into) against its manifest's sha256. */
export function verifyBundle(target: string): Verification {
  const isDir = statSync(target).isDirectory();
  const entries = isDir ? null : new Map(readTarGz(readFileSync(target)).map((e) => [e.path, e.data]));
  const read = (p: string): Buffer | null => (entries ? (entries.get(p) ?? null) : existsSync(join(target, p)) ? readFileSync(join(target, p)) : null);
  const raw = read(BUNDLE_MANIFEST);
  if (!raw) return { ok: false, checked: 0, problems: [`${BUNDLE_MANIFEST} is missing: not a trialbook bundle`], manifest: null };
  const manifest = JSON.parse(raw.toString("utf8")) as BundleManifest;
  const problems: string[] = [];
  for (const f of manifest.files) {
    const data = read(f.path);
    if (!data) problems.push(`missing: ${f.path}`);
    else if (sha256(data) !== f.sha256) problems.push(`changed: ${f.path} (sha256 ${sha256(data).slice(0, 12)}…, bundle says ${f.sha256.slice(0, 12)}…; ${data.length} bytes, was ${f.bytes})`);
  }
  if (entries) {
    const listed = new Set([BUNDLE_MANIFEST, ...manifest.files.map((f) => f.path)]);
    for (const path of entries.keys()) if (!listed.has(path)) problems.push(`not in the manifest: ${path}`);
  }
  return { ok: problems.length === 0, checked: manifest.files.length, problems, manifest };
}
