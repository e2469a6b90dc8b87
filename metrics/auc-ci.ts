import { DpauditError } from '../src/errors.js';
import { PhiInv } from '../src/math/normal.js';
import { descendingOrder } from './roc.js';

/**
 * Confidence interval of the attack AUC (docs/methods.md#roc): DeLong's variance from the placement values
 * (DeLong, DeLong & Clarke-Pearson 1988; ties ½), with a Wald interval on the logit scale. The pooled
 * (model, row) pairs are treated as independent.
 */
export interface AucInterval {
  lower: number;
  upper: number;
  level: number;
  method: string;
}

export const AUC_CI_METHOD =
  'DeLong variance (placement values, ties ½), Wald interval on the logit scale; pooled pairs treated as independent';

/** The AUC and DeLong's variance pieces: s10, s01 are the unbiased sample variances of the placement values. */
export interface DeLongMoments {
  nIn: number;
  nOut: number;
  auc: number;
  /** Sample variance (divisor n_in − 1) of the members' placements V10; NaN when n_in < 2. */
  s10: number;
  /** Sample variance (divisor n_out − 1) of the non-members' placements V01; NaN when n_out < 2. */
  s01: number;
  /** s10/n_in + s01/n_out. */
  variance: number;
}

/**
 * Placement values over a descending order, in O(n) (docs/methods.md#roc). Walking the order by tie blocks,
 * with mAbove members and oAbove non-members strictly above a block of inBlock members and outBlock
 * non-members: each member of the block has V10 = (n_out − oAbove − outBlock/2)/n_out (non-members below it,
 * tied ones ½), each non-member has V01 = (mAbove + inBlock/2)/n_in. Both means equal the Mann–Whitney AUC.
 * Counts are kept in halves, so the AUC is exact (the same number as the ROC trapezoid).
 * Returns null when one side is empty.
 */
export function deLongMoments(scores: ArrayLike<number>, isMember: ArrayLike<number>, order: Int32Array): DeLongMoments | null {
  const n = order.length;
  let nIn = 0;
  for (let p = 0; p < n; p++) if (isMember[order[p]] === 1) nIn++;
  const nOut = n - nIn;
  if (nIn === 0 || nOut === 0) return null;
  // Pass 1: U in halves, U2 = Σ over non-members of (2·mAbove + inBlock).
  let u2 = 0;
  for (let p = 0, mAbove = 0; p < n; ) {
    let q = p + 1;
    while (q < n && scores[order[q]] === scores[order[p]]) q++;
    let inBlock = 0;
    for (let k = p; k < q; k++) if (isMember[order[k]] === 1) inBlock++;
    u2 += (q - p - inBlock) * (2 * mAbove + inBlock);
    mAbove += inBlock;
    p = q;
  }
  const auc = u2 / (2 * nIn * nOut);
  // Pass 2: squared deviations of the placements from the AUC, one term per tie block and side.
  let ss10 = 0;
  let ss01 = 0;
  for (let p = 0, mAbove = 0, oAbove = 0; p < n; ) {
    let q = p + 1;
    while (q < n && scores[order[q]] === scores[order[p]]) q++;
    let inBlock = 0;
    for (let k = p; k < q; k++) if (isMember[order[k]] === 1) inBlock++;
    const outBlock = q - p - inBlock;
    if (inBlock > 0) {
      const d = (nOut - oAbove - 0.5 * outBlock) / nOut - auc;
      ss10 += inBlock * d * d;
    }
    if (outBlock > 0) {
      const d = (mAbove + 0.5 * inBlock) / nIn - auc;
      ss01 += outBlock * d * d;
    }
    mAbove += inBlock;
    oAbove += outBlock;
    p = q;
  }
  const s10 = nIn > 1 ? ss10 / (nIn - 1) : Number.NaN;
  const s01 = nOut > 1 ? ss01 / (nOut - 1) : Number.NaN;
  return { nIn, nOut, auc, s10, s01, variance: s10 / nIn + s01 / nOut };
}

/**
 * DeLong interval of the AUC (docs/methods.md#roc): with SE = √(s10/n_in + s01/n_out) and z the (1 + level)/2
 * normal quantile, logit(AUC) ± z·SE/(AUC(1 − AUC)) mapped back through the logistic function, so the
 * interval stays inside (0, 1). AUC 0 or 1, or SE 0 (every placement equal), gives [AUC, AUC]. null when a
 * side is empty, or when a side has a single pair and the AUC is strictly between 0 and 1 (no variance
 * estimate). `order` is the descending order of the scores when the caller has sorted already.
 */
export function aucDeLongCi(
  scores: ArrayLike<number>,
  isMember: ArrayLike<number>,
  opts: { level?: number; subset?: Int32Array; order?: Int32Array } = {},
): AucInterval | null {
  const level = opts.level ?? 0.95;
  if (!(level > 0 && level < 1)) throw new DpauditError(`confidence level must be in (0, 1), got ${level}`);
  const m = deLongMoments(scores, isMember, opts.order ?? descendingOrder(scores, opts.subset));
  if (m === null) return null;
  const { auc } = m;
  const se = Math.sqrt(m.variance);
  if (auc === 0 || auc === 1 || se === 0) return { lower: auc, upper: auc, level, method: AUC_CI_METHOD };
  if (!Number.isFinite(se)) return null;
  const half = (PhiInv(0.5 + level / 2) * se) / (auc * (1 - auc));
  const logit = Math.log(auc / (1 - auc));
  return { lower: logistic(logit - half), upper: logistic(logit + half), level, method: AUC_CI_METHOD };
}

function logistic(x: number): number {
  return 1 / (1 + Math.exp(-x));
}
