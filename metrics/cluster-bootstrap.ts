import type { Rng } from '../src/random/rng.js';
import { strataOf, type Strata } from './bootstrap.js';

/**
 * Patient cluster bootstrap (docs/methods.md#bootstrap, #user-level-dp): when a patient has several rows,
 * rows are not independent, so a resample draws PATIENTS uniformly with replacement (as many as there
 * are) and takes every row of each drawn patient. Written as per-row multiplicities, like the stratified
 * row bootstrap, so count-based statistics stay sums of weights.
 */

/** Patients as clusters (CSR over rows 0..n−1): `unitOfRow` numbered 0..count−1. */
export function clustersOf(unitOfRow: Int32Array, count: number): Strata {
  return strataOf(unitOfRow, count);
}

/** One cluster resample: out[i] = how often row i's patient was drawn. */
export function clusterWeights(rng: Rng, clusters: Strata, out: Int32Array): Int32Array {
  out.fill(0);
  const { rows, starts } = clusters;
  const U = starts.length - 1;
  for (let d = 0; d < U; d++) {
    const k = rng.index(U);
    for (let j = starts[k]; j < starts[k + 1]; j++) out[rows[j]]++;
  }
  return out;
}

/** B replicates of a statistic of length m under the cluster bootstrap (layout of bootstrapReplicates). */
export function clusterBootstrapReplicates(
  rng: Rng,
  clusters: Strata,
  nRows: number,
  B: number,
  m: number,
  fill: (weights: Int32Array, out: Float64Array) => void,
): Float64Array {
  const weights = new Int32Array(nRows);
  const one = new Float64Array(m);
  const all = new Float64Array(m * B);
  for (let r = 0; r < B; r++) {
    clusterWeights(rng, clusters, weights);
    fill(weights, one);
    for (let s = 0; s < m; s++) all[s * B + r] = one[s];
  }
  return all;
}
