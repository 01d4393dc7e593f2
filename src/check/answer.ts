/** What checks see: the answer without reasoning — `<think>…</think>` blocks (DeepSeek, Qwen) are removed. */
export function answerOnly(text: string): string {
  return text.replace(/<think>[\s\S]*?(<\/think>|$)/g, "").trim();
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
