/**
 * Who is behind an OpenAI-compatible URL, where it changes what trialbook asks for or how it reads the answer.
 *
 * A LiteLLM proxy in the request path. LiteLLM answers with `x-litellm-*` response headers (call id, model id,
 * response cost, version, …) and, when the upstream sent no usage, computes `usage` itself with a tokenizer estimate
 * (`calculate_usage` in litellm_core_utils/streaming_chunk_builder_utils.py) — so token counts seen through it are
 * the proxy's, not the engine's. The trial records the proxy and its headers.
 */
import type http from "node:http";
import type { ProxyReport } from "../types.js";
import { getJson } from "../http/stream.js";

export function litellmProxy(headers: http.IncomingHttpHeaders): ProxyReport | null {
  let found: Record<string, string> | null = null;
  for (const [name, value] of Object.entries(headers)) {
    if (!name.startsWith("x-litellm-") || value === undefined) continue;
    (found ??= {})[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  if (!found) return null;
  return { name: "litellm", version: found["x-litellm-version"] ?? null, headers: found };
}

/**
 * vLLM answers `GET /version` with `{"version": "…"}` at its origin (llama-server, Ollama, LM Studio, mlx_lm and
 * LiteLLM do not serve that path): its version, else null. Only for vLLM is `stream_options.continuous_usage_stats`
 * sent.
 */
export async function vllmVersion(base: string, headers: Record<string, string>, egress?: { record(url: URL): void }): Promise<string | null> {
  try {
    const body = (await getJson(new URL("/version", new URL(base).origin), { headers, timeoutMs: 2000, ...(egress ? { egress } : {}) })) as { version?: unknown } | null;
    return typeof body?.version === "string" ? body.version : null;
  } catch {
    return null;
  }
}
