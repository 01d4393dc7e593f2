/**
 * Paired comparison of two variants on the same requests (task, item, repetition): how often each passes where the
 * other fails, and McNemar's exact test (two-sided binomial test on the discordant pairs).
 */
export interface Paired {
  against: string;
  pairs: number;
  both: number;
  only_reference: number;
  only_this: number;
  neither: number;
  /** Pass-rate difference this − reference, on the paired requests. */
  difference: number | null;
  /** McNemar's exact two-sided p-value; null without discordant pairs. */
  p_value: number | null;
}

/** log(n choose k) via log-gamma-free summation (n is at most a few thousand here). */
function logChoose(n: number, k: number): number {
  let s = 0;
  for (let i = 1; i <= k; i++) s += Math.log(n - k + i) - Math.log(i);
  return s;
}

/** Two-sided exact binomial p-value for k successes in n trials at p = 0.5. */
export function mcnemarExact(b: number, c: number): number | null {
  const n = b + c;
  if (n === 0) return null;
  const k = Math.min(b, c);
  let tail = 0;
  for (let i = 0; i <= k; i++) tail += Math.exp(logChoose(n, i) - n * Math.LN2);
  return Math.min(1, 2 * tail);
}

export function pairedComparison(against: string, reference: ReadonlyMap<string, boolean>, self: ReadonlyMap<string, boolean>): Paired {
  let both = 0;
  let onlyRef = 0;
  let onlyThis = 0;
  let neither = 0;
  for (const [key, pass] of self) {
    const ref = reference.get(key);
    if (ref === undefined) continue;
    if (ref && pass) both++;
    else if (ref) onlyRef++;
    else if (pass) onlyThis++;
    else neither++;
  }
  const pairs = both + onlyRef + onlyThis + neither;
  return {
    against,
    pairs,
    both,
    only_reference: onlyRef,
    only_this: onlyThis,
    neither,
    difference: pairs === 0 ? null : (onlyThis - onlyRef) / pairs,
    p_value: mcnemarExact(onlyRef, onlyThis),
  };
}
