/**
 * Positive-class expected calibration error (docs/methods.md#fairness-metrics): 10 equal-width bins, the bin of a score is
 * the number of inner edges j/10 (j = 1..9) strictly below it, so the bins are [0, 0.1], (0.1, 0.2], …,
 * (0.9, 1]. ECE = Σ_b (n_b/n)·|mean(y in b) − mean(score in b)| = Σ_b |Σ_{b} y − Σ_{b} score| / n.
 */
export const ECE_BINS = 10;

const INNER_EDGES = Array.from({ length: ECE_BINS - 1 }, (_, j) => (j + 1) / 10);

export function eceBin(score: number): number {
  let b = 0;
  for (const e of INNER_EDGES) if (e < score) b++;
  return b;
}

/**
 * ECE from per-bin weighted sums: sumY[off + b] = Σ w·y and sumS[off + b] = Σ w·score over the rows of
 * bin b; n = total weight. NaN when n = 0 (undefined).
 */
export function eceFromBinSums(sumY: Float64Array, sumS: Float64Array, off: number, n: number): number {
  if (n === 0) return NaN;
  let e = 0;
  for (let b = 0; b < ECE_BINS; b++) e += Math.abs(sumY[off + b] - sumS[off + b]);
  return e / n;
}
