/**
 * A LiteLLM proxy in the request path. LiteLLM answers with `x-litellm-*` response headers (call id, model id,
 * response cost, version, …) and, when the upstream sent no usage, computes `usage` itself with a tokenizer estimate
 * (`calculate_usage` in litellm_core_utils/streaming_chunk_builder_utils.py) — so token counts seen through it are
 * the proxy's, not the engine's. The trial records the proxy and its headers.
 */
import type http from "node:http";
import type { ProxyReport } from "../types.js";

export function litellmProxy(headers: http.IncomingHttpHeaders): ProxyReport | null {
  let found: Record<string, string> | null = null;
  for (const [name, value] of Object.entries(headers)) {
    if (!name.startsWith("x-litellm-") || value === undefined) continue;
    (found ??= {})[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  if (!found) return null;
  return { name: "litellm", version: found["x-litellm-version"] ?? null, headers: found };
}
