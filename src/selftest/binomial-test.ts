import binomialCdf from '@stdlib/stats-base-dists-binomial-cdf';
import { DpauditError } from '../errors.js';

/**
 * One-sided exact binomial test of H0: rate ≤ p0 against rate > p0, from k events in n trials:
 * p-value = P[Binomial(n, p0) ≥ k].
 */
export function binomialUpperPValue(k: number, n: number, p0: number): number {
  if (!Number.isInteger(k) || !Number.isInteger(n) || k < 0 || k > n)
    throw new DpauditError(`binomial test needs 0 ≤ k ≤ n, got ${k}, ${n}`);
  if (k === 0) return 1;
  return 1 - binomialCdf(k - 1, n, p0);
}
