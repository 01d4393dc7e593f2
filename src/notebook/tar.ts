/** A small ustar writer and reader (gzip-compressed): bundles open with any `tar xzf`. Regular files only. */
import { gunzipSync, gzipSync } from "node:zlib";

export interface TarEntry {
  path: string;
  data: Buffer;
}

const BLOCK = 512;

/** Splits a long path into ustar's prefix (≤ 155 bytes) and name (≤ 100 bytes) at a slash. */
function split(path: string): { prefix: string; name: string } {
  if (Buffer.byteLength(path) <= 100) return { prefix: "", name: path };
  for (let at = path.indexOf("/"); at > 0; at = path.indexOf("/", at + 1)) {
    const prefix = path.slice(0, at);
    const name = path.slice(at + 1);
    if (Buffer.byteLength(prefix) <= 155 && Buffer.byteLength(name) <= 100) return { prefix, name };
  }
  throw new Error(`path too long for a tar entry: ${path}`);
}

function header(path: string, size: number, mtime: number): Buffer {
  const h = Buffer.alloc(BLOCK, 0);
  const { prefix, name } = split(path);
  const put = (s: string, offset: number, length: number) => h.write(s, offset, length, "utf8");
  const octal = (n: number, offset: number, length: number) => put(`${Math.floor(n).toString(8).padStart(length - 1, "0")}\0`, offset, length);
  put(name, 0, 100);
  octal(0o644, 100, 8);
  octal(0, 108, 8);
  octal(0, 116, 8);
  octal(size, 124, 12);
  octal(mtime, 136, 12);
  put("        ", 148, 8);
  put("0", 156, 1);
  put("ustar\0", 257, 6);
  put("00", 263, 2);
  put(prefix, 345, 155);
  let sum = 0;
  for (const b of h) sum += b;
  put(`${sum.toString(8).padStart(6, "0")}\0 `, 148, 8);
  return h;
}

export function writeTarGz(entries: readonly TarEntry[], mtime = Date.now() / 1000): Buffer {
  const parts: Buffer[] = [];
  for (const e of entries) {
    parts.push(header(e.path, e.data.length, mtime), e.data);
    const pad = (BLOCK - (e.data.length % BLOCK)) % BLOCK;
    if (pad) parts.push(Buffer.alloc(pad, 0));
  }
  parts.push(Buffer.alloc(BLOCK * 2, 0));
  return gzipSync(Buffer.concat(parts));
}

const field = (b: Buffer, offset: number, length: number): string => {
  const s = b.subarray(offset, offset + length);
  const end = s.indexOf(0);
  return s.subarray(0, end < 0 ? length : end).toString("utf8");
};

export function readTarGz(archive: Buffer): TarEntry[] {
  const tar = gunzipSync(archive);
  const out: TarEntry[] = [];
  for (let at = 0; at + BLOCK <= tar.length; ) {
    const h = tar.subarray(at, at + BLOCK);
    if (h.every((b) => b === 0)) break;
    const size = parseInt(field(h, 124, 12).trim() || "0", 8);
    const type = field(h, 156, 1) || "0";
    const prefix = field(h, 345, 155);
    const name = field(h, 0, 100);
    const path = prefix ? `${prefix}/${name}` : name;
    at += BLOCK;
    if (type === "0") out.push({ path, data: Buffer.from(tar.subarray(at, at + size)) });
    at += Math.ceil(size / BLOCK) * BLOCK;
  }
  return out;
}
