/**
 * What the schema cannot say about `workload.depth`: no depth twice, speed experiments only, and — where the file says
 * the context size (a llama-cpp backend's `context_size`) — depth + prompt + max_tokens must fit in it. Contexts only a
 * server or a GGUF file can tell are checked before a run (run/depth-context.ts).
 */
import type { RawProblem } from "./issues.js";
import { isObj, list, type Obj } from "./raw.js";
import { DEPTH_SLACK_TOKENS, depthNeed, promptTokensEstimate } from "../shared/depth.js";

const num = (v: unknown): number | undefined => (typeof v === "number" && Number.isFinite(v) ? v : undefined);

/** The longest prompt (estimated tokens) and the largest output cap of the raw experiment. */
function longest(data: Obj, workload: Obj): { prompt: number; maxTokens: number } {
  const prompts = list(workload["prompts"]).filter(isObj);
  const prompt = Math.max(0, ...prompts.map((p) => promptTokensEstimate({ text: typeof p["text"] === "string" ? p["text"] : undefined, system: typeof p["system"] === "string" ? p["system"] : undefined, synthetic_tokens: num(p["synthetic_tokens"]) })));
  const caps = list(data["variants"]).filter(isObj).map((v) => num(v["max_tokens"]) ?? 0);
  return { prompt, maxTokens: Math.max(num(workload["max_tokens"]) ?? 0, ...caps) };
}

export function checkDepth(data: Obj): RawProblem[] {
  const workload = isObj(data["workload"]) ? data["workload"] : undefined;
  const depths = list(workload?.["depth"]);
  if (!workload || depths.length === 0) return [];
  if (data["kind"] === "feasibility") return [{ path: ["workload", "depth"], message: "applies to kind: speed only (feasibility experiments run their tasks as written)" }];
  const out: RawProblem[] = [];
  depths.forEach((d, i) => {
    if (depths.indexOf(d) !== i) out.push({ path: ["workload", "depth", i], message: `repeats depth ${String(d)}; give each depth once` });
  });
  const { prompt, maxTokens } = longest(data, workload);
  const backends = isObj(data["backends"]) ? data["backends"] : {};
  const sized = list(data["variants"]).filter(isObj).flatMap((v) => {
    const b = typeof v["backend"] === "string" ? backends[v["backend"]] : undefined;
    const ctx = isObj(b) && b["type"] === "llama-cpp" ? num(b["context_size"]) : undefined;
    return ctx === undefined ? [] : [{ variant: String(v["id"]), backend: String(v["backend"]), ctx }];
  });
  depths.forEach((d, i) => {
    const depth = num(d);
    if (depth === undefined || depth === 0) return;
    const need = depthNeed(depth, prompt, maxTokens);
    const tight = sized.find((s) => need > s.ctx);
    if (tight) out.push({ path: ["workload", "depth", i], message: `needs about ${need} tokens of context (depth ${depth} + prompt ~${prompt} + max_tokens ${maxTokens} + ${DEPTH_SLACK_TOKENS} for the chat template and nonce), but backend ${tight.backend} (variant ${tight.variant}) has context_size ${tight.ctx}; lower the depth or raise context_size` });
  });
  return out;
}
