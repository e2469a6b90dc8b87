import { DpauditError } from '../errors.js';
import { epsilonFor } from './registry.js';
import type { AccountantName, EpsilonResult } from './types.js';
import { checkDelta, checkSampleRate, checkSteps, checkTargetEpsilon } from './validate.js';

/**
 * σ calibration (docs/methods.md#calibration): the smallest noise multiplier whose ε (by the chosen accountant) is at
 * most the target, found by bracketing and safeguarded regula falsi (Illinois) on log σ; the answer
 * is accepted when target·(1 − tolerance) ≤ ε ≤ target. PRV calibration is bracketed with the RDP
 * answer first: RDP ε ≥ PRV ε, so the RDP σ already meets the target under PRV.
 */
export interface CalibrationQuery {
  targetEpsilon: number;
  delta: number;
  sampleRate: number;
  steps: number;
  accountant: AccountantName;
  /** Relative tolerance below the target (default 0.005: the achieved ε is within 0.5 % under it). */
  tolerance?: number;
}

export interface CalibrationResult {
  noiseMultiplier: number;
  /** Achieved ε (≤ target) by `accountant`. */
  epsilon: number;
  delta: number;
  accountant: AccountantName;
  targetEpsilon: number;
  sampleRate: number;
  steps: number;
  /** ε by RDP at the returned σ (reported beside PRV). */
  rdpEpsilon: number;
  rdpOrder: number | null;
  /** PRV: the discretisation error included in `epsilon`. */
  error?: number;
  /** ε evaluations by `accountant` (RDP's included for RDP only). */
  evaluations: number;
}

const SIGMA_MIN = 1e-2;
const SIGMA_MAX = 1e4;

interface Point {
  sigma: number;
  eps: number;
  result: EpsilonResult;
}

export function calibrateNoise(query: CalibrationQuery): CalibrationResult {
  const { targetEpsilon: target, delta, sampleRate, steps, accountant } = query;
  checkTargetEpsilon(target);
  checkDelta(delta);
  checkSampleRate(sampleRate);
  checkSteps(steps);
  const tol = query.tolerance ?? 0.005;
  if (!(tol > 0 && tol < 0.5)) throw new DpauditError(`calibration tolerance must be in (0, 0.5), got ${tol}`);
  const evaluator = (acc: AccountantName) => {
    let count = 0;
    const f = (sigma: number): Point => {
      count++;
      const result = epsilonFor({ noiseMultiplier: sigma, sampleRate, steps, delta, accountant: acc });
      return { sigma, eps: result.epsilon, result };
    };
    return { f, count: () => count };
  };

  // 1. RDP: bracket by doubling/halving from σ = 1, then solve.
  const rdp = evaluator('rdp');
  const rdpBracket = bracketByScaling(rdp.f, target);
  let rdpPoint: Point | null = null;
  let slope = -1;
  if (rdpBracket.hi) {
    if (!rdpBracket.lo)
      throw new DpauditError(`target ε = ${target} is already met at σ = ${SIGMA_MIN} (RDP); the calibration range is σ ≥ ${SIGMA_MIN}`, {
        location: { option: 'target-epsilon' },
      });
    const solved = solve(rdp.f, target, tol, rdpBracket.lo, rdpBracket.hi, -1);
    rdpPoint = solved.point;
    slope = solved.slope;
  } else if (accountant === 'rdp') {
    throw new DpauditError(
      `target ε = ${target} is below what RDP certifies at δ = ${delta} for any σ ≤ ${SIGMA_MAX} (ε = ${fmt(rdpBracket.lo?.eps ?? NaN)} at σ = ${SIGMA_MAX})`,
      { location: { option: 'target-epsilon' } },
    );
  }

  let point: Point;
  let evaluations: number;
  if (accountant === 'rdp') {
    point = rdpPoint as Point;
    evaluations = rdp.count();
  } else {
    // 2. PRV, starting from the RDP answer (an upper end of the bracket).
    const prv = evaluator(accountant);
    const start = prv.f(rdpPoint ? rdpPoint.sigma : SIGMA_MAX);
    if (start.eps > target) {
      throw new DpauditError(
        `target ε = ${target} is below what the ${accountant} accountant certifies at δ = ${delta} (ε = ${fmt(start.eps)} at σ = ${fmt(start.sigma)})`,
        {
          location: { option: 'target-epsilon' },
        },
      );
    }
    point = solve(prv.f, target, tol, null, start, slope).point;
    evaluations = prv.count();
  }
  const rdpAt =
    point.result.accountant === 'rdp'
      ? point.result
      : epsilonFor({ noiseMultiplier: point.sigma, sampleRate, steps, delta, accountant: 'rdp' });
  const out: CalibrationResult = {
    noiseMultiplier: point.sigma,
    epsilon: point.eps,
    delta,
    accountant,
    targetEpsilon: target,
    sampleRate,
    steps,
    rdpEpsilon: rdpAt.epsilon,
    rdpOrder: rdpAt.order ?? null,
    evaluations,
  };
  if (point.result.error !== undefined) out.error = point.result.error;
  return out;
}

/** Find σ_hi with ε ≤ target and σ_lo with ε > target by doubling/halving from σ = 1 within [SIGMA_MIN, SIGMA_MAX]. */
function bracketByScaling(f: (s: number) => Point, target: number): { lo: Point | null; hi: Point | null } {
  let p = f(1);
  if (p.eps > target) {
    let lo = p;
    while (lo.sigma < SIGMA_MAX) {
      p = f(Math.min(SIGMA_MAX, lo.sigma * 2));
      if (p.eps <= target) return { lo, hi: p };
      lo = p;
    }
    return { lo, hi: null };
  }
  let hi = p;
  while (hi.sigma > SIGMA_MIN) {
    p = f(Math.max(SIGMA_MIN, hi.sigma / 2));
    if (p.eps > target) return { lo: p, hi };
    hi = p;
  }
  return { lo: null, hi };
}

/**
 * Safeguarded regula falsi (Illinois) on x = log σ, y = log ε − log(target·(1 − tol/2)), between an
 * infeasible point `lo` (ε > target; found by extrapolation with `slope` = d log ε / d log σ when null)
 * and a feasible `hi` (ε ≤ target). Returns the first point inside the acceptance band, or the best
 * feasible point when the bracket collapses. Also returns the local log-log slope.
 */
function solve(
  f: (s: number) => Point,
  target: number,
  tol: number,
  lo0: Point | null,
  hi0: Point,
  slope0: number,
): { point: Point; slope: number } {
  const aim = Math.log(target * (1 - tol / 2));
  const ok = (p: Point) => p.eps <= target && p.eps >= target * (1 - tol);
  const y = (p: Point) => Math.log(p.eps) - aim;
  let hi = hi0;
  let lo = lo0;
  let slope = slope0 < 0 && Number.isFinite(slope0) ? slope0 : -1;
  if (ok(hi)) return { point: hi, slope };
  // Extrapolate (log-log linear) until the target is bracketed.
  for (let i = 0; lo === null && i < 40; i++) {
    if (hi.sigma <= SIGMA_MIN) break;
    const x = Math.log(hi.sigma) + (aim - Math.log(hi.eps)) / slope;
    const p = f(Math.max(SIGMA_MIN, Math.min(Math.exp(x), hi.sigma * 0.999)));
    if (ok(p)) return { point: p, slope };
    if (p.eps > target) lo = p;
    else {
      hi = p;
      slope /= 2; // the guess fell short (ε flatter than assumed): step further next time
    }
  }
  if (lo === null) return { point: hi, slope };
  let yLo = y(lo);
  let yHi = y(hi);
  let side = 0;
  for (let i = 0; i < 100; i++) {
    const xLo = Math.log(lo.sigma);
    const xHi = Math.log(hi.sigma);
    if (xHi - xLo < 1e-12) break;
    let x = Number.isFinite(yLo) && Number.isFinite(yHi) && yLo !== yHi ? xHi - (yHi * (xHi - xLo)) / (yHi - yLo) : NaN;
    if (!(x > xLo + 1e-3 * (xHi - xLo) && x < xHi - 1e-3 * (xHi - xLo))) x = 0.5 * (xLo + xHi);
    const p = f(Math.exp(x));
    if (Number.isFinite(p.eps) && p.eps > 0 && Number.isFinite(lo.eps)) slope = (Math.log(p.eps) - Math.log(lo.eps)) / (x - xLo) || slope;
    if (ok(p)) return { point: p, slope };
    if (p.eps > target) {
      lo = p;
      yLo = y(p);
      if (side === -1) yHi /= 2; // Illinois: the same end moved twice
      side = -1;
    } else {
      hi = p;
      yHi = y(p);
      if (side === 1) yLo /= 2;
      side = 1;
    }
  }
  return { point: hi, slope };
}

function fmt(x: number): string {
  return Number.isFinite(x) ? x.toPrecision(4) : String(x);
}

/**
 * Warn when δ ≥ 1/N: a mechanism that publishes one random record in full is (0, 1/N)-DP, so such a δ
 * permits leaking whole records. Returns the warning text, or null when δ < 1/N.
 */
export function deltaWarning(delta: number, n: number): string | null {
  if (!(n > 0)) return null;
  if (delta < 1 / n) return null;
  return `δ = ${delta} is not below 1/N = ${(1 / n).toPrecision(3)} (N = ${n} training rows): a mechanism that releases one random record in full meets such a δ; choose δ < 1/N (e.g. ${(0.1 / n).toPrecision(2)})`;
}
