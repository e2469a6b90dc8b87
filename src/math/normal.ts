import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';

/**
 * Standard normal helpers (thin wrappers over @stdlib so that callers do not repeat the (μ, σ) = (0, 1)
 * arguments). Φ is the CDF, Φ⁻¹ the quantile; Φ⁻¹(0) = −∞ and Φ⁻¹(1) = +∞.
 */
export function Phi(x: number): number {
  return normalCdf(x, 0, 1);
}

export function PhiInv(p: number): number {
  return normalQuantile(p, 0, 1);
}

const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

/** log N(x; μ, σ²) = −½ log(2π) − log σ − (x − μ)² / (2σ²). */
export function logNormalPdf(x: number, mu: number, sigma: number): number {
  const z = (x - mu) / sigma;
  return -HALF_LOG_TWO_PI - Math.log(sigma) - 0.5 * z * z;
}
