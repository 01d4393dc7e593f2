/**
 * `gemini`: Google's Gemini API (`POST /v1beta/models/{model}:streamGenerateContent?alt=sse`). The key comes from the
 * environment variable the experiment names and travels only in the `x-goog-api-key` header, never in the URL.
 */
import type { BackendFactory } from "../types.js";
import { BackendError } from "../types.js";
import type { GeminiBackendConfig } from "../../validate/schema.js";
import { getJson, makeAgent, streamHttp } from "../http/stream.js";
import { sseEvents } from "../http/sse.js";
import { generateBody, geminiEvents } from "./stream.js";
import { backendIsLocal } from "../locality.js";

const join = (base: string, path: string): URL => new URL(base.replace(/\/+$/, "") + path);

export const createGeminiBackend: BackendFactory<GeminiBackendConfig> = (id, config, context) => {
  const base = config.base_url;
  const agent = makeAgent(new URL(base));
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (context.apiKey) headers["x-goog-api-key"] = context.apiKey;
  const egress = context.egress ? { egress: context.egress } : {};
  const listModels = async (signal?: AbortSignal) => {
    const body = (await getJson(join(base, "/v1beta/models"), signal ? { headers, signal, agent, ...egress } : { headers, agent, ...egress })) as { models?: Array<{ name: string }> };
    if (!Array.isArray(body.models)) throw new BackendError("stream", `${base}/v1beta/models did not list models`);
    return body.models.map((m) => ({ name: m.name.replace(/^models\//, "") }));
  };
  return {
    id,
    type: "gemini",
    local: backendIsLocal(config),
    async info(signal) {
      try {
        await listModels(signal);
        return { reachable: true, url: base, server: "gemini" };
      } catch (e) {
        return { reachable: false, url: base, problem: (e as Error).message };
      }
    },
    listModels,
    async fingerprint(variant) {
      return `gemini:${base}:${variant.model}`;
    },
    async open(variant) {
      const url = join(base, `/v1beta/models/${encodeURIComponent(variant.model)}:streamGenerateContent?alt=sse`);
      return {
        facts: { name: variant.model },
        generate: (req, signal) => geminiEvents(sseEvents(streamHttp({ url, method: "POST", headers, body: JSON.stringify(generateBody(req)), signal, agent, ...egress }))),
        async close() {},
      };
    },
    async close() {
      agent.destroy();
    },
  };
};
