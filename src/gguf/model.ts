/**
 * Self-made llama-architecture models for demos and tests (no model can be downloaded on the machines this project
 * is built on). Weights are seeded, so the same options always give a byte-identical file.
 *
 * The recipe that keeps every API well-behaved: one embedding dimension carries a large constant, the layers never
 * write to it, and the output rows of tokens that must never be sampled (unk, bos, control tokens, raw bytes and, by
 * default, eos) put a large negative weight on it. Random weights then only ever emit printable word pieces (valid
 * UTF-8), and with eos banned every request generates exactly `max_tokens` tokens.
 */
import { writeGguf, type GgufTensor, type GgufValue, type TensorType } from "./writer.js";
import { buildVocab, CHATML_TEMPLATE } from "./vocab.js";
import { mulberry32 } from "../shared/rng.js";

export interface ModelOptions {
  /** Embedding width. */
  embedding: number;
  layers: number;
  heads: number;
  /** Feed-forward width; defaults to twice the embedding width. */
  feedForward?: number;
  contextLength?: number;
  /** Storage type of the 2-D weight matrices (1-D norms are always F32). */
  type?: TensorType;
  seed?: number;
  name?: string;
  /** When true the model may emit eos and stop early; by default it never does. */
  allowEos?: boolean;
}

export const MODEL_PRESETS = {
  tiny: { embedding: 64, layers: 2, heads: 4, type: "f32" },
  small: { embedding: 256, layers: 4, heads: 4, type: "f32" },
  medium: { embedding: 512, layers: 8, heads: 8, type: "f16" },
  demo: { embedding: 1024, layers: 8, heads: 16, type: "f16" },
} as const satisfies Record<string, ModelOptions>;
export type ModelPreset = keyof typeof MODEL_PRESETS;

const OFFSET = 8;
const BAN = -100;

/** Fills `out` with uniform noise of the given standard deviation. */
function noise(rand: () => number, out: Float32Array, sd: number): void {
  const a = sd * Math.sqrt(3);
  for (let i = 0; i < out.length; i++) out[i] = (rand() * 2 - 1) * a;
}

/** Writes a model and returns its size in bytes. */
export function writeModel(path: string, options: ModelOptions): number {
  const d = options.embedding;
  const ff = options.feedForward ?? 2 * d;
  const type = options.type ?? "f32";
  const vocab = buildVocab();
  const n = vocab.tokens.length;
  const banned = new Set(vocab.banned);
  if (options.allowEos) banned.delete(vocab.eos);
  const rand = mulberry32(options.seed ?? 1);
  const matrix = (name: string, dims: [number, number], sd: number, zeroRow0 = false): GgufTensor => ({
    name, dims, type,
    fill(out) {
      noise(rand, out, sd);
      if (zeroRow0) out.fill(0, 0, dims[0]);
    },
  });
  const ones = (name: string): GgufTensor => ({ name, dims: [d], type: "f32", fill: (out) => out.fill(1) });

  const tensors: GgufTensor[] = [{
    name: "token_embd.weight", dims: [d, n], type,
    fill(out) {
      noise(rand, out, 1);
      for (let t = 0; t < n; t++) out[t * d] = OFFSET;
    },
  }];
  for (let l = 0; l < options.layers; l++) {
    const p = `blk.${l}.`;
    tensors.push(
      ones(p + "attn_norm.weight"),
      matrix(p + "attn_q.weight", [d, d], 1 / Math.sqrt(d)),
      matrix(p + "attn_k.weight", [d, d], 1 / Math.sqrt(d)),
      matrix(p + "attn_v.weight", [d, d], 1 / Math.sqrt(d)),
      matrix(p + "attn_output.weight", [d, d], 0.02, true),
      ones(p + "ffn_norm.weight"),
      matrix(p + "ffn_gate.weight", [d, ff], 1 / Math.sqrt(d)),
      matrix(p + "ffn_up.weight", [d, ff], 1 / Math.sqrt(d)),
      matrix(p + "ffn_down.weight", [ff, d], 0.02, true),
    );
  }
  tensors.push(ones("output_norm.weight"), {
    name: "output.weight", dims: [d, n], type,
    fill(out) {
      noise(rand, out, 1 / Math.sqrt(d));
      for (let t = 0; t < n; t++) out[t * d] = banned.has(t) ? BAN : 0;
    },
  });

  const u32 = (value: number): GgufValue => ({ type: "u32", value });
  const metadata: Array<[string, GgufValue]> = [
    ["general.architecture", { type: "string", value: "llama" }],
    ["general.name", { type: "string", value: options.name ?? `trialbook-d${d}-l${options.layers}` }],
    ["general.file_type", u32(type === "f16" ? 1 : 0)],
    ["llama.context_length", u32(options.contextLength ?? 4096)],
    ["llama.embedding_length", u32(d)],
    ["llama.block_count", u32(options.layers)],
    ["llama.feed_forward_length", u32(ff)],
    ["llama.attention.head_count", u32(options.heads)],
    ["llama.attention.head_count_kv", u32(options.heads)],
    ["llama.rope.dimension_count", u32(d / options.heads)],
    ["llama.attention.layer_norm_rms_epsilon", { type: "f32", value: 1e-5 }],
    ["llama.vocab_size", u32(n)],
    ["tokenizer.ggml.model", { type: "string", value: "llama" }],
    ["tokenizer.ggml.tokens", { type: "string[]", value: vocab.tokens }],
    ["tokenizer.ggml.scores", { type: "f32[]", value: vocab.scores }],
    ["tokenizer.ggml.token_type", { type: "i32[]", value: vocab.types }],
    ["tokenizer.ggml.bos_token_id", u32(vocab.bos)],
    ["tokenizer.ggml.eos_token_id", u32(vocab.eos)],
    ["tokenizer.ggml.unknown_token_id", u32(vocab.unk)],
    ["tokenizer.ggml.add_bos_token", { type: "bool", value: true }],
    ["tokenizer.ggml.add_eos_token", { type: "bool", value: false }],
    ["tokenizer.chat_template", { type: "string", value: CHATML_TEMPLATE }],
  ];
  if (d % options.heads !== 0) throw new RangeError(`embedding ${d} is not divisible by heads ${options.heads}`);
  return writeGguf(path, metadata, tensors);
}
