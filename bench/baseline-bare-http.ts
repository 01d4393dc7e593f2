/**
 * The floor under any Node client on this machine: bare node:http streams that only take the time of each body read
 * and count the SSE events in it (no SSE parser, no JSON, nothing stored). Its capacity is what a client could reach
 * if its own work cost nothing; trialbook's capacity divided by it is the share trialbook's work leaves.
 *
 * With `json`, the same client also does what any correct client must: it cuts the body into SSE lines (an event
 * split across reads completed by the next) and parses each event's JSON, counting those whose delta has content. The
 * gap between the two is the parse itself; what trialbook costs beyond this one is its own.
 */
import http from "node:http";
import { StringDecoder } from "node:string_decoder";
import type { Observed } from "./truth.js";
import { toShared } from "./clock.js";

export async function bareStreams(baseURL: string, concurrency: number, maxTokens: number, agent: http.Agent, json = false): Promise<Observed[]> {
  const body = JSON.stringify({ model: "paced", messages: [{ role: "user", content: "hi" }], max_tokens: maxTokens, stream: true });
  const one = () =>
    new Promise<Observed | null>((resolve, reject) => {
      const req = http.request(`${baseURL}/chat/completions`, { method: "POST", agent, headers: { "content-type": "application/json", "content-length": String(Buffer.byteLength(body)) } }, (res) => {
        const chunks: number[] = [];
        let id = -1;
        const decoder = new StringDecoder("utf8");
        let rest = "";
        res.on("data", (b: Buffer) => {
          const t = performance.now() - t0;
          if (id < 0) id = Number(/#(\d+) /.exec(b.toString("latin1"))?.[1] ?? -1);
          if (json) {
            // lines are cut by index, and what follows the last newline is kept once, for the next read
            const text = rest + decoder.write(b);
            let at = 0;
            for (let nl = text.indexOf("\n"); nl >= 0; at = nl + 1, nl = text.indexOf("\n", at)) {
              if (!text.startsWith("data: {", at)) continue;
              const event = JSON.parse(text.slice(at + 6, nl)) as { choices?: Array<{ delta?: { content?: string } }> };
              if (event.choices?.[0]?.delta?.content) chunks.push(t);
            }
            rest = text.slice(at);
            return;
          }
          // Every event carrying a token is one `data: {"id"…` line; the closing events carry no `"content"`.
          for (let at = b.indexOf('"content"'); at >= 0; at = b.indexOf('"content"', at + 9)) chunks.push(t);
        });
        res.on("end", () => resolve(chunks.length ? { id, sent: toShared(t0), ttft_ms: chunks[0] ?? NaN, chunks, tokens: chunks.length } : null));
        res.on("error", reject);
      });
      req.on("error", reject);
      let t0 = performance.now();
      req.on("finish", () => (t0 = performance.now()));
      req.end(body);
    });
  const all = await Promise.all(Array.from({ length: concurrency }, one));
  return all.filter((o): o is Observed => o !== null);
}
