/**
 * `anthropic`: the Messages API (`POST /v1/messages`, streamed). The key comes from the environment variable the
 * experiment names and travels only in the `x-api-key` header.
 */
import type { BackendFactory } from "../types.js";
import type { AnthropicBackendConfig } from "../../validate/schema.js";
import { hostedBackend } from "../http/hosted.js";
import { anthropicEvents, messagesBody } from "./stream.js";

export const createAnthropicBackend: BackendFactory<AnthropicBackendConfig> = (id, config, context) =>
  hostedBackend(id, config, context, {
    type: "anthropic",
    baseUrl: config.base_url,
    headers: { "anthropic-version": config.version },
    keyHeader: "x-api-key",
    modelsPath: "/v1/models",
    models: (body) => {
      const data = (body as { data?: Array<{ id: string; created_at?: string }> }).data;
      return Array.isArray(data) ? data.map((m) => (m.created_at ? { name: m.id, modified_at: m.created_at } : { name: m.id })) : null;
    },
    generatePath: () => "/v1/messages",
    body: messagesBody,
    events: anthropicEvents,
  });
