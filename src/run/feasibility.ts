/**
 * Feasibility requests, one at a time: the confidentiality guard, the request (timed and stored like a speed trial),
 * then the task's checks on the answer. A `judge` check asks its judge variant, opened on first use.
 */
import type { Backend, GenerationRequest, VariantSession } from "../backends/types.js";
import type { FeasibilityGroup } from "../plan/feasibility.js";
import type { PlannedTrial } from "../plan/plan.js";
import type { Trial, TrialError } from "../store/trial.js";
import type { Variant } from "../validate/schema.js";
import type { AskJudge } from "../check/types.js";
import { runChecks } from "../check/registry.js";
import { answerOnly } from "../check/answer.js";
import { failedTrial, recordTrial } from "./record.js";

/**
 * Defence in depth: validation already refuses a confidential dataset aimed at a remote backend; this checks again,
 * on the backend object that would send the request, before anything is sent.
 */
export function guardRefusal(classification: FeasibilityGroup["classification"], backend: Pick<Backend, "id" | "local">, role: string): TrialError | null {
  if (classification !== "confidential" || backend.local) return null;
  return { kind: "refused", message: `confidential data is not sent to ${role} on remote backend ${backend.id}; nothing was sent` };
}

export interface FeasibilityOptions {
  request: GenerationRequest;
  backend: Pick<Backend, "id" | "local">;
  timeoutMs: number;
  keepOutput: boolean;
  session: number;
  stop: AbortSignal;
  baseDir: string;
  askJudge: (classification: FeasibilityGroup["classification"]) => AskJudge;
  onTrial: (trial: Trial) => void;
}

export async function runFeasibilityGroup(session: VariantSession, group: FeasibilityGroup, pending: readonly PlannedTrial[], o: FeasibilityOptions): Promise<void> {
  for (const planned of pending) {
    if (o.stop.aborted) return;
    const refused = guardRefusal(group.classification, o.backend, `variant ${group.variant.id}`);
    const trial = refused ? failedTrial(planned, refused, o.session) : await recordTrial(session, o.request, planned, { inFlight: 1, session: o.session, keepOutput: true, timeoutMs: o.timeoutMs, stop: o.stop });
    if (!trial) return;
    if (group.task && group.item) {
      const checks = trial.error || trial.output === null
        ? []
        : await runChecks(group.task.checks, trial.output, {
            item: { file: group.item.file ?? group.item.id, fields: group.item.fields },
            baseDir: o.baseDir,
            question: group.prompt.text,
            askJudge: o.askJudge(group.classification),
          });
      trial.feasibility = {
        stage: group.stage,
        task: group.task.id,
        dataset: group.dataset,
        classification: group.classification,
        pass: trial.error === null && checks.length > 0 && checks.every((c) => c.pass),
        checks,
      };
    }
    if (!o.keepOutput) {
      trial.output = null;
      trial.reasoning = null;
    }
    o.onTrial(trial);
  }
}

/** Judge variants, opened on first use and closed with the run. */
export class Judges {
  private readonly open = new Map<string, Promise<VariantSession>>();
  constructor(
    private readonly variants: readonly Variant[],
    private readonly backends: ReadonlyMap<string, Backend>,
    private readonly timeoutMs: number,
    private readonly seed: number,
  ) {}

  ask(classification: FeasibilityGroup["classification"]): AskJudge {
    return async (id, req) => {
      const variant = this.variants.find((v) => v.id === id);
      const backend = variant && this.backends.get(variant.backend);
      if (!variant || !backend) throw new Error(`judge variant ${id} is not declared`);
      const refused = guardRefusal(classification, backend, `judge ${id}`);
      if (refused) throw new Error(refused.message);
      let session = this.open.get(id);
      if (!session) {
        session = backend.open(variant, { maxConcurrency: 1, maxPromptChars: req.text.length + req.system.length, maxTokens: req.max_tokens, ignoreEos: false });
        this.open.set(id, session);
      }
      const s = await session;
      const request: GenerationRequest = { model: variant.model, prompt: { id: "judge", system: req.system, text: req.text }, max_tokens: req.max_tokens, ignore_eos: false, temperature: 0, seed: this.seed };
      if (variant.options) request.options = variant.options;
      let text = "";
      for await (const ev of s.generate(request, AbortSignal.timeout(this.timeoutMs))) {
        if (ev.type !== "chunk") continue;
        if (ev.retro) text = ""; // a `</think>` opened in the prompt: the text so far was reasoning
        if (ev.kind === "answer") text += ev.text;
      }
      return answerOnly(text);
    };
  }

  async close(): Promise<void> {
    const sessions = await Promise.allSettled(this.open.values());
    await Promise.all(sessions.map((s) => (s.status === "fulfilled" ? s.value.close() : undefined)));
  }
}
