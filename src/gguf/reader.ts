/**
 * A minimal GGUF metadata reader: the header's key/values up to the one asked for, read in small pieces so that a
 * 40 GB model file costs a few reads (tokenizer arrays are skipped, not held). Enough to learn a model's trained
 * context (`<architecture>.context_length`) before a run, without loading it.
 */
import { closeSync, openSync, readSync } from "node:fs";

class Cursor {
  private buf = Buffer.alloc(0);
  private start = 0;
  pos = 0;
  constructor(private readonly fd: number) {}
  private need(n: number): Buffer {
    if (this.pos < this.start || this.pos + n > this.start + this.buf.length) {
      const size = Math.max(n, 1 << 16);
      const b = Buffer.alloc(size);
      const got = readSync(this.fd, b, 0, size, this.pos);
      if (got < n) throw new Error("GGUF header ends early");
      this.buf = b.subarray(0, got);
      this.start = this.pos;
    }
    const off = this.pos - this.start;
    this.pos += n;
    return this.buf.subarray(off, off + n);
  }
  u32 = () => this.need(4).readUInt32LE(0);
  u64 = () => Number(this.need(8).readBigUInt64LE(0));
  string = () => this.need(this.u64()).toString("utf8");
  skip = (n: number) => void (this.pos += n);
}

/** Byte sizes of the fixed-size value types (GGUF spec: u8 i8 u16 i16 u32 i32 f32 bool _ _ u64 i64 f64). */
const SIZE: Record<number, number> = { 0: 1, 1: 1, 2: 2, 3: 2, 4: 4, 5: 4, 6: 4, 7: 1, 10: 8, 11: 8, 12: 8 };

function readValue(c: Cursor, type: number): unknown {
  if (type === 8) return c.string();
  if (type === 9) {
    const inner = c.u32();
    const n = c.u64();
    if (inner === 8) for (let i = 0; i < n; i++) c.skip(c.u64());
    else c.skip(n * (SIZE[inner] ?? 0));
    return undefined;
  }
  const size = SIZE[type];
  if (size === undefined) throw new Error(`GGUF value type ${type} unknown`);
  const at = c.pos;
  if (type === 4) return c.u32();
  if (type === 10) return c.u64();
  c.pos = at + size;
  return undefined;
}

/** The first metadata value whose key `match` accepts (numbers and strings only), or null. Throws on a non-GGUF file. */
export function readGgufValue(path: string, match: (key: string) => boolean): unknown {
  const fd = openSync(path, "r");
  try {
    const c = new Cursor(fd);
    const magic = c.u32();
    if (magic !== 0x46554747) throw new Error(`${path} is not a GGUF file`);
    c.u32(); // version
    c.u64(); // tensor count
    const kvs = c.u64();
    for (let i = 0; i < kvs; i++) {
      const key = c.string();
      const type = c.u32();
      const value = readValue(c, type);
      if (match(key) && value !== undefined) return value;
    }
    return null;
  } finally {
    closeSync(fd);
  }
}

/** The model's trained context (`<architecture>.context_length`), or null when the file does not say. */
export function ggufContextLength(path: string): number | null {
  const v = readGgufValue(path, (k) => k.endsWith(".context_length") && !k.startsWith("tokenizer."));
  return typeof v === "number" ? v : null;
}
