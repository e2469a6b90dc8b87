import { ECE_BINS, eceBin } from './fairness/ece.js';

/**
 * Reliability (calibration) curve: 10 equal-width bins of the predicted probability with the same bin
 * rule as the ECE of docs/methods.md#fairness-metrics (bin index = number of inner edges j/10 strictly below the score, so
 * [0, 0.1], (0.1, 0.2], …). Empty bins are omitted.
 */
export interface ReliabilityBin {
  lower: number;
  upper: number;
  meanScore: number;
  fracPositive: number;
  n: number;
}

export function reliabilityCurve(yTrue: ArrayLike<number>, prob: ArrayLike<number>, rows?: ArrayLike<number>): ReliabilityBin[] {
  const n = new Float64Array(ECE_BINS);
  const s = new Float64Array(ECE_BINS);
  const p = new Float64Array(ECE_BINS);
  const len = rows ? rows.length : yTrue.length;
  for (let k = 0; k < len; k++) {
    const i = rows ? rows[k] : k;
    const b = eceBin(prob[i]);
    n[b]++;
    s[b] += prob[i];
    p[b] += yTrue[i];
  }
  const out: ReliabilityBin[] = [];
  for (let b = 0; b < ECE_BINS; b++)
    if (n[b] > 0) out.push({ lower: b / ECE_BINS, upper: (b + 1) / ECE_BINS, meanScore: s[b] / n[b], fracPositive: p[b] / n[b], n: n[b] });
  return out;
}
