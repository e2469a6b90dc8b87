import { DpauditError } from '../src/errors.js';
import type { Rng } from '../src/random/rng.js';
import { percentileInterval, strataOf, stratifiedWeights } from './bootstrap.js';
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
  opts: { replicates?: number; level?: number; subset?: Int32Array } = {},
): AucInterval | null {
  const B = opts.replicates ?? 1000;
  const level = opts.level ?? 0.95;
  if (!Number.isInteger(B) || B < 1) throw new DpauditError(`bootstrap replicates must be a positive integer, got ${B}`);
  if (!(level > 0 && level < 1)) throw new DpauditError(`confidence level must be in (0, 1), got ${level}`);
  const order = descendingOrder(scores, opts.subset);
  const n = order.length;
  const member = new Uint8Array(n);
  const blockEnd = new Int32Array(n);
  let nIn = 0;
  for (let p = 0; p < n; p++) {
    member[p] = isMember[order[p]] === 1 ? 1 : 0;
    nIn += member[p];
  }
  const nOut = n - nIn;
  if (nIn === 0 || nOut === 0) return null;
  for (let p = 0; p < n; ) {
    let q = p + 1;
    while (q < n && scores[order[q]] === scores[order[p]]) q++;
    blockEnd[p] = q;
    p = q;
  }
  // Strata over sorted positions: 0 = non-member, 1 = member.
  const strata = strataOf(Int32Array.from(member), 2);
  const w = new Int32Array(n);
  const sample = new Float64Array(B);
  for (let r = 0; r < B; r++) {
    stratifiedWeights(rng, strata, w);
    let u = 0;
    let inAbove = 0;
    for (let p = 0; p < n; ) {
      const q = blockEnd[p];
      let wIn = 0;
      let wOut = 0;
      for (let k = p; k < q; k++) {
        if (member[k] === 1) wIn += w[k];
        else wOut += w[k];
      }
      u += wOut * (inAbove + 0.5 * wIn);
      inAbove += wIn;
      p = q;
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
