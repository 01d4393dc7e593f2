/**
 * A backend's address as a report shows it: the URL of a server as stored, or the embedded engine in words of the
 * report's language ("embedded (threads 1, gpu none)", 「組み込み（スレッド 1、GPU なし）」). Runs made before the
 * structured `embedded` field existed are read from their stored English address.
 */
import type { ManifestBackend } from "../store/manifest.js";
import type { Words } from "../shared/i18n/catalogue.js";

const STORED = /^embedded \(threads (\d+), gpu (.+)\)$/;

export function backendAddress(b: Pick<ManifestBackend, "url" | "embedded">, w: Words): string {
  const old = b.embedded ? null : STORED.exec(b.url ?? "");
  const e = b.embedded ?? (old ? { threads: Number(old[1]), gpu: old[2] === "none" ? null : (old[2] ?? null) } : null);
  if (!e) return b.url ?? "–";
  return w.t.methodology.embeddedAddress(w.f.int(e.threads), e.gpu ?? w.t.common.none);
}
