import { createHash } from "node:crypto";
import { createReadStream, statSync } from "node:fs";

export function sha256(data: string | Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

export async function sha256File(path: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

const fileHashes = new Map<string, Promise<string>>();

/** sha256 of a file, computed once per process for the same path, size and modification time. */
export function sha256FileCached(path: string): Promise<string> {
  const st = statSync(path);
  const key = `${path}\u0000${st.size}\u0000${st.mtimeMs}`;
  let hash = fileHashes.get(key);
  if (!hash) fileHashes.set(key, (hash = sha256File(path)));
  return hash;
}
