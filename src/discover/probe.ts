/**
 * Which model servers answer on this machine, and what each serves — for `trialbook init`. Only 127.0.0.1 (the usual
 * ports) and URLs the user names are asked; each with a short timeout, GET requests only.
 *
 * What each server says about its models, read from its listing endpoint:
 *   - Ollama `GET /api/tags`: name, size, digest, details.format / quantization_level / parameter_size.
 *   - LM Studio ≥ 0.4 `GET /api/v1/models` (key, format, quantization.name, params_string, size_bytes, type) or
 *     ≥ 0.3.6 `GET /api/v0/models` (id, compatibility_type, quantization, type; no size).
 *   - Any OpenAI-compatible server `GET /v1/models`: id; llama-server (tools/server/server-context.cpp,
 *     get_res_model_info) adds `owned_by: "llamacpp"` and `meta.size` / `meta.n_params` / `meta.ftype`; vLLM `owned_by: "vllm"`. Format and quantization are then left for the user to declare.
 */
import type { Logger } from "../backends/types.js";

export type ServerKind = "ollama" | "lmstudio" | "llama-server" | "vllm" | "openai-compatible";

/** The usual local ports, in the order they are probed. */
export const USUAL_PORTS: ReadonlyArray<{ port: number; label: string }> = [
  { port: 11434, label: "Ollama" },
  { port: 1234, label: "LM Studio" },
  { port: 8080, label: "llama-server / mlx_lm" },
  { port: 8000, label: "vLLM" },
  { port: 4000, label: "LiteLLM" },
];

export interface ServedModel {
  /** The name requests use (Ollama tag, LM Studio key, /v1/models id). */
  name: string;
  format?: "gguf" | "mlx" | "other";
  quantization?: string;
  parameters?: string;
  size_bytes?: number;
  /** What the server calls it when it is not a chat model (embeddings): such models are listed, never chosen. */
  not_chat?: string;
}

export interface ProbedServer {
  /** The address as given or probed, without a trailing slash. */
  url: string;
  kind: ServerKind;
  /** Where the models were listed from, e.g. "/api/tags". */
  listed_from: string;
  models: ServedModel[];
}

export interface ProbeOptions {
  /** Probe 127.0.0.1 on the usual ports (default true). */
  scan?: boolean;
  /** Milliseconds per request (default 5000: a busy machine answers late; a closed port is refused at once). */
  timeoutMs?: number;
  logger?: Logger;
}

type Json = Record<string, unknown>;
const obj = (x: unknown): Json => (x && typeof x === "object" && !Array.isArray(x) ? (x as Json) : {});
const arr = (x: unknown): unknown[] => (Array.isArray(x) ? x : []);
const str = (x: unknown): string | undefined => (typeof x === "string" && x.length > 0 ? x : undefined);
const num = (x: unknown): number | undefined => (typeof x === "number" && Number.isFinite(x) ? x : undefined);
const fmt = (x: unknown): ServedModel["format"] => (x === "gguf" || x === "mlx" ? x : undefined);

/** The model without its unknown fields. */
function clean(m: { [K in keyof ServedModel]: ServedModel[K] | undefined }): ServedModel {
  return Object.fromEntries(Object.entries(m).filter(([, v]) => v !== undefined)) as unknown as ServedModel;
}

async function getJson(url: string, timeoutMs: number): Promise<Json | null> {
  try {
    const r = await fetch(url, { signal: AbortSignal.timeout(timeoutMs), headers: { accept: "application/json" } });
    if (!r.ok) return null;
    return obj(await r.json());
  } catch {
    return null;
  }
}

function ollamaModels(body: Json): ServedModel[] | null {
  if (!Array.isArray(body["models"])) return null;
  return arr(body["models"]).map((raw) => {
    const m = obj(raw);
    const d = obj(m["details"]);
    return clean({ name: str(m["name"]) ?? str(m["model"]) ?? "?", format: fmt(d["format"]) ?? "other", quantization: str(d["quantization_level"]), parameters: str(d["parameter_size"]), size_bytes: num(m["size"]) });
  });
}

function lmstudioV1(body: Json): ServedModel[] | null {
  if (!Array.isArray(body["models"])) return null;
  return arr(body["models"]).map((raw) => {
    const m = obj(raw);
    const type = str(m["type"]);
    return clean({ name: str(m["key"]) ?? "?", format: fmt(m["format"]) ?? "other", quantization: str(obj(m["quantization"])["name"]), parameters: str(m["params_string"]), size_bytes: num(m["size_bytes"]), not_chat: type === "llm" || type === "vlm" ? undefined : type });
  });
}

function lmstudioV0(body: Json): ServedModel[] | null {
  const data = body["data"];
  if (!Array.isArray(data) || !data.every((raw) => "compatibility_type" in obj(raw) || "state" in obj(raw))) return null;
  return data.map((raw) => {
    const m = obj(raw);
    const type = str(m["type"]);
    return clean({ name: str(m["id"]) ?? "?", format: fmt(m["compatibility_type"]) ?? "other", quantization: str(m["quantization"]), not_chat: type === "llm" || type === "vlm" ? undefined : type });
  });
}

function openaiModels(body: Json): { kind: ServerKind; models: ServedModel[] } | null {
  if (!Array.isArray(body["data"])) return null;
  const data = arr(body["data"]).map(obj);
  const owner = str(data[0]?.["owned_by"]);
  const kind: ServerKind = owner === "llamacpp" ? "llama-server" : owner === "vllm" ? "vllm" : "openai-compatible";
  const models = data.map((m) => {
    const meta = obj(m["meta"]);
    const params = num(meta["n_params"]);
    return clean({
      name: str(m["id"]) ?? "?",
      format: kind === "llama-server" ? "gguf" : undefined,
      quantization: str(meta["ftype"]),
      size_bytes: num(meta["size"]),
      parameters: params === undefined ? undefined : `${(params / 1e9).toFixed(params < 1e9 ? 3 : 1)}B`,
    });
  });
  return { kind, models };
}

/** Asks one address what it serves; null when nothing there answers a known listing endpoint. */
export async function probeServer(address: string, timeoutMs = 5000): Promise<ProbedServer | null> {
  const url = address.replace(/\/+$/, "").replace(/\/v1$/, "");
  const tags = await getJson(`${url}/api/tags`, timeoutMs);
  const ollama = tags && ollamaModels(tags);
  if (ollama) return { url, kind: "ollama", listed_from: "/api/tags", models: ollama };
  const v1 = await getJson(`${url}/api/v1/models`, timeoutMs);
  const lm1 = v1 && lmstudioV1(v1);
  if (lm1) return { url, kind: "lmstudio", listed_from: "/api/v1/models", models: lm1 };
  const v0 = await getJson(`${url}/api/v0/models`, timeoutMs);
  const lm0 = v0 && lmstudioV0(v0);
  if (lm0) return { url, kind: "lmstudio", listed_from: "/api/v0/models", models: lm0 };
  const list = await getJson(`${url}/v1/models`, timeoutMs);
  const openai = list && openaiModels(list);
  if (openai) return { url, ...openai, listed_from: "/v1/models" };
  return null;
}

/**
 * Probes the usual ports on 127.0.0.1 (unless `scan: false`) and the given URLs, all at once. Servers that do not
 * answer are left out; the same server reached twice is listed once.
 */
export async function probeServers(urls: readonly string[], options: ProbeOptions = {}): Promise<ProbedServer[]> {
  const targets = [...(options.scan === false ? [] : USUAL_PORTS.map((p) => `http://127.0.0.1:${p.port}`)), ...urls];
  const unique = [...new Set(targets.map((t) => t.replace(/\/+$/, "").replace(/\/v1$/, "")))];
  const found = await Promise.all(unique.map((u) => probeServer(u, options.timeoutMs)));
  for (const [i, f] of found.entries()) if (!f) options.logger?.info(`${unique[i]}: no model server answered`);
  return found.filter((f): f is ProbedServer => f !== null);
}
