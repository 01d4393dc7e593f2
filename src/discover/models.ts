/**
 * Model discovery: what a backend serves. A target is a URL (Ollama's /api/tags is tried first, then LM Studio's
 * /api/v0/models, then an OpenAI-compatible /v1/models), a folder of GGUF files (the embedded engine), or a backend id of an experiment.
 */
import { existsSync, statSync } from "node:fs";
import { dirname, resolve } from "node:path";
import type { BackendConfig } from "../validate/schema.js";
import type { Backend, Logger, ModelListing } from "../backends/types.js";
import { createBackend } from "../backends/registry.js";
import { validateFile } from "../validate/validate.js";
import { ExperimentError } from "../validate/problem.js";
import { backendContexts } from "../load/secrets.js";
import { RunError } from "../run/runner.js";

export interface Discovered {
  backend: string;
  type: BackendConfig["type"];
  models: ModelListing[];
}

const silent: Logger = { info() {}, warn() {} };

async function tryList(backend: Backend): Promise<Discovered | null> {
  try {
    const models = await backend.listModels();
    return { backend: backend.id, type: backend.type, models };
  } catch {
    return null;
  } finally {
    await backend.close();
  }
}

export async function discoverModels(target: string, options: { experiment?: string; env?: Readonly<Record<string, string | undefined>> } = {}): Promise<Discovered> {
  if (options.experiment) {
    const v = validateFile(options.experiment);
    if (!v.ok) throw new ExperimentError(v.problems);
    const config = v.experiment.backends[target];
    if (!config) throw new RunError(`${options.experiment} declares no backend "${target}"; declared: ${Object.keys(v.experiment.backends).join(", ")}`);
    const contexts = backendContexts(v.experiment, options.env ?? process.env, dirname(resolve(options.experiment)), silent);
    const backend = createBackend(target, config, contexts[target] ?? { baseDir: ".", logger: silent });
    try {
      return { backend: target, type: config.type, models: await backend.listModels() };
    } finally {
      await backend.close();
    }
  }
  if (existsSync(target) && statSync(target).isDirectory()) {
    const backend = createBackend("folder", { type: "llama-cpp", models_dir: target }, { baseDir: process.cwd(), logger: silent });
    return { backend: target, type: "llama-cpp", models: await backend.listModels() };
  }
  if (!/^https?:\/\//.test(target)) throw new RunError(`"${target}" is neither a URL, a folder, nor (with --experiment) a backend id`);
  const base = target.replace(/\/+$/, "");
  const ollama = await tryList(createBackend(target, { type: "ollama", host: base, api: "chat" }, { baseDir: ".", logger: silent }));
  if (ollama) return ollama;
  if (!base.endsWith("/v1")) {
    const lmstudio = await tryList(createBackend(target, { type: "lmstudio", host: base }, { baseDir: ".", logger: silent }));
    if (lmstudio) return lmstudio;
  }
  for (const url of base.endsWith("/v1") ? [base] : [`${base}/v1`, base]) {
    const openai = await tryList(createBackend(target, { type: "openai", base_url: url, endpoint: "chat" }, { baseDir: ".", logger: silent }));
    if (openai) return openai;
  }
  throw new RunError(`${target} answers neither Ollama's /api/tags nor an OpenAI-compatible /v1/models`);
}
