/** Turns a prompt into tokens: through the model's chat template when it has one, else the plain text. */
import type { ChatHistoryItem, LlamaModel, Token } from "node-llama-cpp";
import type { ResolvedPrompt } from "../../plan/plan.js";
import { nodeLlamaCpp } from "./engine.js";

/**
 * Tokens per model and prompt, computed once: rendering the chat template took 0.9–3.3 s per call on a busy 2-core
 * machine, and under open-loop load that time (spent before the request is sent) made every arrival late.
 */
const cache = new WeakMap<LlamaModel, Map<string, Promise<Token[]>>>();

export function promptTokens(model: LlamaModel, prompt: ResolvedPrompt): Promise<Token[]> {
  let byPrompt = cache.get(model);
  if (!byPrompt) cache.set(model, (byPrompt = new Map()));
  const key = JSON.stringify([prompt.system ?? null, prompt.text]);
  let tokens = byPrompt.get(key);
  if (!tokens) {
    byPrompt.set(key, (tokens = renderTokens(model, prompt)));
    tokens.catch(() => byPrompt?.delete(key));
  }
  return tokens.then((t) => t.slice());
}

async function renderTokens(model: LlamaModel, prompt: ResolvedPrompt): Promise<Token[]> {
  const { resolveChatWrapper } = await nodeLlamaCpp();
  const wrapper = model.fileInfo.metadata.tokenizer?.chat_template ? resolveChatWrapper(model) : null;
  if (!wrapper) return model.tokenize(prompt.text, false);
  const history: ChatHistoryItem[] = [];
  if (prompt.system !== undefined) history.push({ type: "system", text: prompt.system });
  history.push({ type: "user", text: prompt.text }, { type: "model", response: [] });
  return wrapper.generateContextState({ chatHistory: history }).contextText.tokenize(model.tokenizer);
}
