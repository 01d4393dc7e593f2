/**
 * Descriptive statistics. Quantiles interpolate linearly between order statistics (numpy's default, "type 7").
 * The 95% confidence interval of the mean is a percentile bootstrap (2,000 resamples, fixed seed, so the same data
 * always gives the same interval) up to 1,000 values; above that — pooled inter-token gaps of large runs — the normal
 * approximation mean ± 1.96·sd/√n, which the bootstrap converges to there. With fewer than 2 values there is none.
 */
import { mulberry32 } from "../shared/rng.js";

export function quantile(values: readonly number[], q: number): number | null {
  if (values.length === 0) return null;
  return quantileSorted(sortedCopy(values), q);
}

/**
 * The values sorted ascending, in a new Float64Array: a typed array sorts numbers natively, several times faster than
 * `Array.prototype.sort` with a comparator (runs of 10k trials sort hundreds of thousands of gaps), in the same order.
 */
export function sortedCopy(values: readonly number[]): Float64Array {
  return Float64Array.from(values).sort();
}

/** Quantile of values already sorted ascending (no copy, no sort). */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const a = sorted[lo] ?? 0;
  const b = sorted[Math.ceil(pos)] ?? 0;
  return a + (b - a) * (pos - lo);
}

export const median = (values: readonly number[]): number | null => quantile(values, 0.5);

export function mean(values: readonly number[]): number | null {
  return values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length;
}

/** Sample standard deviation (n − 1). */
export function sd(values: readonly number[]): number | null {
  const m = mean(values);
  if (m === null || values.length < 2) return null;
  return Math.sqrt(values.reduce((a, v) => a + (v - m) ** 2, 0) / (values.length - 1));
}

/** Keeps the finite numbers, drops nulls. */
export const present = (values: ReadonlyArray<number | null | undefined>): number[] => values.filter((v): v is number => typeof v === "number" && Number.isFinite(v));

export const BOOTSTRAP_RESAMPLES = 2000;
export const BOOTSTRAP_SEED = 20261127;

/** Bootstrap distribution of a statistic over resamples of `values`. */
export function bootstrap(values: readonly number[], stat: (xs: readonly number[]) => number, seed = BOOTSTRAP_SEED, resamples = BOOTSTRAP_RESAMPLES): number[] {
  const rand = mulberry32(seed);
  const n = values.length;
  const sample = new Array<number>(n);
  const out: number[] = [];
  for (let r = 0; r < resamples; r++) {
    for (let i = 0; i < n; i++) sample[i] = values[Math.floor(rand() * n)] ?? 0;
    out.push(stat(sample));
  }
  return out;
}

const meanOf = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

export const BOOTSTRAP_MAX_N = 1000;

export function bootstrapMeanCI(values: readonly number[], level = 0.95): [number, number] | null {
  if (values.length < 2) return null;
  if (values.length > BOOTSTRAP_MAX_N && level === 0.95) {
    const m = mean(values) ?? 0;
    const half = (1.959964 * (sd(values) ?? 0)) / Math.sqrt(values.length);
    return [m - half, m + half];
  }
  const dist = bootstrap(values, meanOf).sort((a, b) => a - b);
  return [quantileSorted(dist, (1 - level) / 2), quantileSorted(dist, 1 - (1 - level) / 2)];
}

/** Ratio of means b / a with a bootstrap interval (a and b resampled independently, the same seeds). */
export function ratioOfMeans(a: readonly number[], b: readonly number[], level = 0.95): { ratio: number; ci: [number, number] | null } | null {
  const ma = mean(a);
  const mb = mean(b);
  if (ma === null || mb === null || ma === 0) return null;
  if (a.length < 2 || b.length < 2) return { ratio: mb / ma, ci: null };
  const da = bootstrap(a, meanOf, BOOTSTRAP_SEED);
  const db = bootstrap(b, meanOf, BOOTSTRAP_SEED + 1);
  const ratios = da.map((x, i) => (db[i] ?? 0) / x).sort((x, y) => x - y);
  return { ratio: mb / ma, ci: [quantileSorted(ratios, (1 - level) / 2), quantileSorted(ratios, 1 - (1 - level) / 2)] };
}

export interface Description {
  n: number;
  mean: number | null;
  sd: number | null;
  median: number | null;
  p90: number | null;
  p95: number | null;
  p99: number | null;
  min: number | null;
  max: number | null;
  ci95_low: number | null;
  ci95_high: number | null;
}

export function describe(values: readonly number[]): Description {
  const sorted = sortedCopy(values);
  const q = (p: number) => (sorted.length ? quantileSorted(sorted, p) : null);
  const ci = bootstrapMeanCI(values);
  return {
    n: values.length,
    mean: mean(values),
    sd: sd(values),
    median: q(0.5),
    p90: q(0.9),
    p95: q(0.95),
    p99: q(0.99),
    min: sorted[0] ?? null,
    max: sorted[sorted.length - 1] ?? null,
    ci95_low: ci?.[0] ?? null,
    ci95_high: ci?.[1] ?? null,
  };
}

/** Wilson score interval of a pass rate (95%): sound at small n and at 0 or n passes, unlike the normal interval. */
export function wilson(passes: number, n: number, z = 1.959964): [number, number] | null {
  if (n <= 0) return null;
  const p = passes / n;
  const denom = 1 + (z * z) / n;
  const centre = (p + (z * z) / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / denom;
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}
