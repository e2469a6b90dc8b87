import { DpauditError } from '../src/errors.js';
import { cpInterval } from './clopper-pearson.js';
import type { RocCurve } from './roc.js';

/**
 * TPR at a fixed FPR α (docs/methods.md#roc): the largest TPR over thresholds whose FPR ≤ α (step rule, no
 * interpolation between thresholds). Resolution guard: with n_out · α < 10 the empirical FPR cannot
 * resolve α (fewer than 10 non-members above the threshold), so the value is reported unresolved.
 */
export const DEFAULT_FPR_LEVELS = [0.001, 0.01, 0.1] as const;
export const MIN_FALSE_POSITIVES_FOR_RESOLUTION = 10;

export type TprAtFpr =
  | {
      alpha: number;
      resolved: true;
      /** Max TPR with FPR ≤ α; null without members. */
      tpr: number | null;
      /** FPR achieved at that threshold (≤ α). */
      fpr: number;
      /** Clopper–Pearson two-sided interval of the TPR at confidence 1 − ciAlpha; null without members. */
      ci: { lower: number; upper: number } | null;
      ciMethod: string;
      nIn: number;
      nOut: number;
    }
  | { alpha: number; resolved: false; reason: string; nIn: number; nOut: number };

export function tprAtFpr(c: RocCurve, alpha: number, ciAlpha = 0.05): TprAtFpr {
  if (!(alpha > 0 && alpha < 1)) throw new DpauditError(`FPR level must be in (0, 1), got ${alpha}`);
  if (c.nOut * alpha < MIN_FALSE_POSITIVES_FOR_RESOLUTION) {
    return {
      alpha,
      resolved: false,
      reason: `n_out · α = ${c.nOut} · ${alpha} < ${MIN_FALSE_POSITIVES_FOR_RESOLUTION}: too few non-members to resolve this FPR`,
      nIn: c.nIn,
      nOut: c.nOut,
    };
  }
  // fp is non-decreasing along the curve, and so is tp: the last index with fp ≤ α·nOut has the max TPR.
  let k = 0;
  while (k + 1 < c.fp.length && c.fp[k + 1] / c.nOut <= alpha) k++;
  const tp = c.tp[k];
  return {
    alpha,
    resolved: true,
    tpr: c.nIn === 0 ? null : tp / c.nIn,
    fpr: c.fp[k] / c.nOut,
    ci: c.nIn === 0 ? null : cpInterval(tp, c.nIn, ciAlpha),
    ciMethod: `Clopper–Pearson two-sided ${(100 * (1 - ciAlpha)).toFixed(0)} % (threshold chosen on the same data)`,
    nIn: c.nIn,
    nOut: c.nOut,
  };
}

export function tprAtFprLevels(c: RocCurve, levels: readonly number[] = DEFAULT_FPR_LEVELS, ciAlpha = 0.05): TprAtFpr[] {
  return levels.map((a) => tprAtFpr(c, a, ciAlpha));
}
