import type { Rng } from '../src/random/rng.js';

/**
 * Percentile bootstrap building blocks (docs/methods.md#bootstrap): stratified resampling expressed as per-row
 * multiplicities (so count-based statistics are sums of weights, no copying of rows), and percentile
 * intervals that skip replicates in which a statistic is undefined (NaN internally, null outside).
 */

/** Rows grouped into strata, CSR layout: the rows of stratum k are rows[starts[k] .. starts[k + 1]). */
export interface Strata {
  rows: Int32Array;
  starts: Int32Array;
}

/** Group rows 0..n−1 into strata by a stratum index per row (rows stay in ascending order within a stratum). */
export function strataOf(stratumOfRow: Int32Array, nStrata: number): Strata {
  const starts = new Int32Array(nStrata + 1);
  for (let i = 0; i < stratumOfRow.length; i++) starts[stratumOfRow[i] + 1]++;
  for (let k = 0; k < nStrata; k++) starts[k + 1] += starts[k];
  const fill = starts.slice(0, nStrata);
  const rows = new Int32Array(stratumOfRow.length);
  for (let i = 0; i < stratumOfRow.length; i++) rows[fill[stratumOfRow[i]]++] = i;
  return { rows, starts };
}

/**
 * One stratified resample as multiplicities: within every stratum of size m, draw m rows uniformly with
 * replacement; out[i] = how often row i was drawn. Stratum sizes are preserved exactly. The draws are
 * counted in stratum order (`scratch`, length ≥ rows, avoids allocation) and then scattered to rows.
 */
export function stratifiedWeights(rng: Rng, strata: Strata, out: Int32Array, scratch?: Int32Array): Int32Array {
  const { rows, starts } = strata;
  const local = scratch && scratch.length >= rows.length ? scratch : new Int32Array(rows.length);
  local.fill(0, 0, rows.length);
  for (let k = 0; k + 1 < starts.length; k++) {
    const a = starts[k];
    rng.countIndices(starts[k + 1] - a, starts[k + 1] - a, local, a);
  }
  out.fill(0);
  for (let p = 0; p < rows.length; p++) out[rows[p]] = local[p];
  return out;
}

export interface Interval {
  lower: number;
  upper: number;
  /** Number of replicates in which the statistic was defined (not NaN). */
  replicates: number;
}

/** Quantile of sorted values with linear interpolation (type 7, numpy's default). */
export function quantileSorted(sorted: ArrayLike<number>, n: number, p: number): number {
  if (n === 1) return sorted[0];
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/**
 * Two-sided percentile interval at `level` over the defined (non-NaN) values of `sample`;
 * null when no replicate is defined. `scratch` (length ≥ sample.length) avoids allocation.
 */
export function percentileInterval(sample: ArrayLike<number>, level: number, scratch?: Float64Array): Interval | null {
  const buf = scratch && scratch.length >= sample.length ? scratch : new Float64Array(sample.length);
  let n = 0;
  for (let i = 0; i < sample.length; i++) {
    const v = sample[i];
    if (!Number.isNaN(v)) buf[n++] = v;
  }
  if (n === 0) return null;
  const view = buf.subarray(0, n);
  view.sort();
  const alpha = (1 - level) / 2;
  return { lower: quantileSorted(view, n, alpha), upper: quantileSorted(view, n, 1 - alpha), replicates: n };
}

/**
 * Run B replicates of a vector-valued statistic of length m. `fill(weights, out)` writes the statistic
 * for the given row multiplicities into `out` (NaN = undefined). Returns the replicates stacked
 * statistic-major: result[s * B + r] is statistic s in replicate r.
 */
export function bootstrapReplicates(
  rng: Rng,
  strata: Strata,
  nRows: number,
  B: number,
  m: number,
  fill: (weights: Int32Array, out: Float64Array) => void,
): Float64Array {
  const scratch = new Int32Array(strata.rows.length);
  return replicatesOf(nRows, B, m, (w) => stratifiedWeights(rng, strata, w, scratch), fill);
}

/**
 * The replicate loop shared by every bootstrap scheme: `draw(weights)` writes one replicate's row
 * multiplicities (rows, clusters or patients), `fill` the statistic for them; layout of bootstrapReplicates.
 */
export function replicatesOf(
  nRows: number,
  B: number,
  m: number,
  draw: (weights: Int32Array) => void,
  fill: (weights: Int32Array, out: Float64Array) => void,
): Float64Array {
  const weights = new Int32Array(nRows);
  const one = new Float64Array(m);
  const all = new Float64Array(m * B);
  for (let r = 0; r < B; r++) {
    draw(weights);
    fill(weights, one);
    for (let s = 0; s < m; s++) all[s * B + r] = one[s];
  }
  return all;
}

/** Percentile intervals of every statistic of a statistic-major replicate matrix (see bootstrapReplicates). */
export function intervalsOf(replicates: Float64Array, B: number, level: number): (Interval | null)[] {
  const m = B === 0 ? 0 : replicates.length / B;
  const scratch = new Float64Array(B);
  const out: (Interval | null)[] = new Array(m);
  for (let s = 0; s < m; s++) out[s] = percentileInterval(replicates.subarray(s * B, (s + 1) * B), level, scratch);
  return out;
}
