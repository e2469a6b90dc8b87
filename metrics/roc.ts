import { DpauditError } from '../src/errors.js';

/**
 * ROC of a membership score (docs/methods.md#roc): "member" means score ≥ t, over every distinct threshold t.
 * The curve is kept as cumulative counts, one entry per distinct threshold from the highest (index 0:
 * threshold +∞, nothing predicted member) down to the lowest (everything predicted member). Threshold
 * values are never kept: they are per-example scores.
 */
export interface RocCurve {
  /** True positives (members with score ≥ t) per threshold index, non-decreasing, tp[0] = 0, last = nIn. */
  tp: Float64Array;
  /** False positives (non-members with score ≥ t) per threshold index, fp[0] = 0, last = nOut. */
  fp: Float64Array;
  nIn: number;
  nOut: number;
}

export interface RocPoint {
  fpr: number;
  tpr: number;
}

/** What outputs hold about a ROC: no thresholds, at most 200 points. */
export interface RocSummary {
  /** Mann–Whitney AUC with ties counted ½; null without members or without non-members. */
  auc: number | null;
  /** max_t (TPR − FPR) over all thresholds (≥ 0: the ends give 0). */
  advantage: number | null;
  /** max_t (TPR + 1 − FPR) / 2. */
  balancedAccuracy: number | null;
  /** Downsampled curve (≤ maxPoints), both ends kept, sorted by FPR then TPR. */
  points: RocPoint[];
  nIn: number;
  nOut: number;
  convention: string;
}

export const ROC_CONVENTION = 'score ≥ t = member, all distinct thresholds; AUC = Mann–Whitney with ties ½';
export const MAX_ROC_POINTS = 200;

/**
 * Sort order of the given indices (all when `subset` is omitted) by descending score (ties by index).
 * Throws on NaN scores.
 */
/**
 * The sorted orders of the cells of a grouping from the order of all pooled scores, in one pass (a cell's
 * order is the subsequence of its indices, so it is the order descendingOrder gives for that subset).
 * cellOf(i) is the cell of pooled index i, or −1 when it belongs to no cell.
 */
export function splitOrder(order: Int32Array, nCells: number, cellOf: (i: number) => number): Int32Array[] {
  const size = new Int32Array(nCells);
  for (let p = 0; p < order.length; p++) {
    const c = cellOf(order[p]);
    if (c >= 0) size[c]++;
  }
  const out = Array.from(size, (m) => new Int32Array(m));
  const fill = new Int32Array(nCells);
  for (let p = 0; p < order.length; p++) {
    const c = cellOf(order[p]);
    if (c >= 0) out[c][fill[c]++] = order[p];
  }
  return out;
}

export function descendingOrder(scores: ArrayLike<number>, subset?: Int32Array): Int32Array {
  const idx = subset ? Int32Array.from(subset) : Int32Array.from({ length: scores.length }, (_, i) => i);
  for (let k = 0; k < idx.length; k++) {
    if (Number.isNaN(scores[idx[k]])) throw new DpauditError(`membership score ${idx[k]} is NaN`);
  }
  let ascending = true;
  for (let k = 1; k < idx.length && ascending; k++) ascending = idx[k - 1] < idx[k];
  if (idx.length < RADIX_MIN || !ascending) idx.sort((a, b) => scores[b] - scores[a] || a - b);
  else radixDescending(scores, idx);
  return idx;
}

const RADIX_MIN = 1024;

/**
 * Stable LSD radix sort of idx (ascending indices) by descending score: keys are the IEEE-754 bits of −score
 * mapped to unsigned order (±0 as one key, so ties stay in index order as with the comparison sort).
 * Four 16-bit passes; a pass in which every key has the same digit is skipped.
 */
function radixDescending(scores: ArrayLike<number>, idx: Int32Array): void {
  const n = idx.length;
  const keys = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    const v = scores[idx[k]];
    keys[k] = v === 0 ? 0 : -v;
  }
  const w = new Uint32Array(keys.buffer); // little-endian: w[2k] low word, w[2k + 1] high word
  for (let k = 0; k < n; k++) {
    const h = w[2 * k + 1];
    if (h & 0x80000000) {
      w[2 * k + 1] = ~h;
      w[2 * k] = ~w[2 * k];
    } else w[2 * k + 1] = h | 0x80000000;
  }
  let perm = new Int32Array(n);
  for (let k = 0; k < n; k++) perm[k] = k;
  let next = new Int32Array(n);
  const count = new Int32Array(65537);
  for (let pass = 0; pass < 4; pass++) {
    const word = pass < 2 ? 0 : 1;
    const shift = pass % 2 === 0 ? 0 : 16;
    count.fill(0);
    for (let k = 0; k < n; k++) count[((w[2 * k + word] >>> shift) & 0xffff) + 1]++;
    if (count[((w[word] >>> shift) & 0xffff) + 1] === n) continue;
    for (let b = 0; b < 65536; b++) count[b + 1] += count[b];
    for (let k = 0; k < n; k++) {
      const p = perm[k];
      next[count[(w[2 * p + word] >>> shift) & 0xffff]++] = p;
    }
    const t = perm;
    perm = next;
    next = t;
  }
  for (let k = 0; k < n; k++) next[k] = idx[perm[k]];
  idx.set(next);
}

/** ROC counts over all distinct thresholds of `scores` restricted to `subset` (default: all). */
export function rocCurve(scores: ArrayLike<number>, isMember: ArrayLike<number>, subset?: Int32Array): RocCurve {
  if (scores.length !== isMember.length)
    throw new DpauditError(`scores (${scores.length}) and membership (${isMember.length}) differ in length`);
  return rocCurveOfOrder(scores, isMember, descendingOrder(scores, subset));
}

/** ROC counts over an order already sorted by descending score (as descendingOrder returns it). */
export function rocCurveOfOrder(scores: ArrayLike<number>, isMember: ArrayLike<number>, order: Int32Array): RocCurve {
  const n = order.length;
  const tpList: number[] = [0];
  const fpList: number[] = [0];
  let tp = 0;
  let fp = 0;
  let p = 0;
  while (p < n) {
    const s = scores[order[p]];
    while (p < n && scores[order[p]] === s) {
      if (isMember[order[p]] === 1) tp++;
      else fp++;
      p++;
    }
    tpList.push(tp);
    fpList.push(fp);
  }
  return { tp: Float64Array.from(tpList), fp: Float64Array.from(fpList), nIn: tp, nOut: fp };
}

/**
 * AUC from the curve: the trapezoid over each tie block equals the Mann–Whitney count with ties ½:
 * AUC = Σ_blocks Δfp · (tp_before + Δtp / 2) / (nIn · nOut).
 */
export function rocAuc(c: RocCurve): number | null {
  if (c.nIn === 0 || c.nOut === 0) return null;
  let u = 0;
  for (let k = 1; k < c.tp.length; k++) {
    const dfp = c.fp[k] - c.fp[k - 1];
    if (dfp > 0) u += dfp * (c.tp[k - 1] + 0.5 * (c.tp[k] - c.tp[k - 1]));
  }
  return u / (c.nIn * c.nOut);
}

/** max_t (TPR − FPR); null without members or non-members. */
export function rocAdvantage(c: RocCurve): number | null {
  if (c.nIn === 0 || c.nOut === 0) return null;
  let best = 0;
  for (let k = 0; k < c.tp.length; k++) best = Math.max(best, c.tp[k] / c.nIn - c.fp[k] / c.nOut);
  return best;
}

/**
 * At most `maxPoints` (FPR, TPR) points, both ends kept: up to half chosen evenly along the threshold
 * index, the rest at log-spaced FPRs (the highest-TPR point with FPR ≤ each target), so the low-FPR
 * region that matters for membership inference stays visible on a log axis.
 */
export function downsampleRoc(c: RocCurve, maxPoints = MAX_ROC_POINTS): RocPoint[] {
  if (maxPoints < 2) throw new DpauditError(`a ROC needs at least 2 points, got ${maxPoints}`);
  const L = c.tp.length;
  const pt = (k: number): RocPoint => ({ fpr: c.nOut === 0 ? 0 : c.fp[k] / c.nOut, tpr: c.nIn === 0 ? 0 : c.tp[k] / c.nIn });
  if (L <= maxPoints) return Array.from({ length: L }, (_, k) => pt(k));
  const keep = new Set<number>([0, L - 1]);
  const nEven = Math.floor(maxPoints / 2);
  for (let j = 0; j < nEven; j++) keep.add(Math.round((j * (L - 1)) / (nEven - 1)));
  if (c.nOut > 0) {
    const nLog = maxPoints - keep.size;
    const lo = Math.log(1 / c.nOut);
    let k = 0;
    for (let j = 0; j < nLog; j++) {
      const target = Math.exp(lo + ((0 - lo) * j) / Math.max(1, nLog - 1)) * c.nOut;
      while (k + 1 < L && c.fp[k + 1] <= target + 1e-9) k++;
      keep.add(k);
    }
  }
  const idx = [...keep].sort((a, b) => a - b).slice(0, maxPoints);
  if (idx[idx.length - 1] !== L - 1) idx[idx.length - 1] = L - 1;
  return idx.map(pt);
}

/** AUC, advantage, balanced accuracy and the downsampled curve of a ROC. */
export function summarizeRoc(c: RocCurve, maxPoints = MAX_ROC_POINTS): RocSummary {
  const advantage = rocAdvantage(c);
  return {
    auc: rocAuc(c),
    advantage,
    balancedAccuracy: advantage === null ? null : (1 + advantage) / 2,
    points: downsampleRoc(c, maxPoints),
    nIn: c.nIn,
    nOut: c.nOut,
    convention: ROC_CONVENTION,
  };
}
