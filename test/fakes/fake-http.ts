/** A loopback HTTP server for the FAKE servers: JSON bodies in, a close that drops open streams. */
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface Listening {
  origin: string;
  close(): Promise<void>;
}

export type Handler = (req: http.IncomingMessage, body: string, res: http.ServerResponse, arrivedAt: number) => void | Promise<void>;

export async function listen(handler: Handler): Promise<Listening> {
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (b: Buffer) => (body += b.toString()));
    req.on("end", () => {
      const arrivedAt = performance.now();
      void Promise.resolve(handler(req, body, res, arrivedAt)).catch((e: unknown) => {
        if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
        res.end(JSON.stringify({ error: String(e) }));
      });
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

export function sendJson(res: http.ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { "content-type": "application/json", ...headers });
  res.end(JSON.stringify(value));
}

/** The text of OpenAI-style chat messages (or a raw prompt), joined, for the fake's tokenizer and cache. */
export function promptText(body: { messages?: Array<{ content?: unknown }>; prompt?: unknown }): string {
  if (typeof body.prompt === "string") return body.prompt;
  return (body.messages ?? []).map((m) => (typeof m.content === "string" ? m.content : "")).join("\n");
}
