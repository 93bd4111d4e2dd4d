/**
 * The statistics of a sweep cell, with 95 % confidence intervals that need no randomness:
 * Wilson score intervals for rates, and distribution-free order-statistic intervals for quantiles
 * (the ranks j < k around n·q with P(j ≤ B < k) ≥ 95 % for B ~ Binomial(n, q)).
 */

/** A rate with its Wilson interval. */
export interface Rate {
  count: number;
  of: number;
  rate: number;
  low: number;
  high: number;
}

/** A quantile and its interval (null bounds: not enough runs to bound it on that side). */
export interface Quantile {
  q: number;
  value: number;
  low: number | null;
  high: number | null;
}

/** Quantiles of a sample. */
export interface Distribution {
  n: number;
  mean: number;
  p50: Quantile;
  p90: Quantile;
  p99: Quantile;
  max: number;
}

const Z = 1.959963984540054;

/** The Wilson score interval of `count` successes in `of` trials (95 %). */
export function wilson(count: number, of: number): Rate {
  if (of === 0) return { count, of, rate: 0, low: 0, high: 1 };
  const p = count / of;
  const z2 = Z * Z;
  const centre = (p + z2 / (2 * of)) / (1 + z2 / of);
  const half = (Z / (1 + z2 / of)) * Math.sqrt((p * (1 - p)) / of + z2 / (4 * of * of));
  return {
    count,
    of,
    rate: p,
    low: Math.max(0, centre - half),
    high: Math.min(1, centre + half)
  };
}

/** P(B ≤ k) for B ~ Binomial(n, p), for k = 0…n. */
function binomialCdf(n: number, p: number): number[] {
  const cdf: number[] = [];
  const logP = Math.log(p);
  const logQ = Math.log1p(-p);
  let logC = 0;
  let total = 0;
  for (let k = 0; k <= n; k++) {
    if (k > 0) logC += Math.log(n - k + 1) - Math.log(k);
    total += Math.exp(logC + k * logP + (n - k) * logQ);
    cdf.push(Math.min(1, total));
  }
  return cdf;
}

/** Quantile `q` of ascending `sorted` (nearest rank) with its order-statistic interval. */
export function quantile(sorted: readonly number[], q: number): Quantile {
  const n = sorted.length;
  const value = sorted[Math.min(n - 1, Math.max(0, Math.ceil(q * n) - 1))];
  const cdf = binomialCdf(n, q);
  const at = (k: number) => (k < 0 ? 0 : k >= n ? 1 : cdf[k]);
  // Lower rank j (1-based): the largest with P(B ≤ j − 1) ≤ 2.5 %; upper rank k: the smallest with
  // P(B ≤ k − 1) ≥ 97.5 %. Then P(x(j) ≤ ξq ≤ x(k)) ≥ 95 %.
  let j = 0;
  while (j + 1 <= n && at(j) <= 0.025) j++;
  let k = 1;
  while (k <= n && at(k - 1) < 0.975) k++;
  return {
    q,
    value,
    low: j >= 1 ? sorted[j - 1] : null,
    high: k <= n ? sorted[k - 1] : null
  };
}

/** The distribution of `values` (null when empty). */
export function distribution(values: readonly number[]): Distribution | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return {
    n: sorted.length,
    mean: sorted.reduce((t, v) => t + v, 0) / sorted.length,
    p50: quantile(sorted, 0.5),
    p90: quantile(sorted, 0.9),
    p99: quantile(sorted, 0.99),
    max: sorted[sorted.length - 1]
  };
}
