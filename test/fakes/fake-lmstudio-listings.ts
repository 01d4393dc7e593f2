/**
 * FAKE LM Studio server, model listings only, for `trialbook init` (fake-lmstudio-server.ts has the chat API): no
 * LM Studio can be installed here. It replays the shapes LM Studio's documentation gives (lmstudio-ai/docs):
 *   - `GET /api/v0/models` — 1_developer/2_rest/endpoints.mdx ("REST API v0", LM Studio ≥ 0.3.6): `object: "list"`,
 *     `data[]` with id, object, type (llm | vlm | embeddings), publisher, arch, compatibility_type (gguf | mlx),
 *     quantization, state, max_context_length; no size.
 *   - `GET /api/v1/models` — 1_developer/2_rest/list.md (LM Studio ≥ 0.4.0), only with `{ api: "v1" }`: `models[]` with
 *     type (llm | embedding), publisher, key, display_name, architecture, quantization {name, bits_per_weight},
 *     size_bytes, params_string, loaded_instances, max_context_length, format (gguf | mlx | null).
 *   - `GET /v1/models` — 1_developer/3_openai-compat/models.md: the OpenAI list (`data[]` of id, object, owned_by).
 * Anything else is 404, as LM Studio answers unknown routes (and /api/v1/* on 0.3.x). Listens on 127.0.0.1 only.
 */
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface FakeLmStudio {
  url: string;
  close(): Promise<void>;
}

const MODELS = [
  { id: "openai/gpt-oss-20b", type: "llm", publisher: "lmstudio-community", arch: "gpt-oss", format: "mlx", quantization: "4bit", bits: 4, size: 11_570_000_000, params: "20B", ctx: 131072 },
  { id: "qwen3-4b-instruct-2507", type: "llm", publisher: "lmstudio-community", arch: "qwen3", format: "gguf", quantization: "Q4_K_M", bits: 4, size: 2_500_000_000, params: "4B", ctx: 262144 },
  { id: "text-embedding-nomic-embed-text-v1.5", type: "embeddings", publisher: "nomic-ai", arch: "nomic-bert", format: "gguf", quantization: "Q4_0", bits: 4, size: 84_000_000, params: null, ctx: 2048 },
] as const;

export async function startFakeLmStudio(options: { api?: "v0" | "v1" } = {}): Promise<FakeLmStudio> {
  const json = (res: http.ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { "content-type": "application/json; charset=utf-8" });
    res.end(JSON.stringify(body));
  };
  const server = http.createServer((req, res) => {
    if (req.method === "GET" && req.url === "/api/v0/models") {
      return json(res, 200, {
        object: "list",
        data: MODELS.map((m) => ({ id: m.id, object: "model", type: m.type, publisher: m.publisher, arch: m.arch, compatibility_type: m.format, quantization: m.quantization, state: "not-loaded", max_context_length: m.ctx })),
      });
    }
    if (req.method === "GET" && req.url === "/api/v1/models" && options.api === "v1") {
      return json(res, 200, {
        models: MODELS.map((m) => ({
          type: m.type === "embeddings" ? "embedding" : m.type,
          publisher: m.publisher,
          key: m.id,
          display_name: m.id,
          ...(m.type === "embeddings" ? {} : { architecture: m.arch }),
          quantization: { name: m.quantization, bits_per_weight: m.bits },
          size_bytes: m.size,
          params_string: m.params,
          loaded_instances: [],
          max_context_length: m.ctx,
          format: m.format,
        })),
      });
    }
    if (req.method === "GET" && req.url === "/v1/models") {
      return json(res, 200, { object: "list", data: MODELS.map((m) => ({ id: m.id, object: "model", owned_by: "organization_owner" })) });
    }
    json(res, 404, { error: `Unexpected endpoint or method. (${req.method} ${req.url})` });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
