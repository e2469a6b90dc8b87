import { DpauditError } from '../src/errors.js';

/**
 * The decision threshold of the release model, chosen on the validation split (never on test):
 * `threshold=t` fixed; `sensitivity=s` the largest threshold whose validation TPR ≥ s; `youden` the
 * threshold maximising TPR − FPR (Youden's J; ties → the higher threshold).
 */
export type OperatingPoint = { kind: 'threshold'; value: number } | { kind: 'sensitivity'; value: number } | { kind: 'youden' };

export function parseOperatingPoint(s: string): OperatingPoint {
  const t = s.trim();
  if (t === 'youden') return { kind: 'youden' };
  const m = /^(threshold|sensitivity)=([0-9.eE+-]+)$/.exec(t);
  if (m) {
    const v = Number(m[2]);
    if (Number.isFinite(v) && v >= 0 && v <= 1) return { kind: m[1] as 'threshold' | 'sensitivity', value: v };
  }
  throw new DpauditError(`expects threshold=T, sensitivity=S (in [0, 1]) or youden, got ${JSON.stringify(s)}`, {
    location: { option: 'operating-point' },
  });
}

export function describeOperatingPoint(op: OperatingPoint): string {
  return op.kind === 'youden' ? 'youden' : `${op.kind}=${op.value}`;
}

export function chooseThreshold(op: OperatingPoint, yTrue: ArrayLike<number>, prob: ArrayLike<number>): number {
  if (op.kind === 'threshold') return op.value;
  const n = yTrue.length;
  let nPos = 0;
  for (let i = 0; i < n; i++) nPos += yTrue[i];
  const nNeg = n - nPos;
  if (nPos === 0 || nNeg === 0) return 0.5;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => prob[b] - prob[a]);
  let tp = 0,
    fp = 0;
  let best = -Infinity;
  let bestT = 0.5;
  for (let k = 0; k < n; k++) {
    const i = order[k];
    if (yTrue[i] === 1) tp++;
    else fp++;
    if (k + 1 < n && prob[order[k + 1]] === prob[i]) continue; // threshold between distinct scores only
    const tpr = tp / nPos;
    const fpr = fp / nNeg;
    if (op.kind === 'sensitivity') {
      if (tpr >= op.value) return prob[i];
    } else if (tpr - fpr > best) {
      best = tpr - fpr;
      bestT = prob[i];
    }
  }
  return op.kind === 'sensitivity' ? prob[order[n - 1]] : bestT;
}
