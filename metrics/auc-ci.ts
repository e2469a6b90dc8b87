import { DpauditError } from '../src/errors.js';
import type { Rng } from '../src/random/rng.js';
import { percentileInterval } from './bootstrap.js';
import { descendingOrder } from './roc.js';

/**
 * Confidence interval of the attack AUC (docs/methods.md#roc: seeded bootstrap). Percentile bootstrap,
 * stratified by membership (every replicate keeps n_in members and n_out non-members, resampled with
 * replacement within each side); each replicate's AUC is the weighted Mann–Whitney statistic with ties ½
 * over an order sorted once. The pooled (model, row) pairs are resampled as if independent.
 */
export interface AucInterval {
  lower: number;
  upper: number;
  level: number;
  method: string;
  replicates: number;
}

export function aucBootstrapCi(
  scores: ArrayLike<number>,
  isMember: ArrayLike<number>,
  rng: Rng,
  opts: { replicates?: number; level?: number; subset?: Int32Array; order?: Int32Array } = {},
): AucInterval | null {
  const B = opts.replicates ?? 1000;
  const level = opts.level ?? 0.95;
  if (!Number.isInteger(B) || B < 1) throw new DpauditError(`bootstrap replicates must be a positive integer, got ${B}`);
  if (!(level > 0 && level < 1)) throw new DpauditError(`confidence level must be in (0, 1), got ${level}`);
  const order = opts.order ?? descendingOrder(scores, opts.subset);
  const n = order.length;
  let nIn = 0;
  for (let p = 0; p < n; p++) if (isMember[order[p]] === 1) nIn++;
  const nOut = n - nIn;
  if (nIn === 0 || nOut === 0) return null;
  // Sorted once (docs/methods.md#bootstrap): members and non-members are numbered in descending score
  // order. Non-member j sees the members lo[j] .. hi[j] − 1 of its tie block and lo[j] members above it,
  // so with member multiplicities c and prefix sums C (C[0] = 0, C[k] = c[0] + … + c[k − 1]) the
  // weighted Mann–Whitney count is U = Σ_j wOut[j] · (C[lo[j]] + ½ (C[hi[j]] − C[lo[j]])). Every term is
  // a multiple of ½ below 2^52, so U is exact whatever the summation order.
  const lo = new Int32Array(nOut);
  const hi = new Int32Array(nOut);
  for (let p = 0, j = 0, m = 0; p < n; ) {
    let q = p + 1;
    while (q < n && scores[order[q]] === scores[order[p]]) q++;
    let inBlock = 0;
    for (let k = p; k < q; k++) if (isMember[order[k]] === 1) inBlock++;
    for (let k = p; k < q; k++) {
      if (isMember[order[k]] !== 1) {
        lo[j] = m;
        hi[j] = m + inBlock;
        j++;
      }
    }
    m += inBlock;
    p = q;
  }
  // One replicate = nOut draws among non-members, then nIn draws among members (the stream of
  // stratified resampling by membership, stratum 0 = non-members), counted without per-replicate allocation.
  const wOut = new Int32Array(nOut);
  const wIn = new Int32Array(nIn);
  const C = new Float64Array(nIn + 1);
  const sample = new Float64Array(B);
  for (let r = 0; r < B; r++) {
    wOut.fill(0);
    wIn.fill(0);
    rng.countIndices(nOut, nOut, wOut);
    rng.countIndices(nIn, nIn, wIn);
    let acc = 0;
    for (let k = 0; k < nIn; k++) {
      acc += wIn[k];
      C[k + 1] = acc;
    }
    let u = 0;
    for (let j = 0; j < nOut; j++) {
      const w = wOut[j];
      if (w !== 0) {
        const a = C[lo[j]];
        u += w * (a + 0.5 * (C[hi[j]] - a));
      }
    }
    sample[r] = u / (nIn * nOut);
  }
  const iv = percentileInterval(sample, level);
  if (iv === null) return null;
  return {
    lower: iv.lower,
    upper: iv.upper,
    level,
    method: `percentile bootstrap, ${B} replicates stratified by membership (seeded; pairs treated as independent)`,
    replicates: B,
  };
}
