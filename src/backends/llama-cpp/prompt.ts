/** Turns a prompt into tokens: through the model's chat template when it has one, else the plain text. */
import type { ChatHistoryItem, LlamaModel, Token } from "node-llama-cpp";
import type { ResolvedPrompt } from "../../plan/plan.js";
import { nodeLlamaCpp } from "./engine.js";
import { chatTurns, flatText } from "../../shared/chat.js";

/**
 * The chat wrapper per model and the tokens per prompt, kept: resolving the template and rendering it took 0.9–3.3 s
 * per request on a busy 2-core machine, and under open-loop load that time (spent before the request is sent) made
 * every arrival late. Prompts differ per request when the prompt cache is busted (a nonce starts each one), so the
 * token cache is bounded (the most recent 256 prompts per model).
 */
const wrappers = new WeakMap<LlamaModel, Promise<ChatWrapper | null>>();
const cache = new WeakMap<LlamaModel, Map<string, Promise<Token[]>>>();
const KEEP = 256;

type ChatWrapper = ReturnType<Awaited<ReturnType<typeof nodeLlamaCpp>>["resolveChatWrapper"]>;

function wrapperOf(model: LlamaModel): Promise<ChatWrapper | null> {
  let w = wrappers.get(model);
  if (!w) {
    w = nodeLlamaCpp().then(({ resolveChatWrapper }) => (model.fileInfo.metadata.tokenizer?.chat_template ? resolveChatWrapper(model) : null));
    wrappers.set(model, w);
  }
  return w;
}

export function promptTokens(model: LlamaModel, prompt: ResolvedPrompt): Promise<Token[]> {
  let byPrompt = cache.get(model);
  if (!byPrompt) cache.set(model, (byPrompt = new Map()));
  const key = JSON.stringify([prompt.system ?? null, prompt.history ?? null, prompt.text]);
  let tokens = byPrompt.get(key);
  if (!tokens) {
    byPrompt.set(key, (tokens = renderTokens(model, prompt)));
    tokens.catch(() => byPrompt?.delete(key));
    if (byPrompt.size > KEEP) byPrompt.delete(byPrompt.keys().next().value as string);
  }
  return tokens.then((t) => t.slice());
}

async function renderTokens(model: LlamaModel, prompt: ResolvedPrompt): Promise<Token[]> {
  const wrapper = await wrapperOf(model);
  if (!wrapper) return model.tokenize(prompt.history?.length ? flatText(prompt, false) : prompt.text, false);
  const history: ChatHistoryItem[] = [];
  if (prompt.system !== undefined) history.push({ type: "system", text: prompt.system });
  for (const m of chatTurns(prompt)) history.push(m.role === "user" ? { type: "user", text: m.content } : { type: "model", response: [m.content] });
  history.push({ type: "model", response: [] });
  return wrapper.generateContextState({ chatHistory: history }).contextText.tokenize(model.tokenizer);
}
