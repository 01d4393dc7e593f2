/**
 * What the runner does for the fidelity of its figures, apart from the run loop: prompt-cache switches per server,
 * `unload_before`, the server's facts about a loaded model, and the egress log of a resumed run.
 */
import type { Experiment, Variant } from "../validate/schema.js";
import type { Logger, ModelFacts, VariantSession } from "../backends/types.js";
import { messages } from "../shared/i18n/catalogue.js";
import { findRun } from "../store/run-dir.js";
import { readManifest, type Contradiction, type Manifest } from "../store/manifest.js";
import { contradictionText } from "../shared/contradiction.js";

/**
 * `prompt_cache: bust` on servers that have a switch for it, besides the nonce: llama-server `cache_prompt: false`,
 * vLLM `cache_salt` (the session's salt; each trial sends it with its own nonce, see run/record.ts). Sent only to servers known to take the field (others may reject
 * unknown fields); a variant's own `options` win.
 */
export function cacheSwitches(mode: Experiment["workload"]["prompt_cache"], server: string | undefined, salt: string): Record<string, unknown> {
  if (mode !== "bust") return {};
  if (server === "llama-server") return { cache_prompt: false };
  if (server === "vllm") return { cache_salt: salt };
  return {};
}

/** The egress log of the run being resumed, so this session's requests add to it (nothing is read otherwise). */
export function earlierEgress(o: { resume?: string; runsDir?: string }, e: Experiment): Manifest["egress"] | undefined {
  if (o.resume === undefined) return undefined;
  const found = findRun(o.runsDir ?? "runs", e.name, o.resume);
  if ("problem" in found) return undefined;
  try {
    return readManifest(found.dir).egress;
  } catch {
    return undefined;
  }
}

/** Whether measured requests of this variant unload the model first; warns (once per variant) where the server cannot. */
const unloadWarned = new WeakSet<Variant>();
export function unloadBefore(e: Experiment, variant: Variant, session: VariantSession, logger: Logger): boolean {
  if (!(variant.unload_before ?? e.workload.unload_before ?? false)) return false;
  if (session.unload) return true;
  if (!unloadWarned.has(variant)) logger.warn(messages("en").fidelity.noUnload(variant.id, variant.backend));
  unloadWarned.add(variant);
  return false;
}

/** The session with the model unloaded before each request (the unload is not part of the request's timing). */
export function unloadingSession(session: VariantSession): VariantSession {
  return {
    ...session,
    generate: (req, signal) =>
      (async function* () {
        await session.unload?.();
        yield* session.generate(req, signal);
      })(),
  };
}

const norm = (s: string): string => s.toLowerCase().replace(/[^a-z0-9]/g, "");

/**
 * Where the server's own words contradict what a variant declares: weight format (gguf, mlx) and quantization, as
 * reported when the model was opened (Ollama `/api/show`, LM Studio `/api/v0/models`, GGUF header) or with a response
 * (LM Studio `model_info`). None when the server says nothing.
 */
export function contradictions(variant: Variant, reported: { format?: string | undefined; quantization?: string | undefined }): Contradiction[] {
  const out: Contradiction[] = [];
  if (variant.format !== "other" && reported.format && norm(reported.format) !== norm(variant.format)) out.push({ field: "format", declared: variant.format, reported: reported.format });
  if (variant.quantization && reported.quantization && norm(reported.quantization) !== norm(variant.quantization)) out.push({ field: "quantization", declared: variant.quantization, reported: reported.quantization });
  return out;
}

/** Records (and warns about, once each) what the server contradicts of a variant's declaration. */
export function noteContradictions(variant: Variant, entry: Manifest["variants"][string] | undefined, found: readonly Contradiction[], logger: Logger): void {
  if (!entry) return;
  const known = new Set(entry.contradictions ?? []);
  const facts = [...(entry.contradicted ?? [])];
  for (const c of found) {
    const text = contradictionText(c);
    if (known.has(text)) continue;
    known.add(text);
    facts.push(c);
    logger.warn(`variant ${variant.id}: ${text}`);
  }
  if (known.size) entry.contradictions = [...known];
  if (facts.length) entry.contradicted = facts;
}

export const factsReported = (f: ModelFacts) => ({ format: f.format_reported, quantization: f.quantization_reported });

/** The server's own facts about the loaded model, asked once the variant has served its requests. */
export async function recordServerFacts(variant: Variant, session: VariantSession, entry: Manifest["variants"][string] | undefined, logger: Logger): Promise<void> {
  const facts = await session.serverFacts?.().catch(() => null);
  if (!facts || !entry) return;
  entry.server_facts = facts;
  const str = (x: unknown) => (typeof x === "string" ? x : undefined);
  noteContradictions(variant, entry, contradictions(variant, { format: str(facts["format"]), quantization: str(facts["quantization"]) }), logger);
}

