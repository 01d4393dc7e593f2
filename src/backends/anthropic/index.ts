/**
 * `anthropic`: the Messages API (`POST /v1/messages`, streamed). The key comes from the environment variable the
 * experiment names and travels only in the `x-api-key` header.
 */
import type { BackendFactory } from "../types.js";
import { BackendError } from "../types.js";
import type { AnthropicBackendConfig } from "../../validate/schema.js";
import { getJson, makeAgent, streamHttp } from "../http/stream.js";
import { sseEvents } from "../http/sse.js";
import { anthropicEvents, messagesBody } from "./stream.js";
import { backendIsLocal } from "../locality.js";

const join = (base: string, path: string): URL => new URL(base.replace(/\/+$/, "") + path);

export const createAnthropicBackend: BackendFactory<AnthropicBackendConfig> = (id, config, context) => {
  const base = config.base_url;
  const agent = makeAgent(new URL(base));
  const headers: Record<string, string> = { "content-type": "application/json", "anthropic-version": config.version };
  if (context.apiKey) headers["x-api-key"] = context.apiKey;
  const egress = context.egress ? { egress: context.egress } : {};
  const listModels = async (signal?: AbortSignal) => {
    const body = (await getJson(join(base, "/v1/models"), signal ? { headers, signal, agent, ...egress } : { headers, agent, ...egress })) as { data?: Array<{ id: string; created_at?: string }> };
    if (!Array.isArray(body.data)) throw new BackendError("stream", `${base}/v1/models did not list models`);
    return body.data.map((m) => (m.created_at ? { name: m.id, modified_at: m.created_at } : { name: m.id }));
  };
  return {
    id,
    type: "anthropic",
    local: backendIsLocal(config),
    async info(signal) {
      try {
        await listModels(signal);
        return { reachable: true, url: base, server: "anthropic" };
      } catch (e) {
        return { reachable: false, url: base, problem: (e as Error).message };
      }
    },
    listModels,
    async fingerprint(variant) {
      return `anthropic:${base}:${variant.model}`;
    },
    async open(variant) {
      const url = join(base, "/v1/messages");
      return {
        facts: { name: variant.model },
        generate: (req, signal) => anthropicEvents(sseEvents(streamHttp({ url, method: "POST", headers, body: JSON.stringify(messagesBody(req)), signal, agent, ...egress }))),
        async close() {},
      };
    },
    async close() {
      agent.destroy();
    },
  };
};
