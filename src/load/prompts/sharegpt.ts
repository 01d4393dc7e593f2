/**
 * ShareGPT-style JSON: one array of `{"id"?, "conversations": [{"from": "human"|"gpt"|"system", "value": "…"}, …]}`,
 * the shape of ShareGPT_V3_unfiltered_cleaned_split.json that vLLM's benchmark reads (vllm/benchmarks/datasets.py,
 * `ShareGPTDataset`: it keeps conversations of at least two turns and sends the first human turn). Here the whole
 * conversation is sent: its turns before the last human one become the history, and a trailing `gpt` turn (the
 * recorded answer) is dropped. Roles: human/user → user; gpt/chatgpt/bard/bing/assistant/model → assistant;
 * system → system. A conversation left with no user message to send is skipped and counted.
 */
import { Collector, fromMessages, type Message } from "./conversation.js";
import { RecordError, type PromptReader } from "./types.js";

const ROLE: Record<string, Message["role"]> = {
  human: "user", user: "user",
  gpt: "assistant", chatgpt: "assistant", bard: "assistant", bing: "assistant", assistant: "assistant", model: "assistant",
  system: "system",
};

/** 1-based line of a character offset. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

/** Where each element of a top-level JSON array starts (character offsets); the text is known to be valid JSON. */
function elementStarts(text: string): number[] {
  const out: number[] = [];
  let depth = 0;
  let inString = false;
  let expecting = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (c === " " || c === "\n" || c === "\r" || c === "\t") continue;
    if (depth === 1 && expecting && c !== "]") {
      out.push(i);
      expecting = false;
    }
    if (c === '"') inString = true;
    else if (c === "[" || c === "{") {
      depth++;
      if (depth === 1 && c === "[") expecting = true;
    } else if (c === "]" || c === "}") depth--;
    else if (c === "," && depth === 1) expecting = true;
  }
  return out;
}

/** Where the first element that does not parse on its own starts (Node's JSON errors do not always say where). */
function badElement(text: string): number {
  const starts = elementStarts(text);
  for (let i = 0; i < starts.length; i++) {
    const from = starts[i] ?? 0;
    const to = starts[i + 1] ?? text.lastIndexOf("]");
    const slice = text.slice(from, to > from ? to : text.length).trim().replace(/,$/, "");
    try {
      JSON.parse(slice);
    } catch {
      return from;
    }
  }
  return 0;
}

export const readShareGpt: PromptReader = (raw) => {
  const text = raw.replace(/^\uFEFF/, "");
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    const message = (e as Error).message;
    const at = /position (\d+)/.exec(message);
    throw new RecordError(at ? lineAt(text, Number(at[1])) : lineAt(text, badElement(text)), `not JSON (${message})`);
  }
  if (!Array.isArray(value)) throw new RecordError(1, `must be a JSON array of {"conversations": [{"from", "value"}, …]}`);
  const starts = elementStarts(text);
  const c = new Collector();
  // line numbers counted incrementally: offsets ascend
  let line = 1;
  let pos = 0;
  value.forEach((entry: unknown, i) => {
    const start = starts[i] ?? pos;
    for (; pos < start; pos++) if (text.charCodeAt(pos) === 10) line++;
    const conv = entry && typeof entry === "object" ? (entry as Record<string, unknown>)["conversations"] : undefined;
    if (!Array.isArray(conv)) throw new RecordError(line, `record ${i + 1} needs "conversations": a list of {"from", "value"}`);
    const messages = conv.map((t: unknown, k): Message => {
      const o = t && typeof t === "object" ? (t as Record<string, unknown>) : {};
      const from = o["from"];
      const role = typeof from === "string" ? ROLE[from.toLowerCase()] : undefined;
      if (!role) throw new RecordError(line, `record ${i + 1}: conversations[${k}].from must be human, gpt or system (is ${JSON.stringify(from)})`);
      if (typeof o["value"] !== "string") throw new RecordError(line, `record ${i + 1}: conversations[${k}].value must be a string`);
      return { role, content: o["value"] };
    });
    c.add(fromMessages(messages, line), line);
  });
  return c.out;
};
