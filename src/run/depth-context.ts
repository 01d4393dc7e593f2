/**
 * Before a run with `workload.depth`: does each depth fit the context each variant's requests will get? depth + prompt
 * + max_tokens beyond it is a problem at that depth's entry (the run stops, exit 2, nothing written), because a server
 * would cut the prompt or fail every request and the depth would not be measured.
 *
 * The context, per variant: the embedded engine's GGUF file (its trained context_length; a declared `context_size` is
 * checked by validate), llama-server `/props` n_ctx per slot, vLLM max_model_len, Ollama options.num_ctx (else the
 * model's trained context, with a warning: Ollama serves its default num_ctx and cuts longer prompts silently), LM
 * Studio's max_context_length (with a warning: the loaded context may be smaller), whether LM Studio is reached as
 * `type: lmstudio` or through its OpenAI-compatible endpoint as `type: openai`. A backend that cannot tell is not
 * checked.
 */
import { existsSync } from "node:fs";
import { resolve } from "node:path";
import type { Backend, ContextLimit } from "../backends/types.js";
import type { Experiment, Variant } from "../validate/schema.js";
import type { Finding } from "./preflight.js";
import { depthNeed, promptTokensEstimate } from "../shared/depth.js";
import { ggufContextLength } from "../gguf/reader.js";
import { messages } from "../shared/i18n/catalogue.js";

const M = messages("en").depth;

async function limitOf(e: Experiment, v: Variant, backend: Backend | undefined, baseDir: string | undefined): Promise<ContextLimit | null> {
  const config = e.backends[v.backend];
  if (config?.type === "llama-cpp") {
    if (config.context_size !== undefined || baseDir === undefined) return null;
    const path = resolve(baseDir, v.model);
    if (!existsSync(path)) return null;
    try {
      const tokens = ggufContextLength(path);
      return tokens === null ? null : { tokens, source: M.ggufSource };
    } catch {
      return null;
    }
  }
  if (!backend) return null;
  if (config?.type === "lmstudio") {
    const listed = await backend.listModels().catch(() => []);
    const m = listed.find((x) => x.name === v.model);
    return typeof m?.max_context_length === "number" ? { tokens: m.max_context_length, source: M.lmstudioSource, trained: true, server: "lmstudio" } : null;
  }
  return (await backend.contextLength?.(v).catch(() => null)) ?? null;
}

export async function depthFindings(e: Experiment, backends: ReadonlyMap<string, Backend>, unreachable: readonly string[], baseDir?: string): Promise<Finding[]> {
  const depths = (e.workload.depth ?? []).map((d, i) => ({ d, i })).filter((x) => x.d > 0);
  if (depths.length === 0 || e.kind !== "speed") return [];
  const prompt = Math.max(0, ...(e.workload.prompts ?? []).map(promptTokensEstimate));
  const deepest = Math.max(...depths.map((x) => x.d));
  const out: Finding[] = [];
  const flagged = new Set<number>();
  for (const [vi, v] of e.variants.entries()) {
    if (unreachable.includes(v.backend)) continue;
    const limit = await limitOf(e, v, backends.get(v.backend), baseDir);
    if (!limit) continue;
    const maxTokens = v.max_tokens ?? e.workload.max_tokens;
    for (const { d, i } of depths) {
      const need = depthNeed(d, prompt, maxTokens);
      if (need <= limit.tokens || flagged.has(i)) continue;
      flagged.add(i);
      out.push({ kind: "context", severity: "problem", path: ["workload", "depth", i], message: M.beyondContext(String(need), String(d), String(prompt), String(maxTokens), v.id, String(limit.tokens), limit.source) });
    }
    if (!limit.trained) continue;
    // the context these servers load by default (Ollama 2048 in older releases, 4096 later; LM Studio 4096)
    const need = depthNeed(deepest, prompt, maxTokens);
    if (limit.server === "ollama" && need > 2048) out.push({ kind: "context", severity: "warning", path: ["variants", vi, "model"], message: M.ollamaNumCtx(v.id, String(need)) });
    if (limit.server === "lmstudio" && need > 4096) out.push({ kind: "context", severity: "warning", path: ["variants", vi, "model"], message: M.lmstudioLoaded(v.id, String(need)) });
  }
  return out;
}
