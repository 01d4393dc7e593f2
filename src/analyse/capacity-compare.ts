/**
 * Capacity, A against B: the highest rate meeting the SLO for the same variant and prompt in two runs (or for two
 * variants of one run, prompt by prompt). Only a rate that met the SLO is compared; a side where none did is null.
 */
import type { CapacityRow } from "./capacity.js";

export interface CapacityChange {
  a: { variant: string; prompt: string; max_rate_rps: number | null };
  b: { variant: string; prompt: string; max_rate_rps: number | null };
  /** b ÷ a, when both met the SLO at some rate. */
  ratio: number | null;
  /** The two runs' SLOs differ: the rates answer different questions. */
  slo_differs: boolean;
}

const side = (r: CapacityRow) => ({ variant: r.variant, prompt: r.prompt, max_rate_rps: r.max_rate_rps });

export function compareCapacity(a: readonly CapacityRow[], b: readonly CapacityRow[], variants?: readonly [string, string]): CapacityChange[] {
  const out: CapacityChange[] = [];
  for (const ra of a) {
    if (variants && ra.variant !== variants[0]) continue;
    // a row of conversations alone has no rate to compare (sessions-compare.ts compares it)
    if (ra.levels.length === 0) continue;
    const rb = b.find((r) => r.prompt === ra.prompt && r.variant === (variants ? variants[1] : ra.variant));
    if (!rb) continue;
    const ratio = ra.max_rate_rps && rb.max_rate_rps !== null ? rb.max_rate_rps / ra.max_rate_rps : null;
    out.push({ a: side(ra), b: side(rb), ratio, slo_differs: JSON.stringify(ra.slo) !== JSON.stringify(rb.slo) });
  }
  return out;
}
