/**
 * Before a run: create the backends the variants use and ask each whether it answers, so that an unreachable server
 * is reported once, clearly, instead of once per trial.
 */
import type { Experiment } from "../validate/schema.js";
import type { Backend, BackendContext, Logger } from "../backends/types.js";
import { createBackend } from "../backends/registry.js";
import type { ManifestBackend } from "../store/manifest.js";

export interface Preflight {
  backends: Map<string, Backend>;
  manifest: Record<string, ManifestBackend>;
  unreachable: string[];
}

export async function preflight(e: Experiment, contexts: Record<string, BackendContext>, logger: Logger): Promise<Preflight> {
  const used = [...new Set(e.variants.map((v) => v.backend))];
  const backends = new Map<string, Backend>();
  const manifest: Record<string, ManifestBackend> = {};
  const unreachable: string[] = [];
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
        logger.warn(`backend ${id} (${config.type} at ${info.url ?? "?"}) is unreachable: ${info.problem ?? "no answer"}; its trials will be recorded as errors`);
      } else {
        logger.info(`backend ${id}: ${info.server ?? config.type}${info.version ? ` ${info.version}` : ""} at ${info.url ?? "?"}`);
      }
    }),
  );
  return { backends, manifest, unreachable };
}
