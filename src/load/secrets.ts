/**
 * Resolves what backends need from the environment (API keys), once, at load time. Backends never read the
 * environment themselves, and nothing resolved here is written to any artifact.
 */
import type { Experiment } from "../validate/schema.js";
import type { BackendContext, Logger } from "../backends/types.js";

export function backendContexts(
  e: Experiment,
  env: Readonly<Record<string, string | undefined>>,
  baseDir: string,
  logger: Logger,
  egress?: BackendContext["egress"],
): Record<string, BackendContext> {
  const out: Record<string, BackendContext> = {};
  for (const [id, config] of Object.entries(e.backends)) {
    const context: BackendContext = egress ? { baseDir, logger, egress } : { baseDir, logger };
    if ((config.type === "openai" || config.type === "lmstudio" || config.type === "anthropic" || config.type === "gemini") && config.api_key_env) {
      const key = env[config.api_key_env];
      if (key) context.apiKey = key;
      else logger.warn(`backend ${id}: environment variable ${config.api_key_env} is not set; requests go without an API key`);
    }
    out[id] = context;
  }
  return out;
}
