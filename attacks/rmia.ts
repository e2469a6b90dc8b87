import { DpauditError } from '../src/errors.js';
import type { TargetScores } from './lira.js';

/**
 * RMIA (Zarifzadeh et al. 2024; docs/methods.md#rmia) on p_y. For target t with reference models `refs`:
 * Pr(x|θ) = p_y of x under the target;
 * online: Pr(x) = mean of p_y over all reference models;
 * offline: Pr(x) = ½[(1 + a)·mean_OUT + (1 − a)], mean_OUT over the references that had x OUT (a row
 * with none falls back to the global mean of all OUT values of these references, counted);
 * r_x = Pr(x|θ)/Pr(x). Population z (held-out test split): Pr(z) = mean of p_y over all reference models
 * (no offline a-correction), r_z = Pr(z|θ)/Pr(z). score(x) = fraction of z with r_x / r_z > γ.
 */
export type RmiaMode = { kind: 'online' } | { kind: 'offline'; a: number };

/** r_z for every population point, sorted ascending. pyPop is model-major M·nPop. */
export function populationRatios(pyPop: Float64Array, nPop: number, target: number, refs: Int32Array): Float64Array {
  if (refs.length === 0) throw new DpauditError('RMIA needs at least one reference model');
  const out = new Float64Array(nPop);
  for (let z = 0; z < nPop; z++) {
    let s = 0;
    for (let r = 0; r < refs.length; r++) s += pyPop[refs[r] * nPop + z];
    out[z] = pyPop[target * nPop + z] / (s / refs.length);
  }
  return out.sort();
}

/** Mean p_y over all references (online Pr(x)). */
export function meanOverReferences(py: Float64Array, n: number, refs: Int32Array): Float64Array {
  if (refs.length === 0) throw new DpauditError('RMIA needs at least one reference model');
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let r = 0; r < refs.length; r++) s += py[refs[r] * n + i];
    out[i] = s / refs.length;
  }
  return out;
}

/** Mean p_y over the references that had each row OUT, with the global OUT mean as fallback. */
export function outMeans(py: Float64Array, inMask: Uint8Array, n: number, refs: Int32Array): { mean: Float64Array; fallbackRows: number } {
  const mean = new Float64Array(n);
  const cnt = new Int32Array(n);
  let total = 0;
  let count = 0;
  for (let i = 0; i < n; i++) {
    let s = 0;
    for (let r = 0; r < refs.length; r++) {
      const k = refs[r] * n + i;
      if (inMask[k] === 0) {
        s += py[k];
        cnt[i]++;
      }
    }
    total += s;
    count += cnt[i];
    mean[i] = cnt[i] > 0 ? s / cnt[i] : NaN;
  }
  if (count === 0) throw new DpauditError('no reference model has any row OUT: offline RMIA cannot estimate Pr(x)');
  let fallbackRows = 0;
  for (let i = 0; i < n; i++) {
    if (cnt[i] === 0) {
      mean[i] = total / count;
      fallbackRows++;
    }
  }
  return { mean, fallbackRows };
}

/** Offline Pr(x) = ½[(1 + a)·mean_OUT + (1 − a)]. */
export function offlinePrX(meanOut: Float64Array, a: number): Float64Array {
  const out = new Float64Array(meanOut.length);
  for (let i = 0; i < out.length; i++) out[i] = 0.5 * ((1 + a) * meanOut[i] + (1 - a));
  return out;
}

/** Number of z with r_x / r_z > γ (sortedRz ascending; the predicate holds on a prefix). */
export function countDominated(rx: number, sortedRz: Float64Array, gamma: number): number {
  let lo = 0;
  let hi = sortedRz.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (rx / sortedRz[mid] > gamma) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Fraction of z with r_x / r_z > γ. */
export function fractionDominated(rx: number, sortedRz: Float64Array, gamma: number): number {
  return countDominated(rx, sortedRz, gamma) / sortedRz.length;
}

/** Scores of target t from its p_y, the reference Pr(x) and the sorted population ratios. */
export function rmiaFromPrX(
  py: Float64Array,
  n: number,
  target: number,
  prX: Float64Array,
  sortedRz: Float64Array,
  gamma: number,
): Float64Array {
  const out = new Float64Array(n);
  const base = target * n;
  for (let i = 0; i < n; i++) out[i] = fractionDominated(py[base + i] / prX[i], sortedRz, gamma);
  return out;
}

export function rmiaScores(
  py: Float64Array,
  inMask: Uint8Array,
  n: number,
  pyPop: Float64Array,
  nPop: number,
  target: number,
  refs: Int32Array,
  opts: { mode: RmiaMode; gamma: number },
): TargetScores {
  if (!(opts.gamma > 0)) throw new DpauditError(`RMIA γ must be positive, got ${opts.gamma}`);
  const sortedRz = populationRatios(pyPop, nPop, target, refs);
  let prX: Float64Array;
  let fallbackOut = 0;
  if (opts.mode.kind === 'online') prX = meanOverReferences(py, n, refs);
  else {
    const o = outMeans(py, inMask, n, refs);
    prX = offlinePrX(o.mean, opts.mode.a);
    fallbackOut = o.fallbackRows;
  }
  return { scores: rmiaFromPrX(py, n, target, prX, sortedRz, opts.gamma), fallbackIn: 0, fallbackOut, flooredSigma: 0 };
}
