/**
 * FAKE Anthropic Messages API with a known schedule, extended thinking and prompt caching. Follows Anthropic's
 * Messages streaming reference (message_start with `usage` — input_tokens, cache_creation_input_tokens,
 * cache_read_input_tokens, output_tokens —, content_block_start/delta/stop with `thinking_delta` and `text_delta`
 * holding several tokens each, message_delta with the cumulative `usage.output_tokens` and stop_reason, message_stop)
 * and its prompt-caching guide (a prefix up to a `cache_control` breakpoint is written once, then read; input_tokens
 * counts only the tokens after the last breakpoint). Listens on 127.0.0.1 only.
 */
import { listen, sendJson } from "./fake-http.js";
import { PromptCache, promptWords } from "./fake-engine.js";

export interface FakeAnthropicOptions {
  thinkingTokens?: number;
  answerTokens?: number;
  tokenMs?: number;
  tokensPerEvent?: number;
  prefillMs?: number;
}

export interface AnthropicLogEntry {
  body: Record<string, unknown>;
  /** performance.now() of each delta written (thinking and text). */
  writes: number[];
  cacheRead: number;
  cacheCreation: number;
  input: number;
}

export interface FakeAnthropic {
  url: string;
  log: AnthropicLogEntry[];
  close(): Promise<void>;
}

const sse = (event: string, data: unknown) => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;

export async function startFakeAnthropic(options: FakeAnthropicOptions = {}): Promise<FakeAnthropic> {
  const thinking = options.thinkingTokens ?? 20;
  const answer = options.answerTokens ?? 40;
  const tokenMs = options.tokenMs ?? 5;
  const k = options.tokensPerEvent ?? 3;
  const prefill = options.prefillMs ?? 20;
  const cache = new PromptCache(1);
  const log: AnthropicLogEntry[] = [];
  const server = await listen(async (req, raw, res, arrivedAt) => {
    if (req.method === "GET" && req.url === "/v1/models") return sendJson(res, 200, { data: [{ id: "claude-fake-thinking", created_at: "2026-01-01T00:00:00Z" }] });
    if (req.url !== "/v1/messages") return sendJson(res, 404, { type: "error", error: { type: "not_found_error", message: "not found" } });
    const body = JSON.parse(raw || "{}") as { system?: unknown; messages?: Array<{ content?: unknown }>; thinking?: { type?: string } };
    const system = typeof body.system === "string" ? body.system : JSON.stringify(body.system ?? "");
    const cached = /cache_control/.test(raw);
    const words = promptWords(`${system} ${(body.messages ?? []).map((m) => (typeof m.content === "string" ? m.content : JSON.stringify(m.content))).join(" ")}`);
    const hit = cached ? cache.lookup(words) : 0;
    const entry: AnthropicLogEntry = { body: body as Record<string, unknown>, writes: [], cacheRead: hit, cacheCreation: cached ? words.length - hit : 0, input: cached ? 3 : words.length + 3 };
    log.push(entry);
    const thinks = body.thinking?.type === "enabled" ? thinking : 0;
    res.writeHead(200, { "content-type": "text/event-stream" });
    res.write(sse("message_start", { type: "message_start", message: { id: "msg_fake", type: "message", role: "assistant", content: [], model: "claude-fake-thinking", usage: { input_tokens: entry.input, cache_creation_input_tokens: entry.cacheCreation, cache_read_input_tokens: entry.cacheRead, output_tokens: 1 } } }));
    let made = 0;
    const block = async (index: number, type: "thinking" | "text", count: number) => {
      res.write(sse("content_block_start", { type: "content_block_start", index, content_block: type === "thinking" ? { type: "thinking", thinking: "" } : { type: "text", text: "" } }));
      let sent = 0;
      while (sent < count) {
        const take = made === 0 ? 1 : Math.min(k, count - sent);
        const text = Array.from({ length: take }, (_, i) => (type === "thinking" ? ` r${sent + i}` : ` a${sent + i}`)).join("");
        sent += take;
        made += take;
        const wait = arrivedAt + prefill + (made - 1) * tokenMs - performance.now();
        if (wait > 0) await new Promise((r) => setTimeout(r, wait));
        entry.writes.push(performance.now());
        res.write(sse("content_block_delta", { type: "content_block_delta", index, delta: type === "thinking" ? { type: "thinking_delta", thinking: text } : { type: "text_delta", text } }));
      }
      res.write(sse("content_block_stop", { type: "content_block_stop", index }));
    };
    if (thinks) await block(0, "thinking", thinks);
    await block(thinks ? 1 : 0, "text", answer);
    res.write(sse("message_delta", { type: "message_delta", delta: { stop_reason: "end_turn", stop_sequence: null }, usage: { output_tokens: thinks + answer } }));
    res.end(sse("message_stop", { type: "message_stop" }));
  });
  return { url: server.origin, log, close: server.close };
}
