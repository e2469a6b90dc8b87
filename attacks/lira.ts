import { logNormalPdf, Phi } from '../src/math/normal.js';
import { referencesOf, SIGMA_FLOOR, sideStats, type SideStats } from './reference-stats.js';
import type { CentreMode, OfflineConvention, VarianceMode } from './types.js';

/**
 * LiRA (Carlini et al. 2022) on φ (docs/methods.md#lira). For target t and reference models `refs`:
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

/** The fixed σ of each side pooled over every target of the arm (docs/methods.md#lira: one global σ_in, σ_out per arm). */
export interface PooledSigma {
  in: number;
  out: number;
}

function sigmaOf(s: SideStats, i: number, variance: ResolvedVariance, pooled?: number): number {
  if (s.fallback[i] === 1) return s.globalSd;
  if (variance === 'fixed') return pooled ?? s.sigmaFixed;
  return s.sigmaPerExample[i];
}

/**
 * Pool the fixed σ of both sides over several reference statistics: √(Σ sumSq / Σ dof), floored. Not used
 * by the attacks: pooling over targets lets each target's own IN/OUT labels into its σ (its model is a
 * reference of every other target).
 */
export function pooledSigma(stats: { in?: SideStats; out: SideStats }[]): PooledSigma {
  const pool = (side: 'in' | 'out') => {
    let sq = 0;
    let c = 0;
    for (const s of stats) {
      const x = s[side];
      if (!x) continue;
      sq += x.sumSq;
      c += x.dof;
    }
    return c > 0 ? Math.max(SIGMA_FLOOR, Math.sqrt(sq / c)) : SIGMA_FLOOR;
  };
  return { in: pool('in'), out: pool('out') };
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
  opts: { variance: ResolvedVariance; centre: CentreMode; stats?: { in: SideStats; out: SideStats }; pooled?: PooledSigma },
): TargetScores {
  const sIn = opts.stats?.in ?? sideStats(phi, inMask, n, refs, 1, opts.centre);
  const sOut = opts.stats?.out ?? sideStats(phi, inMask, n, refs, 0, opts.centre);
  const scores = new Float64Array(n);
  const base = target * n;
  for (let i = 0; i < n; i++) {
    const x = phi[base + i];
    scores[i] =
      logNormalPdf(x, sIn.mu[i], sigmaOf(sIn, i, opts.variance, opts.pooled?.in)) -
      logNormalPdf(x, sOut.mu[i], sigmaOf(sOut, i, opts.variance, opts.pooled?.out));
  }
  return {
    scores,
    fallbackIn: sIn.fallbackRows,
    fallbackOut: sOut.fallbackRows,
    flooredSigma: floored(sIn, opts.variance) + floored(sOut, opts.variance),
  };
}

export function liraOfflineScores(
  phi: Float64Array,
  inMask: Uint8Array,
  n: number,
  target: number,
  refs: Int32Array,
  opts: { variance: ResolvedVariance; centre: CentreMode; convention: OfflineConvention; stats?: { out: SideStats }; pooled?: PooledSigma },
): TargetScores {
  const sOut = opts.stats?.out ?? sideStats(phi, inMask, n, refs, 0, opts.centre);
  const scores = new Float64Array(n);
  const base = target * n;
  for (let i = 0; i < n; i++) {
    const x = phi[base + i];
    const sd = sigmaOf(sOut, i, opts.variance, opts.pooled?.out);
    scores[i] = opts.convention === 'paper' ? Phi((x - sOut.mu[i]) / sd) : -logNormalPdf(x, sOut.mu[i], sd);
  }
  return { scores, fallbackIn: 0, fallbackOut: sOut.fallbackRows, flooredSigma: floored(sOut, opts.variance) };
}

/**
 * LiRA of every target of a fleet (docs/methods.md#lira): model t (0..M−1) is the target once, the other M − 1
 * models its references, each target's statistics from its own references only (its IN/OUT labels never enter).
 * `signal` is target-major (M·n); `add(t, r)` receives the scores of target t.
 */
export function liraPerTarget(
  signal: Float64Array,
  inMask: Uint8Array,
  n: number,
  M: number,
  opts: { online: boolean; variance: ResolvedVariance; centre: CentreMode; convention: OfflineConvention },
  add: (t: number, r: TargetScores) => void,
): void {
  const { variance, centre, convention } = opts;
  for (let t = 0; t < M; t++) {
    const refs = referencesOf(M, t);
    add(
      t,
      opts.online
        ? liraOnlineScores(signal, inMask, n, t, refs, { variance, centre })
        : liraOfflineScores(signal, inMask, n, t, refs, { variance, centre, convention }),
    );
  }
}

/**
 * The score convention of liraPerTarget for signal `x` (φ, or d for a site update); `over` names the
 * reference models the statistics come from when the text should say so ("the shadow updates").
 */
export function liraScoreConvention(online: boolean, convention: OfflineConvention, x: string, over?: string): string {
  const from = over === undefined ? '' : ` over ${over} that had the row ${online ? 'IN / OUT' : 'OUT'}`;
  if (online) return `log N(${x}; μ_in, σ_in²) − log N(${x}; μ_out, σ_out²)${from}`;
  return convention === 'paper'
    ? `Φ((${x} − μ_out)/σ_out)${from} (paper convention)`
    : `−log N(${x}; μ_out, σ_out²)${from} (reference-code convention)`;
}
