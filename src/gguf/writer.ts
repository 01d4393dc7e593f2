/**
 * A minimal GGUF v3 writer: metadata key/values and F32/F16 tensors, aligned as llama.cpp expects.
 *
 * Tensor data is produced lazily by a `fill` callback per tensor so that large models are streamed to disk
 * instead of being held in memory.
 */
import { closeSync, openSync, writeSync } from "node:fs";

export type GgufValue =
  | { type: "u32"; value: number }
  | { type: "i32"; value: number }
  | { type: "f32"; value: number }
  | { type: "bool"; value: boolean }
  | { type: "string"; value: string }
  | { type: "string[]"; value: readonly string[] }
  | { type: "f32[]"; value: ArrayLike<number> }
  | { type: "i32[]"; value: ArrayLike<number> };

export type TensorType = "f32" | "f16";

export interface GgufTensor {
  name: string;
  /** ggml order: the first dimension is the contiguous one (row length). */
  dims: readonly number[];
  type: TensorType;
  /** Writes the tensor's values, row-major, as float32 into `out` (length = product of dims). */
  fill(out: Float32Array): void;
}

const VALUE_TYPE = { u32: 4, i32: 5, f32: 6, bool: 7, string: 8, array: 9 } as const;
const GGML_TYPE: Record<TensorType, number> = { f32: 0, f16: 1 };
const BYTES: Record<TensorType, number> = { f32: 4, f16: 2 };
export const GGUF_ALIGNMENT = 32;

class ByteSink {
  private parts: Buffer[] = [];
  length = 0;
  push(b: Buffer): void {
    this.parts.push(b);
    this.length += b.length;
  }
  u32(v: number): void {
    const b = Buffer.alloc(4);
    b.writeUInt32LE(v);
    this.push(b);
  }
  i32(v: number): void {
    const b = Buffer.alloc(4);
    b.writeInt32LE(v);
    this.push(b);
  }
  u64(v: number): void {
    const b = Buffer.alloc(8);
    b.writeBigUInt64LE(BigInt(v));
    this.push(b);
  }
  f32(v: number): void {
    const b = Buffer.alloc(4);
    b.writeFloatLE(v);
    this.push(b);
  }
  str(s: string): void {
    const bytes = Buffer.from(s, "utf8");
    this.u64(bytes.length);
    this.push(bytes);
  }
  concat(): Buffer {
    return Buffer.concat(this.parts, this.length);
  }
}

function writeValue(sink: ByteSink, v: GgufValue): void {
  switch (v.type) {
    case "u32": sink.u32(VALUE_TYPE.u32); sink.u32(v.value); return;
    case "i32": sink.u32(VALUE_TYPE.i32); sink.i32(v.value); return;
    case "f32": sink.u32(VALUE_TYPE.f32); sink.f32(v.value); return;
    case "bool": sink.u32(VALUE_TYPE.bool); sink.push(Buffer.from([v.value ? 1 : 0])); return;
    case "string": sink.u32(VALUE_TYPE.string); sink.str(v.value); return;
    case "string[]":
      sink.u32(VALUE_TYPE.array); sink.u32(VALUE_TYPE.string); sink.u64(v.value.length);
      for (const s of v.value) sink.str(s);
      return;
    case "f32[]": {
      sink.u32(VALUE_TYPE.array); sink.u32(VALUE_TYPE.f32); sink.u64(v.value.length);
      const b = Buffer.alloc(4 * v.value.length);
      for (let i = 0; i < v.value.length; i++) b.writeFloatLE(v.value[i] ?? 0, 4 * i);
      sink.push(b);
      return;
    }
    case "i32[]": {
      sink.u32(VALUE_TYPE.array); sink.u32(VALUE_TYPE.i32); sink.u64(v.value.length);
      const b = Buffer.alloc(4 * v.value.length);
      for (let i = 0; i < v.value.length; i++) b.writeInt32LE(v.value[i] ?? 0, 4 * i);
      sink.push(b);
      return;
    }
  }
}

const align = (n: number): number => Math.ceil(n / GGUF_ALIGNMENT) * GGUF_ALIGNMENT;
const elements = (dims: readonly number[]): number => dims.reduce((a, b) => a * b, 1);

/** Converts float32 values to IEEE half precision (round to nearest even), as ggml stores F16. */
export function toF16(src: Float32Array): Buffer {
  const out = Buffer.alloc(src.length * 2);
  const f = new Float32Array(1);
  const u = new Uint32Array(f.buffer);
  for (let i = 0; i < src.length; i++) {
    f[0] = src[i] ?? 0;
    const x = u[0] ?? 0;
    const sign = (x >>> 16) & 0x8000;
    const exp = ((x >>> 23) & 0xff) - 127 + 15;
    let mant = x & 0x7fffff;
    let h: number;
    if (exp >= 0x1f) h = sign | 0x7c00;
    else if (exp <= 0) {
      if (exp < -10) h = sign;
      else {
        mant |= 0x800000;
        const shift = 14 - exp;
        h = sign | ((mant + (1 << (shift - 1)) - 1 + ((mant >>> shift) & 1)) >>> shift);
      }
    } else {
      h = sign | (exp << 10) | (mant >>> 13);
      const rest = mant & 0x1fff;
      if (rest > 0x1000 || (rest === 0x1000 && (h & 1))) h++;
    }
    out.writeUInt16LE(h & 0xffff, 2 * i);
  }
  return out;
}

/** Writes a GGUF v3 file. Returns the number of bytes written. */
export function writeGguf(path: string, metadata: ReadonlyArray<[string, GgufValue]>, tensors: readonly GgufTensor[]): number {
  const head = new ByteSink();
  head.push(Buffer.from("GGUF", "ascii"));
  head.u32(3);
  head.u64(tensors.length);
  head.u64(metadata.length + 1);
  head.str("general.alignment");
  writeValue(head, { type: "u32", value: GGUF_ALIGNMENT });
  for (const [key, value] of metadata) {
    head.str(key);
    writeValue(head, value);
  }
  let offset = 0;
  const offsets: number[] = [];
  for (const t of tensors) {
    head.str(t.name);
    head.u32(t.dims.length);
    for (const d of t.dims) head.u64(d);
    head.u32(GGML_TYPE[t.type]);
    head.u64(offset);
    offsets.push(offset);
    offset = align(offset + elements(t.dims) * BYTES[t.type]);
  }
  const header = head.concat();
  const fd = openSync(path, "w");
  try {
    let written = writeSync(fd, header);
    const pad = align(header.length) - header.length;
    written += writeSync(fd, Buffer.alloc(pad));
    const dataStart = written;
    tensors.forEach((t, i) => {
      const at = dataStart + (offsets[i] ?? 0);
      if (written < at) written += writeSync(fd, Buffer.alloc(at - written));
      const values = new Float32Array(elements(t.dims));
      t.fill(values);
      const bytes = t.type === "f16" ? toF16(values) : Buffer.from(values.buffer, values.byteOffset, values.byteLength);
      written += writeSync(fd, bytes);
    });
    const end = dataStart + offset;
    if (written < end) written += writeSync(fd, Buffer.alloc(end - written));
    return written;
  } finally {
    closeSync(fd);
  }
}
