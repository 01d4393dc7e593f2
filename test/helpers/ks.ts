/** One-sample Kolmogorov–Smirnov test against the exponential distribution (for arrival-fidelity tests). */

/** D = sup |F_n(x) − F(x)| for F(x) = 1 − exp(−rate·x). */
export function ksExponential(samples: readonly number[], rate: number): number {
  const s = [...samples].sort((a, b) => a - b);
  const n = s.length;
  let d = 0;
  s.forEach((x, i) => {
    const f = 1 - Math.exp(-rate * x);
    d = Math.max(d, (i + 1) / n - f, f - i / n);
  });
  return d;
}

/** The critical D at significance 0.01 (asymptotic: 1.628 / √n). */
export const ksCritical01 = (n: number): number => 1.628 / Math.sqrt(n);

/** Gaps between successive values (sorted). */
export function gapsOf(times: readonly number[]): number[] {
  const s = [...times].sort((a, b) => a - b);
  return s.slice(1).map((t, i) => t - (s[i] ?? 0));
}
