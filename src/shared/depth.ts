/**
 * Context depth arithmetic shared by validate (declared context sizes), run (the model's own context, before a run)
 * and plan: how many tokens a depth request needs. The filler is about one token per word (see plan/synthetic.ts);
 * written prompts are estimated at one token per 3 characters, on the generous side.
 */

/** Tokens a prompt is estimated to take: its synthetic length, or its characters ÷ 3 (system message included). */
export function promptTokensEstimate(p: { text?: string | undefined; system?: string | undefined; synthetic_tokens?: number | undefined }): number {
  const chars = (p.text?.length ?? 0) + (p.system?.length ?? 0);
  return (p.synthetic_tokens ?? 0) + Math.ceil(chars / 3);
}

/** Slack for the chat template, the nonce and the filler's separator. */
export const DEPTH_SLACK_TOKENS = 64;

/** Context a depth request needs: depth + prompt + output + slack. */
export const depthNeed = (depth: number, promptTokens: number, maxTokens: number): number => depth + promptTokens + maxTokens + DEPTH_SLACK_TOKENS;
