/**
 * The shape shared by hosted flagship APIs (Anthropic, Gemini): a keep-alive agent, the key in a header, a model list
 * that doubles as the reachability check, and one streamed POST per request mapped to backend events by the API's own
 * parser. Each API supplies only what differs.
 */
import type { BackendConfig, Variant } from "../../validate/schema.js";
import { BackendError, type Backend, type BackendContext, type BackendEvent, type GenerationRequest, type ModelListing } from "../types.js";
import { getJson, makeAgent, streamHttp, urlJoin, type HttpStreamEvent } from "./stream.js";
import { backendIsLocal } from "../locality.js";

export interface HostedApi {
  type: "anthropic" | "gemini";
  baseUrl: string;
  /** Fixed headers, and the header the API key goes in. */
  headers: Record<string, string>;
  keyHeader: string;
  modelsPath: string;
  models(body: unknown): ModelListing[] | null;
  generatePath(variant: Variant): string;
  body(req: GenerationRequest): Record<string, unknown>;
  events(reads: AsyncIterable<HttpStreamEvent>): AsyncGenerator<BackendEvent>;
}


export function hostedBackend(id: string, config: BackendConfig, context: BackendContext, api: HostedApi): Backend {
  const base = api.baseUrl;
  const agent = makeAgent(new URL(base));
  const headers: Record<string, string> = { "content-type": "application/json", ...api.headers };
  if (context.apiKey) headers[api.keyHeader] = context.apiKey;
  const egress = context.egress ? { egress: context.egress } : {};
  const listModels = async (signal?: AbortSignal): Promise<ModelListing[]> => {
    const body = await getJson(urlJoin(base, api.modelsPath), signal ? { headers, signal, agent, ...egress } : { headers, agent, ...egress });
    const models = api.models(body);
    if (!models) throw new BackendError("stream", `${base}${api.modelsPath} did not list models`);
    return models;
  };
  return {
    id,
    type: api.type,
    local: backendIsLocal(config),
    async info(signal) {
      try {
        await listModels(signal);
        return { reachable: true, url: base, server: api.type };
      } catch (e) {
        return { reachable: false, url: base, problem: (e as Error).message };
      }
    },
    listModels,
    async fingerprint(variant) {
      return `${api.type}:${base}:${variant.model}`;
    },
    async open(variant) {
      const url = urlJoin(base, api.generatePath(variant));
      return {
        facts: { name: variant.model },
        gated: true,
        generate: (req, signal, gate) => {
          const withEffort = variant.reasoning_effort === undefined ? req : { reasoning_effort: variant.reasoning_effort, ...req };
          return api.events(streamHttp({ url, method: "POST", headers, body: JSON.stringify(api.body(withEffort)), signal, agent, ...egress, ...(gate ? { gate } : {}) }));
        },
        async close() {},
      };
    },
    async close() {
      agent.destroy();
    },
  };
}
