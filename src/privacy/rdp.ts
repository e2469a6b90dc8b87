import { logAdd, logErfc, logSub, logSumExp } from './log-math.js';
import type { MechanismStep } from './types.js';

/**
 * Rényi DP of the Poisson-subsampled Gaussian mechanism (Mironov, Talwar, Zhang 2019), as Opacus's
 * `analysis/rdp.py` computes it, and the improved RDP → (ε, δ) conversion (docs/methods.md#rdp).
 */

/**
 * RDP of one step at order α > 1: log A_α / (α − 1).
 * Special cases: q = 0 → 0; σ = 0 → ∞; q = 1 → α/(2σ²); α = ∞ → ∞.
 */
export function rdpSubsampledGaussian(sampleRate: number, noiseMultiplier: number, order: number): number {
  const q = sampleRate;
  const sigma = noiseMultiplier;
  if (!(order > 1)) throw new RangeError(`RDP order must be > 1, got ${order}`);
  if (q === 0) return 0;
  if (sigma === 0) return Infinity;
  if (q === 1) return order / (2 * sigma * sigma);
  if (order === Infinity) return Infinity;
  const logA = Number.isInteger(order) ? logAInteger(q, sigma, order) : logAFractional(q, sigma, order);
  return logA / (order - 1);
}

/** log A_α for integer α: logsumexp over k = 0..α of log C(α,k) + k log q + (α−k) log(1−q) + (k² − k)/(2σ²). */
export function logAInteger(q: number, sigma: number, alpha: number): number {
  const logQ = Math.log(q);
  const log1mQ = Math.log1p(-q);
  const terms = new Float64Array(alpha + 1);
  let logBinom = 0; // log C(α, 0)
  for (let k = 0; k <= alpha; k++) {
    terms[k] = logBinom + k * logQ + (alpha - k) * log1mQ + (k * k - k) / (2 * sigma * sigma);
    logBinom += Math.log(alpha - k) - Math.log(k + 1);
  }
  return logSumExp(terms);
}

/**
 * log A_α for fractional α: the two series over the integrals on (−∞, z₀] and [z₀, ∞) with
 * z₀ = σ² log(1/q − 1) + ½, in log space with log-erfc tails (Mironov et al. 2019, §3.3). Terms are
 * added until both fall below e^−30 (as Opacus does); generalised binomial coefficients change sign
 * for k > α, which is handled with log-space subtraction.
 */
export function logAFractional(q: number, sigma: number, alpha: number): number {
  let logA0 = -Infinity;
  let logA1 = -Infinity;
  const z0 = sigma * sigma * Math.log(1 / q - 1) + 0.5;
  const logQ = Math.log(q);
  const log1mQ = Math.log1p(-q);
  const s2 = Math.SQRT2 * sigma;
  let logAbsCoef = 0; // log |C(α, i)|
  let sign = 1;
  for (let i = 0; i < 100_000; i++) {
    const j = alpha - i;
    const logT0 = logAbsCoef + i * logQ + j * log1mQ;
    const logT1 = logAbsCoef + j * logQ + i * log1mQ;
    const logE0 = Math.log(0.5) + logErfc((i - z0) / s2);
    const logE1 = Math.log(0.5) + logErfc((z0 - j) / s2);
    const logS0 = logT0 + (i * i - i) / (2 * sigma * sigma) + logE0;
    const logS1 = logT1 + (j * j - j) / (2 * sigma * sigma) + logE1;
    if (sign > 0) {
      logA0 = logAdd(logA0, logS0);
      logA1 = logAdd(logA1, logS1);
    } else {
      logA0 = logSub(logA0, logS0);
      logA1 = logSub(logA1, logS1);
    }
    if (Math.max(logS0, logS1) < -30) break;
    // C(α, i+1) = C(α, i)·(α − i)/(i + 1)
    const f = (alpha - i) / (i + 1);
    if (f < 0) sign = -sign;
    logAbsCoef += Math.log(Math.abs(f));
  }
  return logAdd(logA0, logA1);
}

/** RDP curve of a history of mechanisms: Σ steps·RDP(α) at each order (composition adds RDP). */
export function composedRdp(history: readonly MechanismStep[], orders: readonly number[]): Float64Array {
  const out = new Float64Array(orders.length);
  for (const h of history) {
    if (h.steps === 0 || h.sampleRate === 0) continue;
    for (let i = 0; i < orders.length; i++) out[i] += h.steps * rdpSubsampledGaussian(h.sampleRate, h.noiseMultiplier, orders[i]);
  }
  return out;
}

export interface RdpConversion {
  /** ε ≥ 0 (∞ when every order is infinite). */
  epsilon: number;
  /** The optimal order (null when ε is infinite). */
  order: number | null;
}

/** ε(α) of the improved conversion: R(α) + log((α−1)/α) − (log δ + log α)/(α − 1). */
export function epsilonAtOrder(rdp: number, order: number, delta: number): number {
  return rdp + Math.log1p(-1 / order) - (Math.log(delta) + Math.log(order)) / (order - 1);
}

/** (ε, δ) from an RDP curve: ε = min over α of the improved conversion (Opacus `get_privacy_spent`), floored at 0. */
export function rdpToEpsilon(orders: readonly number[], rdp: ArrayLike<number>, delta: number): RdpConversion {
  let best = Infinity;
  let order: number | null = null;
  for (let i = 0; i < orders.length; i++) {
    const e = epsilonAtOrder(rdp[i], orders[i], delta);
    if (e < best) {
      best = e;
      order = orders[i];
    }
  }
  return { epsilon: Math.max(0, best), order };
}

/** log δ(α) at ε: the exact inverse of the improved conversion, (α−1)(R(α) − ε) + (α−1) log(1 − 1/α) − log α. */
export function logDeltaAtOrder(rdp: number, order: number, epsilon: number): number {
  return (order - 1) * (rdp - epsilon) + (order - 1) * Math.log1p(-1 / order) - Math.log(order);
}

/** δ(ε) from an RDP curve: min over α of the inverse conversion, capped at 1. */
export function rdpToDelta(orders: readonly number[], rdp: ArrayLike<number>, epsilon: number): { delta: number; order: number | null } {
  let best = Infinity;
  let order: number | null = null;
  for (let i = 0; i < orders.length; i++) {
    const l = logDeltaAtOrder(rdp[i], orders[i], epsilon);
    if (l < best) {
      best = l;
      order = orders[i];
    }
  }
  return { delta: Math.min(1, Math.exp(best)), order };
}
