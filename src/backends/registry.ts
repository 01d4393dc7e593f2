/** Every backend, by `type`. Adding a backend is one new folder and one entry here; a missing entry does not compile. */
import type { BackendConfig } from "../validate/schema.js";
import type { Backend, BackendContext, BackendRegistry } from "./types.js";
import { createLlamaCppBackend } from "./llama-cpp/index.js";
import { createOpenAIBackend } from "./openai/index.js";
import { createOllamaBackend } from "./ollama/index.js";
import { createLmStudioBackend } from "./lmstudio/index.js";
import { createAnthropicBackend } from "./anthropic/index.js";
import { createGeminiBackend } from "./gemini/index.js";

export const BACKENDS: BackendRegistry = {
  "llama-cpp": createLlamaCppBackend,
  openai: createOpenAIBackend,
  ollama: createOllamaBackend,
  lmstudio: createLmStudioBackend,
  anthropic: createAnthropicBackend,
  gemini: createGeminiBackend,
};

export function createBackend(id: string, config: BackendConfig, context: BackendContext): Backend {
  const factory = BACKENDS[config.type] as (id: string, config: BackendConfig, context: BackendContext) => Backend;
  return factory(id, config, context);
}
