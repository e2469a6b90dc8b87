import { DpauditError } from '../src/errors.js';
import type { PrivacyProfile } from '../src/privacy/types.js';
import { bonferroniFamily, type BonferroniFamily, SortedScores } from './empirical-epsilon.js';
import { Phi, PhiInv } from '../src/math/normal.js';

/**
 * Theory overlay (docs/methods.md#overlay): the largest TPR any attack can reach at a given FPR under the claimed
 * guarantee, and the violation check of an attack against it.
 * - (ε, δ)-DP: TPR ≤ min{1, e^ε·FPR + δ, 1 − e^{−ε}(1 − δ − FPR)}.
 * - μ-GDP: TPR ≤ Φ(Φ⁻¹(FPR) + μ) (labelled an approximation when μ is fitted to a DP-SGD run).
 * - Privacy profile δ(ε): f(α) = sup_ε max{0, 1 − δ(ε) − e^ε α, e^{−ε}(1 − δ(ε) − α)} over a dense ε grid
 *   (a sup over a finite grid under-estimates f, so TPR_max = 1 − f errs on the permissive side and the
 *   violation check stays conservative).
 */
export type TheoryBound =
  | { kind: 'eps-delta'; epsilon: number; delta: number }
  | { kind: 'gdp'; mu: number }
  | { kind: 'profile'; profile: PrivacyProfile; epsilonGrid?: Float64Array };

export interface Tradeoff {
  tprMax(fpr: number): number;
  method: string;
  /** True when the curve is not implied by the accountant's guarantee (GDP fit). */
  approximation: boolean;
}

export function tprMaxEpsDelta(fpr: number, epsilon: number, delta: number): number {
  checkFpr(fpr);
  const e = Math.exp(epsilon);
  return clamp01(Math.min(1, e * fpr + delta, 1 - (1 - delta - fpr) / e));
}

export function tprMaxGdp(fpr: number, mu: number): number {
  checkFpr(fpr);
  return Phi(PhiInv(fpr) + mu);
}

function checkFpr(fpr: number): void {
  if (!(fpr >= 0 && fpr <= 1)) throw new DpauditError(`FPR must be in [0, 1], got ${fpr}`);
}

function clamp01(x: number): number {
  return x < 0 ? 0 : x > 1 ? 1 : x;
}

/**
 * Default ε grid for profile tradeoffs: step 0.005 on [0, 5], 0.02 on (5, 20], 0.1 on (20, 60]
 * (2,150 points, both endpoints included).
 */
export function defaultEpsilonGrid(): Float64Array {
  const g: number[] = [];
  for (let k = 0; k <= 1000; k++) g.push(k * 0.005);
  for (let k = 1; k <= 750; k++) g.push(5 + k * 0.02);
  for (let k = 1; k <= 400; k++) g.push(20 + k * 0.1);
  return Float64Array.from(g);
}

/** TPR_max from a privacy profile, with δ(ε) evaluated once on the grid. */
export function profileTradeoff(profile: PrivacyProfile, grid: Float64Array = defaultEpsilonGrid()): Tradeoff {
  if (grid.length === 0) throw new DpauditError('the ε grid of a profile tradeoff is empty');
  const expE = new Float64Array(grid.length);
  const oneMinusDelta = new Float64Array(grid.length);
  for (let k = 0; k < grid.length; k++) {
    const d = profile.delta(grid[k]);
    if (Number.isNaN(d)) throw new DpauditError(`privacy profile returned NaN at ε = ${grid[k]}`);
    expE[k] = Math.exp(grid[k]);
    oneMinusDelta[k] = 1 - clamp01(d);
  }
  return {
    method: `privacy profile (${profile.method}): f(α) = sup over ${grid.length} ε in [${grid[0]}, ${grid[grid.length - 1]}] of max{0, 1 − δ(ε) − e^ε α, e^−ε (1 − δ(ε) − α)}, TPR_max = 1 − f`,
    approximation: false,
    tprMax(fpr: number): number {
      checkFpr(fpr);
      let f = 0;
      for (let k = 0; k < expE.length; k++) {
        const a = oneMinusDelta[k] - expE[k] * fpr;
        const b = (oneMinusDelta[k] - fpr) / expE[k];
        if (a > f) f = a;
        if (b > f) f = b;
      }
      return clamp01(1 - f);
    },
  };
}

export function tradeoffFrom(bound: TheoryBound): Tradeoff {
  switch (bound.kind) {
    case 'eps-delta': {
      const { epsilon, delta } = bound;
      if (!(epsilon >= 0) || !(delta >= 0 && delta < 1)) throw new DpauditError(`invalid (ε, δ) = (${epsilon}, ${delta})`);
      return {
        method: `(ε, δ)-DP region at ε = ${epsilon}, δ = ${delta}: min{1, e^ε FPR + δ, 1 − e^−ε (1 − δ − FPR)}`,
        approximation: false,
        tprMax: (fpr) => tprMaxEpsDelta(fpr, epsilon, delta),
      };
    }
    case 'gdp': {
      const { mu } = bound;
      if (!(mu >= 0)) throw new DpauditError(`μ must be ≥ 0, got ${mu}`);
      return { method: `μ-GDP at μ = ${mu}: Φ(Φ⁻¹(FPR) + μ) (approximation)`, approximation: true, tprMax: (fpr) => tprMaxGdp(fpr, mu) };
    }
    case 'profile':
      return profileTradeoff(bound.profile, bound.epsilonGrid);
  }
}

/** TPR_max at log-spaced FPRs from `minFpr` to 1 (for the report's overlay curve). */
export function overlayCurve(t: Tradeoff, points = 60, minFpr = 1e-5): { fpr: number; tprMax: number }[] {
  const out: { fpr: number; tprMax: number }[] = [{ fpr: 0, tprMax: t.tprMax(0) }];
  const lo = Math.log(minFpr);
  for (let j = 0; j < points; j++) {
    const fpr = Math.exp(lo + (-lo * j) / (points - 1));
    out.push({ fpr, tprMax: t.tprMax(Math.min(1, fpr)) });
  }
  return out;
}

export interface ViolationCheck {
  violated: boolean;
  /** The threshold with the largest TPR_lb − TPR_max(FPR_ub) (over the bound when violated, else the closest). */
  worstPoint: { fpr: number; tpr: number; fprUb: number; tprLb: number; tprMax: number } | null;
  method: string;
  thresholdsTested: number;
}

/** Tolerance below which TPR_lb > TPR_max is treated as rounding, not a violation. */
export const VIOLATION_TOLERANCE = 1e-9;

/**
 * Violation check: does any tested threshold have TPR_lb > TPR_max(FPR_ub)? Thresholds are the distinct
 * values among the 100 quantiles of the pooled scores; each gets one-sided Clopper–Pearson bounds at
 * α/(2T) per side (Bonferroni), so a mechanism meeting its guarantee is flagged with probability ≤ α
 * (pairs treated as independent trials).
 */
export function violationCheck(
  sorted: SortedScores,
  tradeoff: Tradeoff,
  opts: { alpha?: number; delta?: number; family?: BonferroniFamily } = {},
): ViolationCheck {
  const alpha = opts.alpha ?? 0.05;
  if (sorted.nIn === 0 || sorted.nOut === 0)
    throw new DpauditError(`the violation check needs members and non-members (got ${sorted.nIn} and ${sorted.nOut})`);
  const fam = opts.family ?? bonferroniFamily(sorted, alpha, opts.delta ?? 0);
  let worst: ViolationCheck['worstPoint'] = null;
  let worstGap = -Infinity;
  for (const b of fam.bounds) {
    const tprMax = tradeoff.tprMax(b.fprUb);
    const gap = b.tprLb - tprMax;
    if (gap > worstGap) {
      worstGap = gap;
      worst = { fpr: b.fp / b.nOut, tpr: b.tp / b.nIn, fprUb: b.fprUb, tprLb: b.tprLb, tprMax };
    }
  }
  return {
    violated: worstGap > VIOLATION_TOLERANCE,
    worstPoint: worst,
    method: `TPR_lb > TPR_max(FPR_ub) at any of ${fam.thresholdsTested} quantile thresholds; one-sided Clopper–Pearson at α/(2T) = ${fam.sideAlpha.toPrecision(3)} per side (Bonferroni, α = ${alpha}, pairs treated as independent); theory: ${tradeoff.method}`,
    thresholdsTested: fam.thresholdsTested,
  };
}
