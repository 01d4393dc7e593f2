/**
 * The baseline a user might write: the `openai` npm SDK's streaming, timing each chunk as the SDK yields it.
 */
import OpenAI from "openai";
import type { Observed } from "./truth.js";
import { toShared } from "./clock.js";

export async function sdkStreams(baseURL: string, concurrency: number, maxTokens: number): Promise<Observed[]> {
  const client = new OpenAI({ baseURL, apiKey: "unused", maxRetries: 0 });
  const one = async (): Promise<Observed | null> => {
    const t0 = performance.now();
    const stream = await client.chat.completions.create({ model: "paced", messages: [{ role: "user", content: "hi" }], max_tokens: maxTokens, stream: true });
    const chunks: number[] = [];
    let id = -1;
    let tokens = 0;
    for await (const chunk of stream) {
      const t = performance.now();
      const text = chunk.choices[0]?.delta?.content;
      if (!text) continue;
      if (id < 0) id = Number(/^#(\d+) /.exec(text)?.[1] ?? -1);
      chunks.push(t - t0);
      tokens += (text.match(/ t/g) ?? []).length;
    }
    return chunks.length ? { id, sent: toShared(t0), ttft_ms: chunks[0] ?? NaN, chunks, tokens } : null;
  };
  const all = await Promise.all(Array.from({ length: concurrency }, one));
  return all.filter((o): o is Observed => o !== null);
}
