import { rankOrder, weightedMannWhitney, type RankOrder } from './auc.js';
import { ECE_BINS, eceBin, eceFromBinSums } from './ece.js';
import type { CellLayout } from './layout.js';
import { M, METRIC_KEYS } from './types.js';

export const N_METRICS = METRIC_KEYS.length;

/**
 * Per-slot metrics of one prediction set for given row multiplicities (docs/methods.md#fairness-metrics). Everything is
 * count-based: confusion counts, squared-error sums and per-bin ECE sums are accumulated per base cell
 * and summed into the slots of every grouping; AUC comes from one weighted rank-sum pass over the
 * scores sorted once at construction. evaluate() writes metric vectors out[slot * N_METRICS + M.key],
 * NaN for undefined metrics (the report turns NaN into null).
 */
export class FairnessEngine {
  readonly layout: CellLayout;
  readonly hasScore: boolean;
  private readonly cat: Uint8Array;
  private readonly yTrue: Uint8Array;
  private readonly score: Float64Array | null;
  private readonly sqErr: Float64Array | null;
  private readonly bin: Uint8Array | null;
  private readonly ranks: RankOrder | null;
  private readonly sortedSlots: Int32Array | null;
  private readonly baseCnt: Float64Array;
  private readonly baseSq: Float64Array;
  private readonly baseY: Float64Array;
  private readonly baseS: Float64Array;
  private readonly slotCnt: Float64Array;
  private readonly slotSq: Float64Array;
  private readonly slotY: Float64Array;
  private readonly slotS: Float64Array;
  private readonly U: Float64Array;
  private readonly cum: Float64Array;
  private readonly tie: Float64Array;

  constructor(layout: CellLayout, yTrue: Uint8Array, yPred: Uint8Array, yScore?: ArrayLike<number>) {
    const n = layout.nRows;
    if (yTrue.length !== n || yPred.length !== n) throw new Error(`yTrue/yPred have ${yTrue.length}/${yPred.length} rows, expected ${n}`);
    if (yScore !== undefined && yScore.length !== n) throw new Error(`yScore has ${yScore.length} rows, expected ${n}`);
    this.layout = layout;
    this.yTrue = yTrue;
    this.hasScore = yScore !== undefined;
    // category 0 tn, 1 fp, 2 fn, 3 tp
    this.cat = new Uint8Array(n);
    for (let i = 0; i < n; i++) this.cat[i] = 2 * yTrue[i] + yPred[i];
    if (yScore !== undefined) {
      this.score = Float64Array.from(yScore);
      this.sqErr = new Float64Array(n);
      this.bin = new Uint8Array(n);
      for (let i = 0; i < n; i++) {
        const s = this.score[i];
        this.sqErr[i] = (s - yTrue[i]) ** 2;
        this.bin[i] = eceBin(s);
      }
      this.ranks = rankOrder(this.score, yTrue);
      const G = layout.groupings.length;
      this.sortedSlots = new Int32Array(n * G);
      for (let p = 0; p < n; p++) {
        const row = this.ranks.order[p];
        for (let g = 0; g < G; g++) this.sortedSlots[p * G + g] = layout.slotOfRow[row * G + g];
      }
    } else {
      this.score = null;
      this.sqErr = null;
      this.bin = null;
      this.ranks = null;
      this.sortedSlots = null;
    }
    const nb = layout.nBase;
    const ns = layout.nSlots;
    this.baseCnt = new Float64Array(nb * 4);
    this.baseSq = new Float64Array(nb);
    this.baseY = new Float64Array(nb * ECE_BINS);
    this.baseS = new Float64Array(nb * ECE_BINS);
    this.slotCnt = new Float64Array(ns * 4);
    this.slotSq = new Float64Array(ns);
    this.slotY = new Float64Array(ns * ECE_BINS);
    this.slotS = new Float64Array(ns * ECE_BINS);
    this.U = new Float64Array(ns);
    this.cum = new Float64Array(ns);
    this.tie = new Float64Array(ns);
  }

  /** Length of the output of evaluate(). */
  get outputLength(): number {
    return this.layout.nSlots * N_METRICS;
  }

  /** Metric vectors of every slot for row multiplicities `weights` (null = every row once). */
  evaluate(weights: Int32Array | null, out: Float64Array): Float64Array {
    const L = this.layout;
    const n = L.nRows;
    const { baseCnt, baseSq, baseY, baseS, cat, yTrue } = this;
    baseCnt.fill(0);
    baseSq.fill(0);
    baseY.fill(0);
    baseS.fill(0);
    const baseOf = L.baseOfRow;
    if (this.score !== null && this.sqErr !== null && this.bin !== null) {
      const { score, sqErr, bin } = this;
      for (let i = 0; i < n; i++) {
        const w = weights === null ? 1 : weights[i];
        if (w === 0) continue;
        const k = baseOf[i];
        baseCnt[k * 4 + cat[i]] += w;
        baseSq[k] += w * sqErr[i];
        const b = k * ECE_BINS + bin[i];
        baseY[b] += w * yTrue[i];
        baseS[b] += w * score[i];
      }
    } else {
      for (let i = 0; i < n; i++) {
        const w = weights === null ? 1 : weights[i];
        if (w !== 0) baseCnt[baseOf[i] * 4 + cat[i]] += w;
      }
    }
    const { slotCnt, slotSq, slotY, slotS } = this;
    slotCnt.fill(0);
    slotSq.fill(0);
    slotY.fill(0);
    slotS.fill(0);
    for (const map of L.baseToSlot) {
      for (let k = 0; k < L.nBase; k++) {
        const s = map[k];
        for (let c = 0; c < 4; c++) slotCnt[s * 4 + c] += baseCnt[k * 4 + c];
        if (this.hasScore) {
          slotSq[s] += baseSq[k];
          for (let b = 0; b < ECE_BINS; b++) {
            slotY[s * ECE_BINS + b] += baseY[k * ECE_BINS + b];
            slotS[s * ECE_BINS + b] += baseS[k * ECE_BINS + b];
          }
        }
      }
    }
    if (this.ranks !== null && this.sortedSlots !== null) {
      this.U.fill(0);
      weightedMannWhitney(this.ranks, weights, this.sortedSlots, L.groupings.length, this.U, this.cum, this.tie);
    }
    for (let s = 0; s < L.nSlots; s++) this.slotMetrics(s, out, s * N_METRICS);
    return out;
  }

  private slotMetrics(s: number, out: Float64Array, o: number): void {
    const tn = this.slotCnt[s * 4];
    const fp = this.slotCnt[s * 4 + 1];
    const fn = this.slotCnt[s * 4 + 2];
    const tp = this.slotCnt[s * 4 + 3];
    const n = tn + fp + fn + tp;
    const nPos = tp + fn;
    const nNeg = tn + fp;
    const nPredPos = tp + fp;
    const div = (a: number, b: number): number => (b === 0 ? NaN : a / b);
    out[o + M.count] = n;
    out[o + M.nPos] = nPos;
    out[o + M.nNeg] = nNeg;
    out[o + M.nPredPos] = nPredPos;
    out[o + M.tp] = tp;
    out[o + M.fp] = fp;
    out[o + M.tn] = tn;
    out[o + M.fn] = fn;
    out[o + M.baseRate] = div(nPos, n);
    out[o + M.selectionRate] = div(nPredPos, n);
    const tpr = div(tp, nPos);
    const tnr = div(tn, nNeg);
    out[o + M.tpr] = tpr;
    out[o + M.fpr] = div(fp, nNeg);
    out[o + M.tnr] = tnr;
    out[o + M.fnr] = div(fn, nPos);
    out[o + M.precision] = div(tp, nPredPos);
    out[o + M.npv] = div(tn, tn + fn);
    out[o + M.accuracy] = div(tp + tn, n);
    // mean of per-class recall over the classes present
    out[o + M.balancedAccuracy] = nPos > 0 && nNeg > 0 ? (tpr + tnr) / 2 : nPos > 0 ? tpr : nNeg > 0 ? tnr : NaN;
    if (this.hasScore) {
      out[o + M.rocAuc] = nPos > 0 && nNeg > 0 ? this.U[s] / (nPos * nNeg) : NaN;
      out[o + M.brier] = div(this.slotSq[s], n);
      out[o + M.ece] = eceFromBinSums(this.slotY, this.slotS, s * ECE_BINS, n);
    } else {
      out[o + M.rocAuc] = NaN;
      out[o + M.brier] = NaN;
      out[o + M.ece] = NaN;
    }
  }
}
