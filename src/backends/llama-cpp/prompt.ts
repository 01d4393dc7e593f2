/** Turns a prompt into tokens: through the model's chat template when it has one, else the plain text. */
import type { ChatHistoryItem, LlamaModel, Token } from "node-llama-cpp";
import type { ResolvedPrompt } from "../../plan/plan.js";
import { nodeLlamaCpp } from "./engine.js";

export async function promptTokens(model: LlamaModel, prompt: ResolvedPrompt): Promise<Token[]> {
  const { resolveChatWrapper } = await nodeLlamaCpp();
  const wrapper = model.fileInfo.metadata.tokenizer?.chat_template ? resolveChatWrapper(model) : null;
  if (!wrapper) return model.tokenize(prompt.text, false);
  const history: ChatHistoryItem[] = [];
  if (prompt.system !== undefined) history.push({ type: "system", text: prompt.system });
  history.push({ type: "user", text: prompt.text }, { type: "model", response: [] });
  return wrapper.generateContextState({ chatHistory: history }).contextText.tokenize(model.tokenizer);
}
