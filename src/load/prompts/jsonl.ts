/**
 * JSON Lines: one JSON object per line, either `{"prompt": "…", "system"?: "…"}` or
 * `{"messages": [{"role": "system"|"user"|"assistant", "content": "…"}, …]}` (the OpenAI chat shape). Blank lines
 * are ignored; any other line is an error naming its line.
 */
import { Collector, fromMessages, type Message } from "./conversation.js";
import { RecordError, type PromptReader } from "./types.js";

const ROLES = new Set(["system", "user", "assistant"]);

function messagesOf(value: unknown, line: number): Message[] {
  if (!Array.isArray(value)) throw new RecordError(line, `"messages" must be a list of {role, content}`);
  return value.map((m, i) => {
    const role = m && typeof m === "object" ? (m as Record<string, unknown>)["role"] : undefined;
    const content = m && typeof m === "object" ? (m as Record<string, unknown>)["content"] : undefined;
    if (typeof role !== "string" || !ROLES.has(role)) throw new RecordError(line, `messages[${i}].role must be system, user or assistant (is ${JSON.stringify(role)})`);
    if (typeof content !== "string") throw new RecordError(line, `messages[${i}].content must be a string`);
    return { role: role as Message["role"], content };
  });
}

export const readJsonl: PromptReader = (text) => {
  const c = new Collector();
  text.replace(/^\uFEFF/, "").split("\n").forEach((raw, i) => {
    const line = i + 1;
    if (raw.trim() === "") return;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (e) {
      throw new RecordError(line, `not JSON (${(e as Error).message})`);
    }
    if (!value || typeof value !== "object" || Array.isArray(value)) throw new RecordError(line, "is not a JSON object");
    const o = value as Record<string, unknown>;
    if (typeof o["prompt"] === "string") {
      if (o["prompt"] === "") throw new RecordError(line, `"prompt" is empty`);
      const system = o["system"];
      if (system !== undefined && typeof system !== "string") throw new RecordError(line, `"system" must be a string`);
      c.add(system === undefined ? { history: [], text: o["prompt"], line } : { system, history: [], text: o["prompt"], line }, line);
      return;
    }
    if (o["messages"] !== undefined) {
      c.add(fromMessages(messagesOf(o["messages"], line), line), line);
      return;
    }
    throw new RecordError(line, `needs "prompt" (a string) or "messages" (a list of {role, content})`);
  });
  return c.out;
};
