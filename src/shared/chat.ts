/**
 * A prompt as a conversation: an optional system message, earlier turns (`history`: user and assistant messages, e.g.
 * a ShareGPT record or a session's previous turns with the model's real answers), then the user message being sent.
 * Every backend renders it through these helpers, so all of them send the same conversation.
 */

export interface ChatTurn {
  role: "user" | "assistant";
  content: string;
}

/** What a conversation is made of (structurally a `ResolvedPrompt`). */
export interface Conversation {
  system?: string;
  history?: readonly ChatTurn[];
  text: string;
}

export interface ChatMessage {
  role: "system" | "user" | "assistant";
  content: string;
}

/** The turns to send, the final user message included (no system message). */
export function chatTurns(p: Conversation): ChatTurn[] {
  return [...(p.history ?? []), { role: "user", content: p.text }];
}

/** OpenAI-style messages: system (if any), the history, then the user message. */
export function chatMessages(p: Conversation): ChatMessage[] {
  return [...(p.system === undefined ? [] : [{ role: "system" as const, content: p.system }]), ...chatTurns(p)];
}

/**
 * One text for raw endpoints (OpenAI `/completions`, Ollama `/api/generate`, a model without a chat template): the
 * messages' contents, system first, separated by blank lines. `withSystem: false` leaves the system message out (for
 * endpoints that take it apart).
 */
export function flatText(p: Conversation, withSystem = true): string {
  const parts = (withSystem ? chatMessages(p) : chatTurns(p)).map((m) => m.content);
  return parts.join("\n\n");
}

/** Characters in every message, to size a context. */
export const conversationChars = (p: Conversation): number => chatMessages(p).reduce((n, m) => n + m.content.length, 0);
