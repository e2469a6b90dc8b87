/**
 * Reliability (calibration) curve: 10 equal-width bins of the predicted probability with the same bin
 * rule as the ECE of REFERENCE §5 (bin index = number of inner edges j/10 strictly below the score, so
 * [0, 0.1], (0.1, 0.2], …). Empty bins are omitted.
 */
export interface ReliabilityBin {
  lower: number;
  upper: number;
  meanScore: number;
  fracPositive: number;
  n: number;
}

export function binIndex(score: number): number {
  let k = 0;
  for (let j = 1; j <= 9; j++) if (j / 10 < score) k++;
  return k;
}

export function reliabilityCurve(yTrue: ArrayLike<number>, prob: ArrayLike<number>, rows?: ArrayLike<number>): ReliabilityBin[] {
  const n = new Float64Array(10);
  const s = new Float64Array(10);
  const p = new Float64Array(10);
  const len = rows ? rows.length : yTrue.length;
  for (let k = 0; k < len; k++) {
    const i = rows ? rows[k] : k;
    const b = binIndex(prob[i]);
    n[b]++;
    s[b] += prob[i];
    p[b] += yTrue[i];
  }
  const out: ReliabilityBin[] = [];
  for (let b = 0; b < 10; b++) if (n[b] > 0) out.push({ lower: b / 10, upper: (b + 1) / 10, meanScore: s[b] / n[b], fracPositive: p[b] / n[b], n: n[b] });
  return out;
}
