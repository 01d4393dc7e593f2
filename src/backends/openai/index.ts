/**
 * `openai`: any OpenAI-compatible server (llama-server, LM Studio, vLLM, mlx_lm, LiteLLM, OpenAI), streamed over SSE
 * on a keep-alive connection pool. A variant's `reasoning_effort` is sent as `reasoning_effort`; hosted OpenAI
 * reasoning models get `max_completion_tokens` and no temperature; a LiteLLM proxy is recognised by its headers.
 * llama-server's `timings` and LM Studio's `stats` blocks are kept as the trial's `server` report; the server's
 * identity and version come from llama-server's `/props` when it answers, or vLLM's `/version`.
 */
import { BackendError, type BackendFactory } from "../types.js";
import type { OpenAIBackendConfig } from "../../validate/schema.js";
import { getJson, makeAgent, streamHttp, urlJoin } from "../http/stream.js";
import { openAIEvents, openAIFlavour, openAIMapper, requestBody } from "./stream.js";
import { litellmProxy, vllmVersion } from "./proxy.js";
import { backendIsLocal } from "../locality.js";


export const createOpenAIBackend: BackendFactory<OpenAIBackendConfig> = (id, config, context) => {
  const base = config.base_url;
  const agent = makeAgent(new URL(base));
  const headers: Record<string, string> = { "content-type": "application/json" };
  const egress = context.egress ? { egress: context.egress } : {};
  if (context.apiKey) headers["authorization"] = `Bearer ${context.apiKey}`;
  const listModels = async (signal?: AbortSignal) => {
    const body = (await getJson(urlJoin(base, "/models"), signal ? { headers, signal, ...egress } : { headers, ...egress })) as { data?: Array<{ id: string; created?: number }> };
    if (!Array.isArray(body.data)) throw new BackendError("stream", `${base}/models did not list models`);
    return body.data.map((m) => (m.created ? { name: m.id, modified_at: new Date(m.created * 1000).toISOString() } : { name: m.id }));
  };
  let build: string | undefined;
  /**
   * What the server says about the served model: llama-server `/props` (n_ctx per slot from
   * default_generation_settings, total_slots, build), vLLM `max_model_len` from `/v1/models` and its `/version`, LM
   * Studio's `max_context_length` and load state from its `/api/v0/models`.
   */
  const serverFacts = async (model: string): Promise<Record<string, unknown> | null> => {
    const origin = new URL(base).origin;
    const props = (await getJson(new URL("/props", origin), { headers, timeoutMs: 2000, ...egress }).catch(() => null)) as
      | { build_info?: string; total_slots?: number; model_path?: string; default_generation_settings?: { n_ctx?: number } }
      | null;
    if (props && typeof props.build_info === "string") {
      const n_ctx = props.default_generation_settings?.n_ctx;
      return { source: "llama-server /props", build: props.build_info, ...(typeof n_ctx === "number" ? { n_ctx } : {}), ...(typeof props.total_slots === "number" ? { total_slots: props.total_slots } : {}), ...(props.model_path ? { model_path: props.model_path } : {}) };
    }
    const listed = (await getJson(urlJoin(base, "/models"), { headers, ...egress }).catch(() => null)) as { data?: Array<{ id?: string; owned_by?: string; max_model_len?: number; root?: string }> } | null;
    const card = listed?.data?.find((m) => m.id === model);
    // LM Studio's OpenAI-compatible list says owned_by "organization_owner" (lmstudio-ai/docs 1_developer/3_openai-compat/
    // models.md); its own REST API v0 (2_rest/endpoints.mdx) lists each model's max_context_length
    if (card?.owned_by === "organization_owner") {
      const v0 = (await getJson(new URL("/api/v0/models", origin), { headers, timeoutMs: 2000, ...egress }).catch(() => null)) as { data?: Array<{ id?: string; max_context_length?: number; state?: string }> } | null;
      const m = v0?.data?.find((x) => x.id === model);
      if (m) return { source: "LM Studio /api/v0/models", ...(typeof m.max_context_length === "number" ? { max_context_length: m.max_context_length } : {}), ...(m.state ? { state: m.state } : {}) };
    }
    if (card?.owned_by === "vllm") {
      const v = (await getJson(new URL("/version", origin), { headers, timeoutMs: 2000, ...egress }).catch(() => ({}))) as { version?: string };
      return { source: "vLLM /v1/models, /version", ...(typeof v.version === "string" ? { version: v.version } : {}), ...(typeof card.max_model_len === "number" ? { max_model_len: card.max_model_len } : {}), ...(card.root ? { root: card.root } : {}) };
    }
    return null;
  };
  let vllm: boolean | undefined;
  return {
    id,
    type: "openai",
    local: backendIsLocal(config),
    async info(signal) {
      let listed: Array<{ owned_by?: string }>;
      try {
        const body = (await getJson(urlJoin(base, "/models"), signal ? { headers, signal, ...egress } : { headers, ...egress })) as { data?: Array<{ owned_by?: string }> };
        if (!Array.isArray(body.data)) throw new BackendError("stream", `${base}/models did not list models`);
        listed = body.data;
      } catch (e) {
        return { reachable: false, url: base, problem: (e as Error).message };
      }
      const origin = new URL(base).origin;
      try {
        const props = (await getJson(new URL("/props", origin), { headers, timeoutMs: 2000, ...egress })) as { build_info?: string };
        if (typeof props.build_info === "string") {
          build = `llama-server ${props.build_info}`;
          return { reachable: true, url: base, server: "llama-server", version: props.build_info };
        }
      } catch {
        // not llama-server
      }
      // vLLM: its model cards say owned_by "vllm" (vllm/entrypoints/openai/protocol.py ModelCard); /version answers its version
      const version = await vllmVersion(base, headers, egress.egress);
      vllm = version !== null || listed.some((m) => m.owned_by === "vllm");
      if (vllm) {
        build = `vllm ${version ?? "?"}`;
        return { reachable: true, url: base, server: "vllm", ...(version !== null ? { version } : {}) };
      }
      return { reachable: true, url: base, server: "openai-compatible" };
    },
    listModels,
    async contextLength(variant) {
      const f = await serverFacts(variant.model).catch(() => null);
      if (typeof f?.["n_ctx"] === "number") return { tokens: f["n_ctx"], source: "llama-server /props n_ctx (per slot)" };
      if (typeof f?.["max_model_len"] === "number") return { tokens: f["max_model_len"], source: "vLLM max_model_len" };
      if (typeof f?.["max_context_length"] === "number") return { tokens: f["max_context_length"], source: "LM Studio max_context_length", trained: true, server: "lmstudio" };
      return null;
    },
    async fingerprint(variant, signal) {
      try {
        const served = await listModels(signal);
        if (!served.some((m) => m.name === variant.model) && !build) return null;
      } catch {
        return null;
      }
      return `openai:${build ?? base}:${variant.model}`;
    },
    async open(variant) {
      const url = urlJoin(base, config.endpoint === "completions" ? "/completions" : "/chat/completions");
      const flavour = openAIFlavour(base, variant.model, vllm ?? false);
      const effort = variant.reasoning_effort === undefined ? {} : { reasoning_effort: variant.reasoning_effort };
      return {
        facts: { name: variant.model },
        gated: true,
        generate: (req, signal, gate) => {
          const mapper = openAIMapper();
          const body = JSON.stringify(requestBody(config.endpoint, { ...effort, ...req }, flavour));
          const onHeaders = (h: Parameters<typeof litellmProxy>[0]) => {
            mapper.proxy = litellmProxy(h);
          };
          return openAIEvents(streamHttp({ url, method: "POST", headers, body, signal, agent, onHeaders, ...egress, ...(gate ? { gate } : {}) }), mapper);
        },
        async warm(connections) {
          await Promise.all(Array.from({ length: connections }, () => getJson(urlJoin(base, "/models"), { headers, agent, ...egress })));
        },
        serverFacts: () => serverFacts(variant.model),
        async close() {},
      };
    },
    async close() {
      agent.destroy();
    },
  };
};
