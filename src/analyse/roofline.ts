/**
 * Decode roofline for dense models: tok/s ≤ memory bandwidth / bytes of weights read per token (KV-cache reads are
 * left out, so the bound is optimistic). Bytes per token come from the variant's declared `bytes_per_token` (declare it
 * for MoE models: the active weights), else the GGUF file size the manifest records. Needs the machine's declared
 * `memory_bandwidth_gbps`.
 */
import type { Manifest } from "../store/manifest.js";

export interface Roofline {
  bandwidth_gbps: number;
  bytes_per_token: number;
  source: "declared" | "model size (dense)";
  max_tps: number;
}

export function rooflineFor(manifest: Manifest, variant: string, declaredBytes: number | undefined): Roofline | null {
  const bw = (manifest.machine_declared as { memory_bandwidth_gbps?: number } | null)?.memory_bandwidth_gbps;
  if (!bw) return null;
  const size = manifest.variants[variant]?.model?.size_bytes;
  const bytes = declaredBytes ?? size;
  if (!bytes) return null;
  return { bandwidth_gbps: bw, bytes_per_token: bytes, source: declaredBytes ? "declared" : "model size (dense)", max_tps: (bw * 1e9) / bytes };
}
