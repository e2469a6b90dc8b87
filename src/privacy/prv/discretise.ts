import { gridPoint, type Grid } from './grid.js';
import type { PrivacyLossVariable } from './loss-variable.js';

export interface DiscretisedLoss {
  /** Probability of each bin of the grid (sums to 1). */
  pmf: Float64Array;
  /** Shift of the grid that makes the discrete mean equal the mean of the truncated PRV. */
  shift: number;
}

/**
 * Truncate a PRV to the grid's range (t_0 − h/2, t_{n−1} + h/2], put each bin's probability on its
 * centre, and shift the grid so that the discrete mean equals the continuous (truncated) mean — the
 * mean-matching step of Gopi, Lee, Wutschitz (2021) on which their error bound rests.
 * Bin masses come from the CDF below 0 and from the survival function above it (no cancellation).
 */
export function discretise(Y: PrivacyLossVariable, grid: Grid): DiscretisedLoss {
  const n = grid.size;
  const h = grid.mesh;
  const edge = (j: number) => gridPoint(grid, j) - h / 2;
  const v = new Float64Array(n + 1);
  for (let j = 0; j <= n; j++) {
    const e = edge(j);
    v[j] = e <= 0 ? Y.cdf(e) : Y.sf(e);
  }
  const pmf = new Float64Array(n);
  let mass = 0;
  for (let i = 0; i < n; i++) {
    const a = edge(i);
    const b = edge(i + 1);
    const p = b <= 0 ? v[i + 1] - v[i] : a > 0 ? v[i] - v[i + 1] : 1 - v[i + 1] - v[i];
    pmf[i] = p > 0 ? p : 0;
    mass += pmf[i];
  }
  if (!(mass > 0)) throw new RangeError('PRV discretisation: no probability mass on the grid');
  let meanD = 0;
  for (let i = 0; i < n; i++) {
    pmf[i] /= mass;
    meanD += gridPoint(grid, i) * pmf[i];
  }
  const meanC = Y.truncatedMean(edge(0), edge(n));
  let shift = meanC - meanD;
  if (!Number.isFinite(shift)) shift = 0;
  if (Math.abs(shift) >= h / 2)
    throw new RangeError(`PRV discretisation: discrete mean differs from the continuous mean by ${shift} ≥ h/2`);
  return { pmf, shift };
}
