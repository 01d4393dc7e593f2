/**
 * `lmstudio`: LM Studio's native REST API (lmstudio-ai/docs `1_developer/2_rest/endpoints.mdx`, v0; `load.md`,
 * `unload.md`, `list.md`, v1). Requests stream through `/api/v0/chat/completions` on a keep-alive pool; the server's
 * `stats` are the trial's counters (seconds → ms). Models come from `/api/v0/models` (format, quantization, loaded
 * state, max context). Opening a variant loads its model through `/api/v1/models/load` when it is not loaded yet, so
 * the cold load is measured apart (LM Studio's own `load_time_seconds`); `unload_before` unloads it through
 * `/api/v1/models/unload` (LM Studio 0.4 and later). After the requests, the engine (`runtime`), `model_info` and the
 * loaded context are the variant's server facts.
 */
import { BackendError, type BackendFactory, type ModelListing } from "../types.js";
import type { LmStudioBackendConfig } from "../../validate/schema.js";
import { getJson, makeAgent, streamHttp, urlJoin } from "../http/stream.js";
import { backendIsLocal } from "../locality.js";
import { lmStudioBody, lmStudioEvents, type LmStudioSeen } from "./stream.js";
import { messages } from "../../shared/i18n/catalogue.js";

interface V0Model {
  id: string;
  type?: string;
  publisher?: string;
  arch?: string;
  compatibility_type?: string;
  quantization?: string;
  state?: string;
  max_context_length?: number;
}

/** POST a JSON body and read a JSON answer (load and unload). */
async function postJson(url: URL, body: unknown, headers: Record<string, string>, timeoutMs: number, egress: { egress?: { record(url: URL): void } }): Promise<unknown> {
  const parts: Buffer[] = [];
  for await (const ev of streamHttp({ url, method: "POST", headers, body: JSON.stringify(body), signal: AbortSignal.timeout(timeoutMs), ...egress })) {
    if (ev.type === "read") parts.push(ev.bytes);
  }
  const text = Buffer.concat(parts).toString("utf8");
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new BackendError("stream", `${url.pathname} did not answer JSON: ${text.slice(0, 120)}`);
  }
}

const listing = (m: V0Model): ModelListing => ({
  name: m.id,
  ...(m.compatibility_type ? { format: m.compatibility_type } : {}),
  ...(m.quantization ? { quantization: m.quantization } : {}),
  ...(m.state ? { state: m.state } : {}),
  ...(typeof m.max_context_length === "number" ? { max_context_length: m.max_context_length } : {}),
  ...(ENGINES[m.compatibility_type ?? ""] ? { engine: ENGINES[m.compatibility_type ?? ""] } : {}),
});

/** LM Studio runs GGUF models on llama.cpp and MLX models on Apple's MLX (its docs: "Run llama.cpp (GGUF) or MLX models"). */
const ENGINES: Record<string, string> = { gguf: "llama.cpp", mlx: "MLX" };

export const createLmStudioBackend: BackendFactory<LmStudioBackendConfig> = (id, config, context) => {
  const host = config.host.replace(/\/+$/, "");
  const agent = makeAgent(new URL(host));
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (context.apiKey) headers["authorization"] = `Bearer ${context.apiKey}`;
  const egress = context.egress ? { egress: context.egress } : {};
  const models = async (signal?: AbortSignal): Promise<V0Model[]> => {
    const body = (await getJson(urlJoin(host, "/api/v0/models"), { headers, agent, ...(signal ? { signal } : {}), ...egress })) as { data?: V0Model[] };
    if (!Array.isArray(body.data)) throw new BackendError("stream", `${host}/api/v0/models did not list models`);
    return body.data;
  };
  const model = async (name: string): Promise<V0Model | undefined> => (await models()).find((m) => m.id === name);
  return {
    id,
    type: "lmstudio",
    local: backendIsLocal(config),
    async info(signal) {
      try {
        await models(signal);
        return { reachable: true, url: host, server: "lmstudio" };
      } catch (e) {
        return { reachable: false, url: host, problem: (e as Error).message };
      }
    },
    async listModels(signal) {
      return (await models(signal)).map(listing);
    },
    async fingerprint(variant, signal) {
      try {
        const m = (await models(signal)).find((x) => x.id === variant.model);
        return m ? `lmstudio:${host}:${m.id}:${m.compatibility_type ?? "?"}:${m.quantization ?? "?"}` : null;
      } catch {
        return null;
      }
    },
    async open(variant, options) {
      if (options.ignoreEos) context.logger.warn(messages("en").fidelity.noIgnoreEos(variant.id, "LM Studio's REST API"));
      let m = await model(variant.model);
      if (!m) throw new BackendError("http", `LM Studio at ${host} does not list model "${variant.model}"`, 404);
      let load_ms: number | undefined;
      if (m.state !== "loaded") {
        const t0 = performance.now();
        const loaded = (await postJson(urlJoin(host, "/api/v1/models/load"), { model: variant.model }, headers, 600_000, egress)) as { load_time_seconds?: number };
        load_ms = typeof loaded.load_time_seconds === "number" ? loaded.load_time_seconds * 1000 : performance.now() - t0;
        m = (await model(variant.model)) ?? m;
      }
      const seen: LmStudioSeen = {};
      const url = urlJoin(host, "/api/v0/chat/completions");
      return {
        facts: {
          name: m.id,
          ...(m.compatibility_type ? { format_reported: m.compatibility_type } : {}),
          ...(m.quantization ? { quantization_reported: m.quantization } : {}),
          ...(m.arch ? { family: m.arch } : {}),
          ...(load_ms === undefined ? {} : { load_ms }),
          details: { state_at_open: m.state ?? null, max_context_length: m.max_context_length ?? null, publisher: m.publisher ?? null },
        },
        gated: true,
        generate: (req, signal, gate) => lmStudioEvents(streamHttp({ url, method: "POST", headers, body: JSON.stringify(lmStudioBody(req)), signal, agent, ...egress, ...(gate ? { gate } : {}) }), seen),
        async warm(connections) {
          await Promise.all(Array.from({ length: connections }, () => getJson(urlJoin(host, "/api/v0/models"), { headers, agent, ...egress })));
        },
        async unload() {
          await postJson(urlJoin(host, "/api/v1/models/unload"), { instance_id: variant.model }, headers, 60_000, egress);
        },
        async serverFacts() {
          const now = await model(variant.model).catch(() => undefined);
          const out: Record<string, unknown> = { source: "/api/v0 (model_info, runtime, models)" };
          if (seen.runtime?.name) out["engine"] = `${seen.runtime.name}${seen.runtime.version ? ` ${seen.runtime.version}` : ""}`;
          if (seen.model_info?.format) out["format"] = seen.model_info.format;
          if (seen.model_info?.quant) out["quantization"] = seen.model_info.quant;
          if (seen.model_info?.arch) out["arch"] = seen.model_info.arch;
          if (typeof seen.model_info?.context_length === "number") out["context_length"] = seen.model_info.context_length;
          if (typeof now?.max_context_length === "number") out["max_context_length"] = now.max_context_length;
          if (now?.state) out["state"] = now.state;
          if (seen.model_info) out["model_info"] = seen.model_info;
          if (seen.runtime) out["runtime"] = seen.runtime;
          return Object.keys(out).length > 1 ? out : null;
        },
        async close() {},
      };
    },
    async close() {
      agent.destroy();
    },
  };
};
