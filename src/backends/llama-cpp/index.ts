/**
 * `llama-cpp`: llama.cpp embedded through node-llama-cpp. The model is loaded when the variant opens (load time
 * measured apart from the trials); each request gets its own context sequence, cleared first, so no prompt cache
 * carries over between trials. With `ignore_eos` the engine generates exactly `max_tokens` tokens.
 *
 * Engine counters: after a request that ran alone, llama.cpp's own perf counters (prompt eval and eval time and
 * counts) are stored as the trial's `server` block, in llama-server's `timings` names. When requests overlap the
 * counters mix sequences, so they are not stored.
 */
import { availableParallelism } from "node:os";
import { existsSync, readdirSync, statSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import type { LlamaContext, LlamaContextSequence, LlamaModel, Token } from "node-llama-cpp";
import { BackendError, type BackendEvent, type BackendFactory, type GenerationRequest, type VariantSession } from "../types.js";
import type { LlamaCppBackendConfig } from "../../validate/schema.js";
import { captureLog, loadEngine, nodeLlamaCpp, parsePerfLines } from "./engine.js";
import { promptTokens } from "./prompt.js";
import { ChunkEmitter } from "../chunks.js";
import { sha256FileCached } from "../../store/hash.js";

export const defaultThreads = (): number => (availableParallelism() <= 2 ? 1 : 4);

class SequencePool {
  private free: LlamaContextSequence[] = [];
  active = 0;
  constructor(private readonly context: LlamaContext) {}
  async acquire(): Promise<LlamaContextSequence> {
    this.active++;
    const seq = this.free.pop() ?? this.context.getSequence();
    await seq.clearHistory();
    return seq;
  }
  release(seq: LlamaContextSequence): void {
    this.active--;
    this.free.push(seq);
  }
}

async function* generate(model: LlamaModel, context: LlamaContext, pool: SequencePool, req: GenerationRequest, signal: AbortSignal): AsyncGenerator<BackendEvent> {
  const tokens = await promptTokens(model, req.prompt);
  const seq = await pool.acquire();
  const alone = pool.active === 1;
  const out: Token[] = [];
  const meter = seq.tokenMeter.getState();
  let finish: string | null = "length";
  // a reasoning GGUF (Qwen3, DeepSeek-R1, gpt-oss) writes its reasoning into the text: split it out
  const emitter = new ChunkEmitter();
  const split: BackendEvent[] = [];
  try {
    if (alone) await captureLog(() => context.printTimings()); // reset the counters
    yield { type: "sent", t: performance.now() };
    // The loop only takes each token and its time, as a bare caller of the binding would: its text (a native
    // detokenize call per token) and the reasoning split come after the last token, each chunk with the time its
    // token came. Done in the loop, they cost 2–3% of the decode rate on the build machine.
    const times: number[] = [];
    let firstByte: number | null = null;
    for await (const token of seq.evaluate(tokens, { temperature: req.temperature, seed: req.seed, yieldEogToken: true })) {
      const t = performance.now();
      firstByte ??= t;
      if (signal.aborted) break;
      if (!req.ignore_eos && model.isEogToken(token)) {
        finish = "stop";
        break;
      }
      out.push(token);
      times.push(t);
      if (out.length >= req.max_tokens) break;
    }
    const t = performance.now();
    if (firstByte !== null) yield { type: "first_byte", t: firstByte };
    for (let i = 0; i < out.length; i++) {
      const text = model.detokenize([out[i]!], false, out.slice(Math.max(0, i - 8), i));
      split.length = 0;
      emitter.text(times[i]!, null, text, 1, split);
      yield* split;
    }
    split.length = 0;
    emitter.flush(t, split);
    yield* split;
    const timings = alone && pool.active === 1 ? parsePerfLines((await captureLog(() => context.printTimings())).lines) : null;
    yield {
      type: "end",
      t,
      usage: {
        prompt_tokens: timings?.prompt_n ?? null,
        completion_tokens: seq.tokenMeter.diff(meter).usedOutputTokens,
        client_prompt_tokens: tokens.length,
      },
      server: timings ? { engine: "llama.cpp", timings } : null,
      finish_reason: signal.aborted ? "aborted" : finish,
      token_count: "engine",
      ...(emitter.inline ? { reasoning_inline: true as const } : {}),
    };
  } catch (e) {
    if (e instanceof BackendError) throw e;
    throw new BackendError("engine", `llama.cpp: ${(e as Error).message}`);
  } finally {
    pool.release(seq);
  }
}

/**
 * The GGUF file type as quantization names are written (`ALL_F32` → F32, `MOSTLY_Q4_K_M` → Q4_K_M), so that it
 * compares with a variant's declared quantization; llama.cpp's own description ("llama ?B all F32") when the file
 * states none.
 */
async function fileType(type: number | undefined, description: string): Promise<string> {
  const name = type === undefined ? undefined : (await nodeLlamaCpp()).GgufFileType[type];
  return name ? name.replace(/^(ALL|MOSTLY)_/, "") : description;
}

export const createLlamaCppBackend: BackendFactory<LlamaCppBackendConfig> = (id, config, context) => {
  const threads = config.threads ?? defaultThreads();
  const gpuLayers = config.gpu_layers ?? 0;
  const engine = () => loadEngine({ threads, gpu: gpuLayers !== 0 });
  return {
    id,
    type: "llama-cpp",
    local: true,
    async info() {
      const llama = await engine();
      return {
        reachable: true,
        server: "node-llama-cpp",
        version: `node-llama-cpp ${await (await nodeLlamaCpp()).getModuleVersion()}, llama.cpp ${llama.llamaCppRelease.release}`,
        url: `embedded (threads ${threads}, gpu ${llama.gpu || "none"})`,
        embedded: { threads, gpu: llama.gpu || null },
      };
    },
    async listModels() {
      if (!config.models_dir) return [];
      const dir = resolve(context.baseDir, config.models_dir);
      return readdirSync(dir)
        .filter((f) => f.toLowerCase().endsWith(".gguf"))
        .sort()
        .map((f) => {
          const st = statSync(join(dir, f));
          return { name: join(config.models_dir ?? "", f), size_bytes: st.size, modified_at: st.mtime.toISOString() };
        });
    },
    async fingerprint(variant) {
      const path = resolve(context.baseDir, variant.model);
      return existsSync(path) ? `sha256:${await sha256FileCached(path)}` : null;
    },
    async open(variant, options) {
      const path = resolve(context.baseDir, variant.model);
      if (!existsSync(path)) throw new BackendError("engine", `model file not found: ${path}`);
      const llama = await engine();
      const t0 = performance.now();
      const model = await llama.loadModel({ modelPath: path, gpuLayers: gpuLayers === "max" ? "max" : gpuLayers });
      const perSequence = Math.max(1024, (options.maxPromptTokens ?? Math.ceil(options.maxPromptChars / 2)) + options.maxTokens + 64);
      const contextSize = config.context_size ?? Math.min(model.trainContextSize, perSequence) * options.maxConcurrency;
      const ctx = await model.createContext({
        contextSize,
        sequences: options.maxConcurrency,
        threads,
        performanceTracking: true,
        ...(config.batch_size === undefined ? {} : { batchSize: config.batch_size }),
      });
      const load_ms = performance.now() - t0;
      const pool = new SequencePool(ctx);
      const general = model.fileInfo.metadata.general;
      const session: VariantSession = {
        facts: {
          name: general?.name ?? basename(path),
          file: path,
          size_bytes: model.size,
          digest: `sha256:${await sha256FileCached(path)}`,
          format_reported: "gguf",
          quantization_reported: await fileType(general?.file_type, model.typeDescription),
          family: general?.architecture ?? "",
          context_size: ctx.contextSize,
          load_ms,
          details: { threads, gpu_layers: model.gpuLayers, sequences: options.maxConcurrency, train_context_size: model.trainContextSize },
        },
        generate: (req, signal) => generate(model, ctx, pool, req, signal),
        // Open-loop levels: create the sequences before the clock starts, so the first arrivals do not pay for them.
        async warm(sequences) {
          const held = await Promise.all(Array.from({ length: Math.min(sequences, options.maxConcurrency) }, () => pool.acquire()));
          for (const seq of held) pool.release(seq);
        },
        async close() {
          await ctx.dispose();
          await model.dispose();
        },
      };
      return session;
    },
    async close() {},
  };
};
