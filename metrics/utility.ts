import { rocAuc, rocCurve } from './roc.js';

/**
 * Utility of a binary classifier from probabilities: ROC AUC (Mann–Whitney with ties counted ½),
 * accuracy and balanced accuracy at a threshold (score ≥ t is positive), Brier score.
 * Undefined values (one class only) are null.
 */
export interface Utility {
  n: number;
  auc: number | null;
  accuracy: number | null;
  balancedAccuracy: number | null;
  brier: number | null;
}

export function utilityAt(yTrue: ArrayLike<number>, prob: ArrayLike<number>, threshold: number): Utility {
  const n = yTrue.length;
  if (n === 0) return { n, auc: null, accuracy: null, balancedAccuracy: null, brier: null };
  let tp = 0,
    tn = 0,
    fp = 0,
    fn = 0,
    brier = 0;
  for (let i = 0; i < n; i++) {
    const pred = prob[i] >= threshold ? 1 : 0;
    const y = yTrue[i];
    if (y === 1) pred ? tp++ : fn++;
    else pred ? fp++ : tn++;
    brier += (prob[i] - y) ** 2;
  }
  const recalls: number[] = [];
  if (tp + fn > 0) recalls.push(tp / (tp + fn));
  if (tn + fp > 0) recalls.push(tn / (tn + fp));
  return {
    n,
    auc: rocAuc(rocCurve(prob, yTrue)),
    accuracy: (tp + tn) / n,
    balancedAccuracy: recalls.reduce((a, b) => a + b, 0) / recalls.length,
    brier: brier / n,
  };
}
