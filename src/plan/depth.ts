/**
 * The context-depth part of a speed plan (`workload.depth`, like llama-bench `-d`): for each depth d > 0 and prompt,
 * `repetitions` requests, one at a time, whose prompt is about d tokens of deterministic filler followed by the prompt.
 * Depth 0 is the prompt alone: the concurrency-1 level measures it when the experiment has one, else a `d0` level does.
 *
 * Cache-busting: every depth trial carries a nonce that starts its prompt (before the filler), whatever
 * `workload.prompt_cache` says, and the runner sends the `bust` switches (llama-server `cache_prompt: false`), so no
 * request shares a cached prefix with another and the depth is really processed.
 *
 * Trial keys: `variant/prompt/d<depth>/c1/r<index>`, e.g. `demo/hi/d4096/c1/r0` — stable across resumes.
 */
import type { Experiment, Variant } from "../validate/schema.js";
import { syntheticText } from "./synthetic.js";
import { conversationChars } from "../shared/chat.js";
import type { PlanGroup, PlannedTrial, ResolvedPrompt } from "./plan.js";
import type { TrialExtra } from "./load.js";

/** The depths of an experiment, ascending, each once. */
export const depthLevels = (e: Experiment): number[] => [...new Set(e.workload.depth ?? [])].sort((a, b) => a - b);

export const depthKey = (variant: string, prompt: string, depth: number, index: number): string => `${variant}/${prompt}/d${depth}/c1/r${index}`;

/** The filler of a depth: about `depth` tokens of common words, the same for every request (the nonce tells them apart). */
export const depthFiller = (depth: number, seed: number): string => syntheticText(depth, seed + 7919);

/** The prompt as sent at a depth: the filler, a blank line, then the prompt's text. */
export function atDepth(prompt: ResolvedPrompt, depth: number, seed: number): ResolvedPrompt {
  return depth === 0 ? prompt : { ...prompt, text: `${depthFiller(depth, seed)}\n\n${prompt.text}` };
}

/**
 * A bound on a group's prompt tokens for sizing an engine's context: filler at 1.5 tokens per word (it is about one),
 * the rest at one token per 2 characters (the engine's own rule).
 */
export function promptTokenBound(g: PlanGroup, seed: number): number {
  const chars = g.trials.reduce((n, t) => Math.max(n, t.input ? conversationChars(t.input) : 0), conversationChars(g.prompt));
  if (!g.depth) return Math.ceil(chars / 2);
  return Math.ceil(g.depth * 1.5) + Math.ceil(Math.max(0, chars - depthFiller(g.depth, seed).length) / 2);
}

/** Depth groups of one variant, by depth then prompt. `nonce` gives each trial its cache-busting nonce. */
export function planDepth(e: Experiment, variant: Variant, prompts: readonly ResolvedPrompt[], nonce: TrialExtra): PlanGroup[] {
  const w = e.workload;
  const groups: PlanGroup[] = [];
  for (const depth of depthLevels(e)) {
    if (depth === 0 && w.concurrency.includes(1)) continue;
    for (const prompt of prompts) {
      const trials: PlannedTrial[] = Array.from({ length: w.repetitions }, (_, r) => {
        const key = depthKey(variant.id, prompt.id, depth, r);
        return { ...nonce(key), key, variant: variant.id, prompt: prompt.id, concurrency: 1, repetition: r, warmup: false, depth };
      });
      groups.push({ variant, prompt: atDepth(prompt, depth, w.seed), warmup: false, concurrency: 1, trials, depth });
    }
  }
  return groups;
}
