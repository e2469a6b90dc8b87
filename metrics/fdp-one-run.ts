import { DpauditError } from '../src/errors.js';
import type { PrivacyProfile } from '../src/privacy/types.js';
import { gdpEpsilon } from './gdp.js';
import { Phi, PhiInv } from '../src/math/normal.js';
import { defaultEpsilonGrid } from './overlay.js';

/**
 * f-DP one-run test (Mahloujifar, Melis, Chaudhuri, "Auditing f-Differential Privacy in One Run", ICML 2025;
 * docs/methods.md#f-dp-one-run). Same experiment as the Steinke–Nasr–Jagielski audit: m canaries, each IN with
 * probability ½, one training run, r guesses fixed in advance, v of them correct. Instead of an (ε, δ) pair the
 * guesses are tested against a whole tradeoff curve f, through its blow-up function B(x) = 1 − f(x) (the
 * largest TPR at FPR x) and its inverse B⁻¹. With τ = α·r/m, the recursion over the ordered correct guesses
 *   h_v = τ·(r − v)/r,  ρ_v = τ·v/r,
 *   h_i = max(h_{i+1}, B⁻¹(ρ_{i+1})),  ρ_i = ρ_{i+1} + i/(r − i) · (h_i − h_{i+1})   (i = v − 1, …, 0)
 * gives the smallest mass an f-DP mechanism needs to produce ≥ v correct guesses with probability ≥ α; the
 * curve is rejected at level α when ρ_0 + h_0 > r/m (the mass exceeds the r/m the guesses can carry).
 * Families: `gdp` (μ-GDP, B⁻¹(y) = Φ(Φ⁻¹(y) − μ)), `eps-delta` ((ε, δ)-DP at the accountant's δ), and the
 * accountant's own privacy profile (B = min over ε of the (ε, δ(ε)) blow-ups, so B⁻¹ = max of their inverses).
 * ε_lb of a family is the weakest curve of the family still rejected (bisection: rejection is monotone).
 */
export type BlowUpInverse = (y: number) => number;

function checkCounts(m: number, r: number, v: number): void {
  if (![m, r, v].every(Number.isInteger) || m < 1 || r < 0 || r > m || v < 0 || v > r) {
    throw new DpauditError(`f-DP one-run test needs integers 0 ≤ v ≤ r ≤ m, m ≥ 1 (got m = ${m}, r = ${r}, v = ${v})`);
  }
}

/** True when the tradeoff curve (given by B⁻¹) is rejected at level α by v correct out of r guesses on m canaries. */
export function fdpRejects(binv: BlowUpInverse, m: number, r: number, v: number, alpha = 0.05): boolean {
  checkCounts(m, r, v);
  if (!(alpha > 0 && alpha < 1)) throw new DpauditError(`α must be in (0, 1), got ${alpha}`);
  if (r === 0 || v === 0) return false;
  const tau = (alpha * r) / m;
  const cap = r / m;
  let h = (tau * (r - v)) / r;
  let rho = (tau * v) / r;
  for (let i = v - 1; i >= 0; i--) {
    const hi = Math.max(h, binv(rho));
    // Unchanged h leaves ρ unchanged too, so every later step repeats this one: (ρ, h) is final.
    if (hi === h) break;
    rho = rho + (i / (r - i)) * (hi - h);
    h = hi;
    // ρ and h never decrease along the recursion (nor does their rounded sum): rejected already.
    if (rho + h > cap) return true;
  }
  return rho + h > cap;
}

const clamp01 = (x: number) => (x < 0 ? 0 : x > 1 ? 1 : x);

export function gdpBlowUpInverse(mu: number): BlowUpInverse {
  return (y) => (y <= 0 ? 0 : y >= 1 ? 1 : Phi(PhiInv(y) - mu));
}

/** B⁻¹ of (ε, δ)-DP: max{(y − δ)e^−ε, 1 − δ − e^ε(1 − y)}, clamped to [0, 1]. */
export function epsDeltaBlowUpInverse(epsilon: number, delta: number): BlowUpInverse {
  const e = Math.exp(epsilon);
  return (y) => clamp01(Math.max((y - delta) / e, 1 - delta - e * (1 - y)));
}

/**
 * B⁻¹ of a privacy profile δ(ε), from δ evaluated once on an ε grid (a finite grid gives a weaker curve:
 * conservative), tabulated once on a log-spaced y grid (20 001 points on [1e-15, 1]) and read at the grid point
 * at or below y (B⁻¹ is non-decreasing, so this under-estimates it: conservative again, and O(1) per call).
 */
export function profileBlowUpInverse(profile: PrivacyProfile, grid?: Float64Array): BlowUpInverse {
  if (grid) return buildProfileBlowUpInverse(profile, grid);
  let f = memo.get(profile);
  if (!f) memo.set(profile, (f = buildProfileBlowUpInverse(profile, defaultEpsilonGrid())));
  return f;
}
const memo = new WeakMap<PrivacyProfile, BlowUpInverse>();

/**
 * B⁻¹ on the table's y grid (sorted ascending): clamp01 of the upper envelope of the 2G lines
 * a_k(y) = (y − δ_k)e^−ε_k and b_k(y) = 1 − δ_k − e^ε_k(1 − y) (docs/methods.md#f-dp-one-run). The lines are
 * sorted by slope, reduced to their upper hull, and the hull is swept along the sorted y: O(G log G + N)
 * instead of O(G·N). Each table value is the winning line evaluated by the same formula as above, so it
 * equals the direct max over all lines up to rounding in near-ties. Lines with δ_k = NaN or e^ε_k = ∞ never
 * exceed 0 in the direct max and are left out.
 */
export function blowUpInverseEnvelope(grid: ArrayLike<number>, delta: ArrayLike<number>, ys: ArrayLike<number>): Float64Array {
  const G = grid.length;
  const slope = new Float64Array(2 * G);
  const icept = new Float64Array(2 * G);
  const expE = new Float64Array(2 * G);
  const dk = new Float64Array(2 * G);
  const isA = new Uint8Array(2 * G);
  let L = 0;
  for (let k = 0; k < G; k++) {
    const e = Math.exp(grid[k]);
    const d = clamp01(delta[k]);
    if (Number.isNaN(d) || !(e < Infinity) || !(e > 0)) continue;
    // a_k: slope e^−ε, intercept −δ e^−ε; b_k: slope e^ε, intercept 1 − δ − e^ε.
    slope[L] = 1 / e;
    icept[L] = -d / e;
    expE[L] = e;
    dk[L] = d;
    isA[L++] = 1;
    slope[L] = e;
    icept[L] = 1 - d - e;
    expE[L] = e;
    dk[L] = d;
    isA[L++] = 0;
  }
  const out = new Float64Array(ys.length);
  if (L === 0) return out;
  const value = (l: number, y: number) => (isA[l] ? (y - dk[l]) / expE[l] : 1 - dk[l] - expE[l] * (1 - y));
  const order = Array.from({ length: L }, (_, l) => l).sort((x, y) => slope[x] - slope[y] || icept[y] - icept[x]);
  // Upper hull over all y: slopes increasing; of equal slopes the first (largest intercept) is kept; a line is
  // dropped when its two neighbours meet at or below its own crossing with the left one.
  const hull: number[] = [];
  for (const l of order) {
    if (hull.length > 0 && slope[hull[hull.length - 1]] === slope[l]) continue;
    while (hull.length >= 2) {
      const l1 = hull[hull.length - 2];
      const l2 = hull[hull.length - 1];
      // l2 is never above both when x(l1, l) ≤ x(l1, l2), x(a, b) = (c_a − c_b)/(s_b − s_a).
      if ((icept[l1] - icept[l]) / (slope[l] - slope[l1]) <= (icept[l1] - icept[l2]) / (slope[l2] - slope[l1])) hull.pop();
      else break;
    }
    hull.push(l);
  }
  // Sweep: along increasing y the winning hull line moves to larger slopes; compare values, not crossings.
  let p = 0;
  for (let i = 0; i < ys.length; i++) {
    const y = ys[i];
    let best = value(hull[p], y);
    while (p + 1 < hull.length) {
      const next = value(hull[p + 1], y);
      if (next < best) break;
      best = next;
      p++;
    }
    out[i] = clamp01(Math.max(best, 0));
  }
  return out;
}

function buildProfileBlowUpInverse(profile: PrivacyProfile, grid: Float64Array): BlowUpInverse {
  const d = Float64Array.from(grid, (x) => profile.delta(x));
  const N = 20001;
  const lmin = Math.log(1e-15);
  const du = -lmin / (N - 1);
  const ys = new Float64Array(N);
  for (let i = 0; i < N; i++) ys[i] = i === N - 1 ? 1 : Math.exp(lmin + i * du);
  const table = blowUpInverseEnvelope(grid, d, ys);
  return (y) => {
    if (!(y > 0)) return 0;
    if (y >= 1) return table[N - 1];
    const i = Math.floor((Math.log(y) - lmin) / du + 1e-9);
    return i < 0 ? 0 : table[Math.min(N - 1, i)];
  };
}

/** Largest parameter p in [0, hi] with `rejects(p)` (rejection is monotone decreasing in p); 0 when none. */
function weakestRejected(rejects: (p: number) => boolean, hiStart: number, cap: number): number {
  if (!rejects(0)) return 0;
  let lo = 0;
  let hi = hiStart;
  while (rejects(hi)) {
    lo = hi;
    hi *= 2;
    if (hi > cap) return lo;
  }
  for (let it = 0; it < 60 && hi - lo > 1e-6 * Math.max(1, hi); it++) {
    const mid = 0.5 * (lo + hi);
    if (rejects(mid)) lo = mid;
    else hi = mid;
  }
  return lo;
}

/** μ_lb: the largest μ whose μ-GDP curve is rejected. */
export function fdpMuLowerBound(m: number, r: number, v: number, alpha = 0.05): number {
  return weakestRejected((mu) => fdpRejects(gdpBlowUpInverse(mu), m, r, v, alpha), 1, 64);
}

/** ε_lb at δ: the largest ε whose (ε, δ)-DP curve is rejected (rigorous for (ε, δ)-DP training). */
export function fdpEpsDeltaLowerBound(m: number, r: number, v: number, delta: number, alpha = 0.05): number {
  if (!(delta >= 0 && delta < 1)) throw new DpauditError(`δ must be in [0, 1), got ${delta}`);
  return weakestRejected((e) => fdpRejects(epsDeltaBlowUpInverse(e, delta), m, r, v, alpha), 1, 1e3);
}

export const FDP_LABEL =
  'f-DP one run (Mahloujifar–Melis–Chaudhuri 2025): the (ε, δ) family and the accountant-curve test are valid for the claimed training, no independence assumption; the μ-GDP ε assumes the mechanism is μ-GDP';

export interface FdpOneRunResult {
  method: 'f-dp-one-run';
  label: string;
  alpha: number;
  m: number;
  r: number;
  v: number;
  delta: number;
  /** ε_lb from the (ε, δ)-DP family at the accountant's δ (rigorous) and its ceiling (v = r). */
  epsilonLb: number;
  ceiling: number;
  /** μ_lb of the μ-GDP family, its ε at δ (assumes μ-GDP) and the ceilings. */
  muLb: number;
  gdpEpsilonLb: number;
  muCeiling: number;
  gdpCeiling: number;
  /** Test of the accountant's own tradeoff curve: rejected = the training leaks more than its accounting allows. */
  claimedCurve: { method: string; rejected: boolean; rejectableAtCeiling: boolean } | null;
}

/** The f-DP test on the counts of a one-run audit; `profile` is the accountant's privacy profile of the arm. */
export function fdpOneRun(
  counts: { m: number; r: number; v: number },
  opts: { delta: number; alpha?: number; profile?: PrivacyProfile | null },
): FdpOneRunResult {
  const { m, r, v } = counts;
  const alpha = opts.alpha ?? 0.05;
  checkCounts(m, r, v);
  const muLb = fdpMuLowerBound(m, r, v, alpha);
  const muCeiling = fdpMuLowerBound(m, r, r, alpha);
  const toEps = (mu: number) => (opts.delta > 0 && mu > 0 ? gdpEpsilon(mu, opts.delta) : 0);
  let claimedCurve: FdpOneRunResult['claimedCurve'] = null;
  if (opts.profile) {
    const binv = profileBlowUpInverse(opts.profile);
    claimedCurve = {
      method: `accountant's privacy profile (${opts.profile.method})`,
      rejected: fdpRejects(binv, m, r, v, alpha),
      rejectableAtCeiling: fdpRejects(binv, m, r, r, alpha),
    };
  }
  return {
    method: 'f-dp-one-run',
    label: FDP_LABEL,
    alpha,
    m,
    r,
    v,
    delta: opts.delta,
    epsilonLb: fdpEpsDeltaLowerBound(m, r, v, opts.delta, alpha),
    ceiling: fdpEpsDeltaLowerBound(m, r, r, opts.delta, alpha),
    muLb,
    gdpEpsilonLb: toEps(muLb),
    muCeiling,
    gdpCeiling: toEps(muCeiling),
    claimedCurve,
  };
}
