import { DpauditError } from '../src/errors.js';
import type { CentreMode } from './types.js';

/**
 * Per-row statistics of a signal over the reference models that had the row IN (side 1) or OUT
 * (side 0) (docs/methods.md#lira). values and inMask are model-major M·n matrices; `refs` lists the
 * reference models (the target excluded).
 * - centre μ_i: mean (default) or median of the row's side values.
 * - per-example spread σ_i: root-mean-square deviation from μ_i (the population standard deviation,
 *   ddof = 0, when the centre is the mean).
 * - fixed spread: one σ for the side, √(mean over all (reference, row) side values of (v − μ_i)²).
 * - a row with no value on this side falls back to the global mean and global standard deviation (about
 *   the global mean) of all side values of these references; such rows are counted.
 * - spreads below SIGMA_FLOOR are raised to it and counted.
 */
export const SIGMA_FLOOR = 1e-6;

export interface SideStats {
  mu: Float64Array;
  /** Per-example σ_i (fallback rows: the global σ). */
  sigmaPerExample: Float64Array;
  /** The fixed σ for the side, floored. */
  sigmaFixed: number;
  globalMean: number;
  globalSd: number;
  /** 1 for rows that fell back to the global mean/std. */
  fallback: Uint8Array;
  fallbackRows: number;
  /** Per-example σ_i raised to the floor (fallback rows excluded). */
  flooredPerExample: number;
  /** 1 if the fixed σ was raised to the floor. */
  flooredFixed: number;
  /** Σ over (reference, row) side values of (v − μ_i)², and their number (to pool σ over targets). */
  sumSq: number;
  count: number;
}

export function sideStats(
  values: Float64Array,
  inMask: Uint8Array,
  n: number,
  refs: Int32Array,
  side: 0 | 1,
  centre: CentreMode,
): SideStats {
  const mu = new Float64Array(n);
  const sigma = new Float64Array(n);
  const fallback = new Uint8Array(n);
  const buf = new Float64Array(refs.length);
  let total = 0;
  let count = 0;
  let sq = 0;
  let fallbackRows = 0;
  for (let i = 0; i < n; i++) {
    let c = 0;
    for (let r = 0; r < refs.length; r++) {
      const k = refs[r] * n + i;
      if (inMask[k] === side) buf[c++] = values[k];
    }
    if (c === 0) {
      fallback[i] = 1;
      fallbackRows++;
      continue;
    }
    let m: number;
    if (centre === 'median') {
      const v = buf.subarray(0, c).sort();
      m = c % 2 === 1 ? v[(c - 1) >> 1] : 0.5 * (v[c / 2 - 1] + v[c / 2]);
    } else {
      let s = 0;
      for (let j = 0; j < c; j++) s += buf[j];
      m = s / c;
    }
    let d2 = 0;
    for (let j = 0; j < c; j++) {
      d2 += (buf[j] - m) * (buf[j] - m);
      total += buf[j];
    }
    mu[i] = m;
    sigma[i] = Math.sqrt(d2 / c);
    sq += d2;
    count += c;
  }
  if (count === 0) {
    throw new DpauditError(
      `no reference model has any row ${side === 1 ? 'IN' : 'OUT'}: cannot fit the ${side === 1 ? 'IN' : 'OUT'} distribution (need more reference models)`,
    );
  }
  const globalMean = total / count;
  let g2 = 0;
  for (let i = 0; i < n; i++) {
    if (fallback[i] === 1) continue;
    for (let r = 0; r < refs.length; r++) {
      const k = refs[r] * n + i;
      if (inMask[k] === side) g2 += (values[k] - globalMean) * (values[k] - globalMean);
    }
  }
  const globalSd = Math.max(SIGMA_FLOOR, Math.sqrt(g2 / count));
  let flooredPerExample = 0;
  for (let i = 0; i < n; i++) {
    if (fallback[i] === 1) {
      mu[i] = globalMean;
      sigma[i] = globalSd;
    } else if (sigma[i] < SIGMA_FLOOR) {
      sigma[i] = SIGMA_FLOOR;
      flooredPerExample++;
    }
  }
  const rawFixed = Math.sqrt(sq / count);
  const flooredFixed = rawFixed < SIGMA_FLOOR ? 1 : 0;
  return {
    mu,
    sigmaPerExample: sigma,
    sigmaFixed: Math.max(SIGMA_FLOOR, rawFixed),
    globalMean,
    globalSd,
    fallback,
    fallbackRows,
    flooredPerExample,
    flooredFixed,
    sumSq: sq,
    count,
  };
}

/** The reference models of a target: every model but the target, ascending. */
export function referencesOf(nModels: number, target: number): Int32Array {
  const out = new Int32Array(nModels - 1);
  let k = 0;
  for (let m = 0; m < nModels; m++) if (m !== target) out[k++] = m;
  return out;
}
