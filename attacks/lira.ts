import { logNormalPdf, Phi } from '../metrics/normal.js';
import { sideStats, type SideStats } from './reference-stats.js';
import type { CentreMode, OfflineConvention, VarianceMode } from './types.js';

/**
 * LiRA (Carlini et al. 2022) on φ (REFERENCE §3). For target t and reference models `refs`:
 * - online: score = log N(φ_t; μ_in, σ_in²) − log N(φ_t; μ_out, σ_out²);
 * - offline, paper convention (default): score = Φ((φ_t − μ_out)/σ_out);
 *   reference-code convention: score = −log N(φ_t; μ_out, σ_out²).
 * μ and σ come from sideStats (mean or median centre; fixed or per-example σ; degenerate rows fall back
 * to the global mean/std of that side, in either variance mode).
 */
export type ResolvedVariance = 'fixed' | 'per-example';

/** "auto" resolves to fixed variance when K < 64 reference models, else per-example. */
export function resolveVariance(mode: VarianceMode, nReferences: number): ResolvedVariance {
  if (mode === 'auto') return nReferences < 64 ? 'fixed' : 'per-example';
  return mode;
}

export interface TargetScores {
  scores: Float64Array;
  fallbackIn: number;
  fallbackOut: number;
  flooredSigma: number;
}

function sigmaOf(s: SideStats, i: number, variance: ResolvedVariance): number {
  if (s.fallback[i] === 1) return s.globalSd;
  return variance === 'fixed' ? s.sigmaFixed : s.sigmaPerExample[i];
}

function floored(s: SideStats, variance: ResolvedVariance): number {
  return variance === 'fixed' ? s.flooredFixed : s.flooredPerExample;
}

export function liraOnlineScores(
  phi: Float64Array,
  inMask: Uint8Array,
  n: number,
  target: number,
  refs: Int32Array,
  opts: { variance: ResolvedVariance; centre: CentreMode },
): TargetScores {
  const sIn = sideStats(phi, inMask, n, refs, 1, opts.centre);
  const sOut = sideStats(phi, inMask, n, refs, 0, opts.centre);
  const scores = new Float64Array(n);
  const base = target * n;
  for (let i = 0; i < n; i++) {
    const x = phi[base + i];
    scores[i] = logNormalPdf(x, sIn.mu[i], sigmaOf(sIn, i, opts.variance)) - logNormalPdf(x, sOut.mu[i], sigmaOf(sOut, i, opts.variance));
  }
  return { scores, fallbackIn: sIn.fallbackRows, fallbackOut: sOut.fallbackRows, flooredSigma: floored(sIn, opts.variance) + floored(sOut, opts.variance) };
}

export function liraOfflineScores(
  phi: Float64Array,
  inMask: Uint8Array,
  n: number,
  target: number,
  refs: Int32Array,
  opts: { variance: ResolvedVariance; centre: CentreMode; convention: OfflineConvention },
): TargetScores {
  const sOut = sideStats(phi, inMask, n, refs, 0, opts.centre);
  const scores = new Float64Array(n);
  const base = target * n;
  for (let i = 0; i < n; i++) {
    const x = phi[base + i];
    const sd = sigmaOf(sOut, i, opts.variance);
    scores[i] = opts.convention === 'paper' ? Phi((x - sOut.mu[i]) / sd) : -logNormalPdf(x, sOut.mu[i], sd);
  }
  return { scores, fallbackIn: 0, fallbackOut: sOut.fallbackRows, flooredSigma: floored(sOut, opts.variance) };
}
