import { splitReasoning } from "../shared/reasoning-split.js";

/**
 * What checks see: the answer without reasoning — `<think>…</think>` blocks (DeepSeek, Qwen; an unopened `</think>`
 * ends reasoning that began in the prompt) and gpt-oss harmony channels other than `final` are removed.
 */
export function answerOnly(text: string): string {
  return splitReasoning(text).answer.trim();
}

/** Parses JSON, also from inside a ```json fence, as models often wrap it. */
export function parseJsonAnswer(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  const fenced = /```(?:json)?\s*([\s\S]*?)```/.exec(text);
  const source = (fenced?.[1] ?? text).trim();
  try {
    return { ok: true, value: JSON.parse(source) as unknown };
  } catch (e) {
    return { ok: false, error: (e as Error).message };
  }
}
