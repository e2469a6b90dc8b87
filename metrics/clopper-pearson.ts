import betaQuantile from '@stdlib/stats-base-dists-beta-quantile';
import { DpauditError } from '../src/errors.js';

/**
 * Clopper–Pearson ("exact") binomial confidence bounds for a rate k/n, via Beta quantiles:
 * lower = B⁻¹(a; k, n − k + 1) (0 when k = 0), upper = B⁻¹(1 − a; k + 1, n − k) (1 when k = n).
 * Two-sided at level 1 − α uses a = α/2 on each side; a one-sided bound at level 1 − α uses a = α.
 * With n = 0 there is no information: the bounds are [0, 1].
 */
export interface RateInterval {
  lower: number;
  upper: number;
}

function check(k: number, n: number, alpha: number): void {
  if (!Number.isInteger(k) || !Number.isInteger(n) || k < 0 || n < 0 || k > n) {
    throw new DpauditError(`Clopper–Pearson needs integers 0 ≤ k ≤ n, got k = ${k}, n = ${n}`);
  }
  if (!(alpha > 0 && alpha < 1)) throw new DpauditError(`Clopper–Pearson needs 0 < α < 1, got ${alpha}`);
}

/** One-sided lower bound at confidence 1 − α: P[rate ≥ lower] ≥ 1 − α. */
export function cpLower(k: number, n: number, alpha: number): number {
  check(k, n, alpha);
  if (k === 0) return 0;
  return betaQuantile(alpha, k, n - k + 1);
}

/** One-sided upper bound at confidence 1 − α: P[rate ≤ upper] ≥ 1 − α. */
export function cpUpper(k: number, n: number, alpha: number): number {
  check(k, n, alpha);
  if (k === n) return 1;
  return betaQuantile(1 - alpha, k + 1, n - k);
}

/** Two-sided interval at confidence 1 − α (α/2 in each tail). */
export function cpInterval(k: number, n: number, alpha = 0.05): RateInterval {
  return { lower: cpLower(k, n, alpha / 2), upper: cpUpper(k, n, alpha / 2) };
}
