/**
 * `gemini`: Google's Gemini API (`POST /v1beta/models/{model}:streamGenerateContent?alt=sse`). The key comes from the
 * environment variable the experiment names and travels only in the `x-goog-api-key` header, never in the URL.
 */
import type { BackendFactory } from "../types.js";
import type { GeminiBackendConfig } from "../../validate/schema.js";
import { hostedBackend } from "../http/hosted.js";
import { generateBody, geminiEvents } from "./stream.js";

export const createGeminiBackend: BackendFactory<GeminiBackendConfig> = (id, config, context) =>
  hostedBackend(id, config, context, {
    type: "gemini",
    baseUrl: config.base_url,
    headers: {},
    keyHeader: "x-goog-api-key",
    modelsPath: "/v1beta/models",
    models: (body) => {
      const models = (body as { models?: Array<{ name: string }> }).models;
      return Array.isArray(models) ? models.map((m) => ({ name: m.name.replace(/^models\//, "") })) : null;
    },
    generatePath: (variant) => `/v1beta/models/${encodeURIComponent(variant.model)}:streamGenerateContent?alt=sse`,
    body: generateBody,
    events: geminiEvents,
  });
