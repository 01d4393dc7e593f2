/**
 * Before a run writes anything: create the backends the variants use and confirm what the run needs —
 *
 * 1. each GGUF file a `llama-cpp` variant names exists (no connection needed);
 * 2. each backend answers (an unreachable one is a warning, reported once, instead of one error per trial);
 * 3. each model is served by its backend, with "did you mean" from the server's own list;
 * 4. each key variable an experiment names is set;
 * 5. each context depth (`workload.depth`) fits the context the variant's requests will get (depth-context.ts).
 *
 * A missing file or a model its server does not serve is a problem (the run stops, exit 2, nothing written); a model
 * missing from the list of a server whose list is not authoritative (OpenAI-compatible servers and proxies that accept
 * aliases, hosted APIs) is a warning. `trialbook check` runs the same and treats unset keys and "no backend answers" as
 * problems too.
 */
import { existsSync, readdirSync } from "node:fs";
import { basename, dirname, resolve } from "node:path";
import type { BackendConfig, Experiment } from "../validate/schema.js";
import type { Backend, BackendContext, BackendInfo, Logger, ModelListing } from "../backends/types.js";
import { contradictions } from "./fidelity.js";
import { contradictionText } from "../shared/contradiction.js";
import { createBackend } from "../backends/registry.js";
import type { ManifestBackend } from "../store/manifest.js";
import type { FieldPath, Problem } from "../validate/problem.js";
import { formatPath } from "../validate/problem.js";
import { locate } from "../validate/locate.js";
import type { LoadedFile } from "../load/read.js";
import { closest } from "../validate/suggest.js";
import { messages } from "../shared/i18n/catalogue.js";
import { depthFindings } from "./depth-context.js";

const M = messages("en").fidelity;

export type FindingKind = "file" | "model" | "model-unlisted" | "unreachable" | "key" | "contradiction" | "context";

/** One thing preflight found, at the field it concerns. `problem` stops a run; `warning` does not. */
export interface Finding {
  kind: FindingKind;
  severity: "problem" | "warning";
  path: FieldPath;
  message: string;
}

export interface Preflight {
  backends: Map<string, Backend>;
  manifest: Record<string, ManifestBackend>;
  unreachable: string[];
  findings: Finding[];
}

/** Servers whose model list is everything they serve: a model not on it is a typo or not pulled. */
const AUTHORITATIVE: ReadonlySet<BackendConfig["type"]> = new Set(["ollama", "lmstudio"] as BackendConfig["type"][]);

/** Whether `model` is one of `names` as the server spells them (Ollama's implicit `:latest`, Gemini's `models/`). */
export function isServed(type: BackendConfig["type"], model: string, names: readonly string[]): boolean {
  if (names.includes(model)) return true;
  if (type === "ollama") return names.includes(`${model}:latest`) || (model.endsWith(":latest") && names.includes(model.slice(0, -7)));
  if (type === "gemini") return names.includes(`models/${model}`);
  return false;
}

function hint(model: string, names: readonly string[]): string {
  const guess = closest(model, names);
  if (guess !== undefined) return ` (did you mean "${guess}"?)`;
  return names.length ? M.servedList(names.slice(0, 8).join(", ") + (names.length > 8 ? ", …" : "")) : "";
}

function ggufFindings(e: Experiment, baseDir: string): Finding[] {
  const out: Finding[] = [];
  e.variants.forEach((v, i) => {
    if (e.backends[v.backend]?.type !== "llama-cpp") return;
    const path = resolve(baseDir, v.model);
    if (existsSync(path)) return;
    const dir = dirname(path);
    const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.toLowerCase().endsWith(".gguf")) : [];
    const guess = closest(basename(path), files);
    out.push({ kind: "file", severity: "problem", path: ["variants", i, "model"], message: M.modelFileMissing(path, guess === undefined ? "" : ` (did you mean "${guess}"?)`) });
  });
  return out;
}

function keyFindings(e: Experiment, env: Readonly<Record<string, string | undefined>>): Finding[] {
  const out: Finding[] = [];
  for (const [id, config] of Object.entries(e.backends)) {
    const name = "api_key_env" in config ? config.api_key_env : undefined;
    if (name && !env[name]) out.push({ kind: "key", severity: "warning", path: ["backends", id, "api_key_env"], message: M.keyNotSet(name) });
  }
  return out;
}

async function modelFindings(e: Experiment, id: string, config: BackendConfig, backend: Backend, info: BackendInfo): Promise<Finding[]> {
  // llama-server answers whatever model name a request carries; the embedded engine was checked by file
  if (config.type === "llama-cpp" || info.server === "llama-server") return [];
  let listed: ModelListing[];
  try {
    listed = await backend.listModels();
  } catch {
    return [];
  }
  const names = listed.map((m) => m.name);
  const strict = AUTHORITATIVE.has(config.type);
  const out: Finding[] = [];
  e.variants.forEach((v, i) => {
    if (v.backend !== id) return;
    const served = listed.find((m) => m.name === v.model);
    for (const c of served ? contradictions(v, { format: served.format, quantization: served.quantization }) : []) {
      out.push({ kind: "contradiction", severity: "warning", path: ["variants", i, c.field], message: contradictionText(c) });
    }
    if (isServed(config.type, v.model, names)) return;
    const message = strict ? M.modelNotServed(v.model, id, hint(v.model, names)) : M.modelNotListed(v.model, id, hint(v.model, names));
    out.push({ kind: strict ? "model" : "model-unlisted", severity: strict ? "problem" : "warning", path: ["variants", i, "model"], message });
  });
  return out;
}

export async function preflight(
  e: Experiment,
  contexts: Record<string, BackendContext>,
  logger: Logger,
  where: { baseDir?: string; env?: Readonly<Record<string, string | undefined>> } = {},
): Promise<Preflight> {
  const used = [...new Set(e.variants.map((v) => v.backend))];
  const backends = new Map<string, Backend>();
  const manifest: Record<string, ManifestBackend> = {};
  const unreachable: string[] = [];
  const findings: Finding[] = [...(where.baseDir === undefined ? [] : ggufFindings(e, where.baseDir)), ...(where.env ? keyFindings(e, where.env) : [])];
  await Promise.all(
    used.map(async (id) => {
      const config = e.backends[id];
      const context = contexts[id];
      if (!config || !context) return;
      const backend = createBackend(id, config, context);
      backends.set(id, backend);
      const info = await backend.info();
      manifest[id] = {
        ...info,
        type: config.type,
        local: backend.local,
        ...(config.type === "openai" && config.api_key_env ? { api_key_env: config.api_key_env } : {}),
      };
      if (!info.reachable) {
        unreachable.push(id);
        const message = M.unreachable(id, config.type, info.url ?? "?", info.problem ?? "no answer");
        findings.push({ kind: "unreachable", severity: "warning", path: ["backends", id], message });
        logger.warn(message);
        return;
      }
      logger.info(`backend ${id}: ${info.server ?? config.type}${info.version ? ` ${info.version}` : ""} at ${info.url ?? "?"}`);
      findings.push(...(await modelFindings(e, id, config, backend, info)));
    }),
  );
  findings.push(...(await depthFindings(e, backends, unreachable, where.baseDir)));
  // unreachable was said above, keys by the secrets loader; contradictions are said when the variant opens (or by `check`)
  for (const f of findings) if (f.severity === "warning" && (f.kind === "model-unlisted" || f.kind === "context")) logger.warn(f.message);
  return { backends, manifest, unreachable, findings };
}

/** Findings placed in the experiment file, as `validate` places its problems (FILE:LINE:COL field message). */
export function placeFindings(loaded: LoadedFile, findings: readonly Finding[]): Problem[] {
  return findings
    .map((f) => ({ ...locate(loaded.doc, loaded.lines, f.path), file: loaded.file, field: formatPath(f.path), message: f.message }))
    .sort((a, b) => a.line - b.line || a.col - b.col);
}

/** What `check` treats as a problem: everything `run` stops on, plus unset keys and "no backend answers". */
export function checkProblems(e: Experiment, pf: Preflight): Finding[] {
  const out = pf.findings.filter((f) => f.severity === "problem" || f.kind === "key").map((f) => ({ ...f, severity: "problem" as const }));
  const runnable = e.variants.some((v) => !pf.unreachable.includes(v.backend));
  if (!runnable) out.push({ kind: "unreachable", severity: "problem", path: ["backends"], message: M.noBackendAnswers });
  return out;
}
