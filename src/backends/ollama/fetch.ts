/**
 * A `fetch` for the ollama client that runs on trialbook's timed HTTP stream: the request goes out on the backend's
 * keep-alive agent and every body read is reported with its timestamp before the client parses it.
 */
import type http from "node:http";
import { streamHttp, type HttpStreamEvent } from "../http/stream.js";
import type { SendGate } from "../../shared/send-gate.js";

function headerRecord(h: RequestInit["headers"]): Record<string, string> {
  if (!h) return {};
  if (h instanceof Headers) return Object.fromEntries(h.entries());
  if (Array.isArray(h)) return Object.fromEntries(h);
  return { ...(h as Record<string, string>) };
}

/** `gate`: the one request this fetch makes (a generation) is held until it opens (see {@link SendGate}). */
export function timedFetch(agent: http.Agent, signal: AbortSignal, onEvent: (e: HttpStreamEvent) => void, egress?: { record(url: URL): void }, gate?: SendGate): typeof fetch {
  return (async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const signals = init?.signal ? [signal, init.signal] : [signal];
    const events = streamHttp({
      url,
      method: init?.method === "POST" ? "POST" : "GET",
      headers: headerRecord(init?.headers),
      ...(typeof init?.body === "string" ? { body: init.body } : {}),
      signal: AbortSignal.any(signals),
      agent,
      ...(egress ? { egress } : {}),
      ...(gate ? { gate } : {}),
    })[Symbol.asyncIterator]();
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        for (;;) {
          const next = await events.next();
          if (next.done) {
            controller.close();
            return;
          }
          onEvent(next.value);
          if (next.value.type === "read") {
            controller.enqueue(next.value.bytes);
            return;
          }
        }
      },
      async cancel() {
        await events.return();
      },
    }, { highWaterMark: 0 }); // read only when the client asks, so each part is timed by the read that carried it
    return new Response(body, { status: 200, headers: { "content-type": "application/x-ndjson" } });
  }) as typeof fetch;
}
