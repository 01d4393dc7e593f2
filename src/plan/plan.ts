/**
 * Phase 3, plan: expand an experiment into the trials to run, in the order they run.
 *
 * Variants run one after another (one model in memory at a time). For each variant: the warm-up requests (per prompt,
 * one at a time), then each concurrency level in the order given, and within it each prompt. At level `c` a group
 * holds `repetitions × c` requests run with `c` in flight, so every level has the same number of waves.
 *
 * Trial keys are stable across runs and resumes: `variant/prompt/c<level>/r<index>`, warm-ups `variant/prompt/warmup/w<i>`.
 * Context-depth levels (`workload.depth`) follow the concurrency levels, then open-loop levels (`workload.load`,
 * `workload.sweep`); see `depth.ts` and `load.ts`. Conversations (`workload.sessions`) come last; see `sessions.ts`.
 *
 * Prompt cache (`workload.prompt_cache`): with `bust` (default) every trial carries a nonce that starts its prompt;
 * with `measure` each wave of a level runs cold (fresh nonces), then warm (the same nonces again, prompt id
 * `<id>:warm`); with `allow` prompts go as written.
 *
 * Prompts from a file or dataset, and lengths drawn per request (`input_tokens`, `output_tokens`), give each measured
 * trial its own `input` and `max_tokens` by its repetition index; see `sources.ts`.
 */
import type { Experiment, Prompt, Variant } from "../validate/schema.js";
import { syntheticText } from "./synthetic.js";
import type { ChatTurn } from "../shared/chat.js";
import { newSalt, nonceFor, WARM_SUFFIX } from "./nonce.js";
import { planOpenLoop, type OpenLoopLevel } from "./load.js";
import { applySources, promptSources, type PromptSources, type TrialSource } from "./sources.js";
import { atDepth, planDepth } from "./depth.js";
import { planSessions, type SessionLevel } from "./sessions.js";

export interface ResolvedPrompt {
  id: string;
  system?: string;
  /** Earlier turns of the conversation, before `text` (a ShareGPT or `messages` record, a session's previous turns). */
  history?: ChatTurn[];
  /** The user message being sent (the raw prompt for raw endpoints). */
  text: string;
  /** Set when the text was generated to a target length. */
  synthetic_tokens?: number;
}

export interface PlannedTrial {
  key: string;
  variant: string;
  prompt: string;
  /** Feasibility: the dataset item (file or record) the request is about. */
  item?: string;
  concurrency: number;
  repetition: number;
  warmup: boolean;
  /** Open-loop levels: the level's offered rate (req/s) and this request's due offset in the level (ms). */
  rate?: number;
  scheduled_ms?: number;
  /** Prompt-cache busting: the nonce that starts this request's prompt (absent with `prompt_cache: allow`). */
  nonce?: string;
  /**
   * This request's own prompt, when the requests of a group differ (prompts drawn from a file, a session's turn with
   * its history); absent: the group's prompt.
   */
  input?: ResolvedPrompt;
  /** This request's own max_tokens (`output_tokens` of its prompt entry); absent: the group's. */
  max_tokens?: number;
  /** Prompts from a file or dataset: the record this request sends (file and line). */
  source?: TrialSource;
  /** Context-depth levels (`workload.depth`): tokens of filler before the prompt; see `depth.ts`. */
  depth?: number;
  /** Conversations (`workload.sessions`): the conversation's index in its users level, and the turn (from 1). */
  conversation?: number;
  turn?: number;
}

export interface PlanGroup {
  variant: Variant;
  prompt: ResolvedPrompt;
  warmup: boolean;
  /** Requests in flight at once. */
  concurrency: number;
  trials: PlannedTrial[];
  /** An open-loop level (`workload.load` / `workload.sweep`): requests sent at scheduled times. */
  load?: OpenLoopLevel;
  /** A context-depth level (`workload.depth`): the prompt carries this many tokens of filler; always cache-busted. */
  depth?: number;
  /** A users level of conversations (`workload.sessions`): turns sent one after another per conversation. */
  sessions?: SessionLevel;
}

export function resolvePrompt(p: Prompt, seed: number): ResolvedPrompt {
  const base = p.system === undefined ? { id: p.id } : { id: p.id, system: p.system };
  if (p.synthetic_tokens !== undefined) return { ...base, text: syntheticText(p.synthetic_tokens, seed), synthetic_tokens: p.synthetic_tokens };
  return { ...base, text: p.text ?? "" };
}

export function trialKey(variant: string, prompt: string, concurrency: number | "warmup", index: number): string {
  return concurrency === "warmup" ? `${variant}/${prompt}/warmup/w${index}` : `${variant}/${prompt}/c${concurrency}/r${index}`;
}

/** The plan of a speed experiment (feasibility experiments are planned by `planFeasibility`). */
export function planExperiment(e: Experiment, options: { salt?: string; sources?: PromptSources } = {}): PlanGroup[] {
  const w = e.workload;
  const mode = w.prompt_cache ?? "bust";
  const salt = options.salt ?? newSalt();
  const nonce = (key: string) => (mode === "allow" ? {} : { nonce: nonceFor(salt, key) });
  // prompts from files, datasets and length distributions differ per request (see sources.ts); files are read first
  const sources = options.sources ?? promptSources(e);
  const prompts = (w.prompts ?? []).map((p) => sources.get(p.id)?.prompt ?? resolvePrompt(p, w.seed));
  const groups: PlanGroup[] = [];
  for (const variant of e.variants) {
    for (const prompt of prompts) {
      if (w.warmup === 0) continue;
      const trials = Array.from({ length: w.warmup }, (_, i) => {
        const key = trialKey(variant.id, prompt.id, "warmup", i);
        return { key, variant: variant.id, prompt: prompt.id, concurrency: 1, repetition: i, warmup: true, ...nonce(key) };
      });
      groups.push({ variant, prompt, warmup: true, concurrency: 1, trials });
    }
    for (const c of w.concurrency) {
      for (const prompt of prompts) {
        const trial = (p: string, r: number, key = trialKey(variant.id, p, c, r)) => ({ key, variant: variant.id, prompt: p, concurrency: c, repetition: r, warmup: false, ...nonce(key) });
        if (mode !== "measure") {
          groups.push({ variant, prompt, warmup: false, concurrency: c, trials: Array.from({ length: w.repetitions * c }, (_, r) => trial(prompt.id, r)) });
          continue;
        }
        // cold wave, then the same prompts (same nonces) warm, wave by wave, so the server still holds them
        const warm = { ...prompt, id: prompt.id + WARM_SUFFIX };
        for (let wave = 0; wave < w.repetitions; wave++) {
          const rs = Array.from({ length: c }, (_, j) => wave * c + j);
          const cold = rs.map((r) => trial(prompt.id, r));
          groups.push({ variant, prompt, warmup: false, concurrency: c, trials: cold });
          groups.push({ variant, prompt: warm, warmup: false, concurrency: c, trials: cold.map((t, j) => ({ ...trial(warm.id, rs[j] ?? 0), ...(t.nonce ? { nonce: t.nonce } : {}) })) });
        }
      }
    }
    groups.push(...planDepth(e, variant, prompts, (key) => ({ nonce: nonceFor(salt, key) })));
    groups.push(...planOpenLoop(e, variant, prompts, nonce));
    groups.push(...planSessions(e, variant, prompts, nonce));
  }
  applySources(groups, sources);
  // a prompt drawn from a file is filled to its depth like any other
  for (const g of groups) if (g.depth) for (const t of g.trials) if (t.input) t.input = atDepth(t.input, g.depth, w.seed);
  // any trial planned without one (levels planned by other modules) gets its nonce too
  if (mode !== "allow") for (const g of groups) for (const t of g.trials) t.nonce ??= nonceFor(salt, t.key);
  return groups;
}

export const countTrials = (groups: readonly PlanGroup[]): number => groups.reduce((n, g) => n + g.trials.length, 0);
