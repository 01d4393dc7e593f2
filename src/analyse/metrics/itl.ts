/**
 * Inter-token latency from the stored chunks.
 *
 * - Per chunk: each gap between successive streamed chunks, not divided by the tokens in a chunk (vLLM's ITL, AIPerf's
 *   inter-chunk latency). Servers bundle tokens, so this is what the stream really looked like.
 * - Per token: each gap divided by the tokens in the later chunk (repeated once per token), comparable across servers
 *   that bundle differently. The mean of per-token ITL over a trial equals its TPOT when every chunk is timed.
 */
import type { Trial } from "../../store/trial.js";

export function itlPerChunk(t: Trial): number[] {
  if (t.error) return [];
  const out: number[] = [];
  for (let i = 1; i < t.chunks.length; i++) out.push((t.chunks[i]?.t_ms ?? 0) - (t.chunks[i - 1]?.t_ms ?? 0));
  return out;
}

export function itlPerToken(t: Trial): number[] {
  if (t.error) return [];
  const out: number[] = [];
  for (let i = 1; i < t.chunks.length; i++) {
    const c = t.chunks[i];
    const gap = (c?.t_ms ?? 0) - (t.chunks[i - 1]?.t_ms ?? 0);
    const n = Math.max(1, c?.tokens ?? 1);
    for (let k = 0; k < n; k++) out.push(gap / n);
  }
  return out;
}
