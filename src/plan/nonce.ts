/**
 * Prompt-cache busting: a short nonce at the very start of a request's prompt (the system message when there is one,
 * else the user text), so that no request shares a prompt prefix with another and every server's prompt cache misses.
 * The nonce is derived from a per-session salt and the trial's key, and stored on the trial (`prompt_nonce`).
 */
import { createHash, randomBytes } from "node:crypto";
import type { ResolvedPrompt } from "./plan.js";

/** A fresh salt for one runner session: nonces never repeat across runs or resumes. */
export const newSalt = (): string => randomBytes(6).toString("hex");

/** Eight hex digits from the session's salt and a trial key. */
export const nonceFor = (salt: string, key: string): string => createHash("sha256").update(`${salt}\u0000${key}`).digest("hex").slice(0, 8);

/** The prompt as sent: the nonce, in brackets, before the first message's text (system, first earlier turn, or user). */
export function withNonce(prompt: ResolvedPrompt, nonce: string): ResolvedPrompt {
  const tag = `[${nonce}] `;
  if (prompt.system !== undefined) return { ...prompt, system: tag + prompt.system };
  const [first, ...rest] = prompt.history ?? [];
  if (first) return { ...prompt, history: [{ ...first, content: tag + first.content }, ...rest] };
  return { ...prompt, text: tag + prompt.text };
}

/** The suffix of a prompt id for the warm half of `prompt_cache: measure`. */
export const WARM_SUFFIX = ":warm";
