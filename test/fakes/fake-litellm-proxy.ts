/**
 * FAKE LiteLLM proxy in front of another fake server. Follows litellm/proxy/common_request_processing.py
 * (get_custom_headers: `x-litellm-call-id`, `x-litellm-model-id`, `x-litellm-model-api-base`, `x-litellm-version`,
 * `x-litellm-response-cost`, … on every response, streamed ones included) and
 * litellm/litellm_core_utils/streaming_chunk_builder_utils.py (calculate_usage: when the upstream streamed no usage,
 * LiteLLM counts prompt and completion tokens itself with a tokenizer and sends that usage as if it were the
 * server's). `estimateUsage: true` drops the upstream's usage and sends such an estimate instead (here: one token per
 * 4 characters, as a stand-in tokenizer). Everything else is passed through as it streams. Listens on 127.0.0.1 only.
 */
import http from "node:http";
import { listen, promptText, sendJson } from "./fake-http.js";

export interface FakeLiteLLMOptions {
  /** The upstream base URL including /v1. */
  upstream: string;
  /** Drop the upstream's usage and send LiteLLM's own estimate (default false). */
  estimateUsage?: boolean;
}

export interface FakeLiteLLM {
  url: string;
  close(): Promise<void>;
}

export const LITELLM_VERSION = "1.77.3";
const estimate = (text: string) => Math.ceil(text.length / 4);

export async function startFakeLiteLLM(options: FakeLiteLLMOptions): Promise<FakeLiteLLM> {
  const upstream = new URL(options.upstream.replace(/\/+$/, ""));
  let calls = 0;
  const server = await listen(async (req, raw, res) => {
    const headers = {
      "x-litellm-call-id": `fake-call-${++calls}`,
      "x-litellm-model-id": "0123456789abcdef",
      "x-litellm-model-api-base": upstream.href,
      "x-litellm-version": LITELLM_VERSION,
      "x-litellm-response-cost": "0.0",
      "x-litellm-attempted-retries": "0",
    };
    if (!(req.url ?? "").startsWith("/v1/")) return sendJson(res, 404, { detail: "Not Found" }, headers);
    // its own model list (the proxy's model_list; owned_by "openai"), not the upstream's
    if (req.method === "GET" && req.url === "/v1/models") return sendJson(res, 200, { object: "list", data: [{ id: "openai/gpt-oss-20b", object: "model", created: 1_677_610_602, owned_by: "openai" }] }, headers);
    const path = (req.url ?? "/").replace(/^\/v1/, "");
    const target = new URL(upstream.href + path);
    const up = http.request(target, { method: req.method, headers: { "content-type": "application/json" } });
    up.end(raw || undefined);
    const answer = await new Promise<http.IncomingMessage>((r) => up.on("response", r));
    res.writeHead(answer.statusCode ?? 502, { "content-type": String(answer.headers["content-type"] ?? "application/json"), ...headers });
    if (!options.estimateUsage || !String(answer.headers["content-type"]).includes("event-stream")) {
      answer.pipe(res);
      return;
    }
    // Re-emit events without the upstream's usage; before [DONE], LiteLLM's own estimate.
    let buffer = "";
    let completion = "";
    answer.setEncoding("utf8");
    answer.on("data", (text: string) => {
      buffer += text;
      let cut: number;
      while ((cut = buffer.indexOf("\n\n")) >= 0) {
        const event = buffer.slice(0, cut);
        buffer = buffer.slice(cut + 2);
        const data = event.replace(/^data: /, "");
        if (data === "[DONE]") {
          const body = JSON.parse(raw || "{}") as { messages?: Array<{ content?: unknown }> };
          const prompt = estimate(promptText(body));
          const usage = { prompt_tokens: prompt, completion_tokens: estimate(completion), total_tokens: prompt + estimate(completion) };
          res.write(`data: ${JSON.stringify({ id: "fake", object: "chat.completion.chunk", choices: [], usage })}\n\n`);
          res.write("data: [DONE]\n\n");
          continue;
        }
        const chunk = JSON.parse(data) as { choices?: Array<{ delta?: { content?: string; reasoning_content?: string; reasoning?: string } }>; usage?: unknown };
        delete chunk.usage;
        if (!chunk.choices?.length) continue;
        const d = chunk.choices[0]?.delta;
        completion += (d?.content ?? "") + (d?.reasoning_content ?? d?.reasoning ?? "");
        res.write(`data: ${JSON.stringify(chunk)}\n\n`);
      }
    });
    answer.on("end", () => res.end());
  });
  return { url: `${server.origin}/v1`, close: server.close };
}
