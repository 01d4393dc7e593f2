/**
 * `ollama`: Ollama's native API through the `ollama` npm client (`/api/chat` or `/api/generate`, streamed NDJSON).
 * The final message's durations and counts (ns) are kept raw as the trial's `server` report — the figures
 * `ollama run --verbose` prints. `/api/version`, `/api/tags` and `/api/show` fill the manifest (version, digest,
 * format, quantization, parameter size). Ollama has no ignore_eos: outputs may end before max_tokens.
 *
 * `thinking` (message.thinking / thinking) is reasoning; reasoning inside `content` (a model run without `think`) is
 * split out. One NDJSON line may hold several tokens (its runner flushes held-back UTF-8 and stop-word prefixes
 * together), so each line counts as one token and the run spreads `eval_count` over them when they differ. A variant's
 * `reasoning_effort` is sent as `think`: the level for gpt-oss (which takes only levels), `true` for other models.
 */
import { Ollama, type ChatResponse, type GenerateResponse } from "ollama";
import { BackendError, type BackendEvent, type BackendFactory, type GenerationRequest } from "../types.js";
import type { OllamaBackendConfig } from "../../validate/schema.js";
import { makeAgent, type HttpStreamEvent } from "../http/stream.js";
import { timedFetch } from "./fetch.js";
import { ChunkEmitter } from "../chunks.js";
import { chatMessages, flatText } from "../../shared/chat.js";
import { backendIsLocal } from "../locality.js";
import type { SendGate } from "../../shared/send-gate.js";

const STAT_FIELDS = ["total_duration", "load_duration", "prompt_eval_count", "prompt_eval_duration", "eval_count", "eval_duration", "done_reason"] as const;

function asBackendError(e: unknown): BackendError {
  if (e instanceof BackendError) return e;
  const err = e as Error & { status_code?: number };
  if (typeof err.status_code === "number") return new BackendError("http", `HTTP ${err.status_code}: ${err.message}`, err.status_code);
  return new BackendError("stream", err.message);
}

export const createOllamaBackend: BackendFactory<OllamaBackendConfig> = (id, config, context) => {
  const host = config.host.replace(/\/+$/, "");
  const agent = makeAgent(new URL(host));
  const client = (signal: AbortSignal, onEvent: (e: HttpStreamEvent) => void = () => {}, gate?: SendGate) => new Ollama({ host, fetch: timedFetch(agent, signal, onEvent, context.egress, gate) });
  const call = async <T>(fn: (c: Ollama) => Promise<T>, signal?: AbortSignal): Promise<T> => {
    try {
      return await fn(client(AbortSignal.any([AbortSignal.timeout(10_000), ...(signal ? [signal] : [])])));
    } catch (e) {
      throw asBackendError(e);
    }
  };

  async function* generate(req: GenerationRequest, signal: AbortSignal, gate?: SendGate): AsyncGenerator<BackendEvent> {
    const emitter = new ChunkEmitter();
    const think = req.reasoning_effort === undefined ? {} : { think: /gpt-oss/i.test(req.model) ? req.reasoning_effort : true };
    const queue: BackendEvent[] = [];
    let lastRead = 0;
    const c = client(signal, (e) => {
      if (e.type === "sent") queue.push(e);
      else {
        if (lastRead === 0) queue.push({ type: "first_byte", t: e.t });
        lastRead = e.t;
      }
    }, gate);
    const options = { num_predict: req.max_tokens, seed: req.seed, temperature: req.temperature, ...req.options };
    const common = { model: req.model, stream: true as const, options, ...think, ...(config.keep_alive === undefined ? {} : { keep_alive: config.keep_alive }) };
    let final: (ChatResponse | GenerateResponse) | null = null;
    try {
      const parts =
        config.api === "generate"
          ? await c.generate({ ...common, prompt: flatText(req.prompt, false), ...(req.prompt.system === undefined ? {} : { system: req.prompt.system }) })
          : await c.chat({ ...common, messages: chatMessages(req.prompt) });
      for await (const part of parts) {
        yield* queue.splice(0);
        const thinking = "message" in part ? part.message.thinking : part.thinking;
        const answer = "message" in part ? part.message.content : part.response;
        if (thinking || answer) {
          const out: BackendEvent[] = [];
          emitter.text(lastRead, thinking, answer, 1, out);
          yield* out;
        }
        if (part.done) final = part;
      }
      yield* queue.splice(0);
      const rest: BackendEvent[] = [];
      emitter.flush(lastRead, rest);
      yield* rest;
    } catch (e) {
      throw asBackendError(e);
    }
    if (!final) throw new BackendError("stream", "stream ended without a final message (done: true)");
    const server: Record<string, unknown> = {};
    for (const f of STAT_FIELDS) server[f] = (final as unknown as Record<string, unknown>)[f];
    yield {
      type: "end",
      t: performance.now(),
      usage: { prompt_tokens: final.prompt_eval_count ?? null, completion_tokens: final.eval_count ?? null },
      server,
      finish_reason: final.done_reason ?? null,
      token_count: "one-per-event",
      ...(emitter.inline ? { reasoning_inline: true as const } : {}),
    };
  }

  return {
    id,
    type: "ollama",
    local: backendIsLocal(config),
    async info(signal) {
      try {
        const v = await call((c) => c.version(), signal);
        return { reachable: true, url: host, server: "ollama", version: v.version };
      } catch (e) {
        return { reachable: false, url: host, problem: (e as Error).message };
      }
    },
    async listModels(signal) {
      const list = await call((c) => c.list(), signal);
      return list.models.map((m) => ({ name: m.name, digest: m.digest, size_bytes: m.size, modified_at: new Date(m.modified_at).toISOString() }));
    },
    async contextLength(variant, signal) {
      // Ollama cuts a prompt longer than num_ctx without an error: the variant's num_ctx is what a request gets
      const asked = variant.options?.["num_ctx"];
      if (typeof asked === "number") return { tokens: asked, source: "Ollama options.num_ctx" };
      const show = await call((c) => c.show({ model: variant.model }), signal).catch(() => null);
      const info = (show?.model_info ?? {}) as Map<string, unknown> | Record<string, unknown>;
      const entries = info instanceof Map ? [...info.entries()] : Object.entries(info);
      const trained = entries.find(([k, v]) => k.endsWith(".context_length") && typeof v === "number")?.[1];
      return typeof trained === "number" ? { tokens: trained, source: "Ollama /api/show context_length", trained: true, server: "ollama" } : null;
    },
    async fingerprint(variant, signal) {
      try {
        const list = await call((c) => c.list(), signal);
        const m = list.models.find((x) => x.name === variant.model || x.model === variant.model);
        return m ? `ollama:${m.digest}` : null;
      } catch {
        return null;
      }
    },
    async open(variant, options) {
      if (variant.format === "mlx") context.logger.warn(`variant ${variant.id}: Ollama serves GGUF; format mlx was declared`);
      if (options.ignoreEos) context.logger.warn(`variant ${variant.id}: Ollama has no ignore_eos; answers may end before max_tokens`);
      const [show, list] = await Promise.all([call((c) => c.show({ model: variant.model })), call((c) => c.list())]);
      const listed = list.models.find((m) => m.name === variant.model || m.model === variant.model);
      const d = show.details;
      return {
        facts: {
          name: variant.model,
          ...(listed ? { digest: listed.digest, size_bytes: listed.size } : {}),
          format_reported: d.format,
          quantization_reported: d.quantization_level,
          parameter_size: d.parameter_size,
          family: d.family,
        },
        gated: true,
        generate: (req, signal, gate) => generate(variant.reasoning_effort === undefined ? req : { reasoning_effort: variant.reasoning_effort, ...req }, signal, gate),
        async warm(connections) {
          await Promise.all(Array.from({ length: connections }, () => call((c) => c.version())));
        },
        async unload() {
          // an empty prompt with keep_alive 0 unloads the model at once (docs/api.md "Unload a model")
          await call((c) => c.generate({ model: variant.model, prompt: "", keep_alive: 0, stream: false }));
        },
        async serverFacts() {
          const ps = await call((c) => c.ps()).catch(() => null);
          const m = ps?.models.find((x) => x.name === variant.model || x.model === variant.model || x.name === `${variant.model}:latest`);
          if (!m) return null;
          const ctx = (m as unknown as { context_length?: number }).context_length;
          return { source: "/api/ps", size_bytes: m.size, size_vram_bytes: m.size_vram, ...(typeof ctx === "number" ? { context_length: ctx } : {}), expires_at: String(m.expires_at) };
        },
        async close() {},
      };
    },
    async close() {
      agent.destroy();
    },
  };
};
