import { DpauditError } from '../src/errors.js';
import type { EpsilonBound } from './empirical-epsilon.js';

/**
 * One-run privacy audit (Steinke, Nasr, Jagielski 2023; docs/methods.md#one-run-audit). m canaries, each included with
 * probability ½, one training run. The auditor guesses IN for the k⁺ highest scores and OUT for the k⁻
 * lowest (k⁺, k⁻ fixed before looking at the scores): r = k⁺ + k⁻ guesses, v of them correct. With
 * q_ε = e^ε/(1 + e^ε) and f(u) = P[Binomial(r, q_ε) ≥ u]:
 *   p(ε) = min{1, f(v) + 2mδ · max_{i=1..v} (f(v − i) − f(v))/i},
 * and ε_lb = sup{ε : p(ε) < α} (α = 0.05; p grows with ε, so a bracketing root search). No independence
 * assumption across canaries is needed: this is the rigorous bound.
 */
export const ONE_RUN_LABEL = 'one run (Steinke–Nasr–Jagielski 2023): valid for (ε, δ)-DP training, no independence assumption';

function checkCounts(m: number, r: number, v: number, delta: number): void {
  if (![m, r, v].every(Number.isInteger) || m < 1 || r < 0 || r > m || v < 0 || v > r) {
    throw new DpauditError(`one-run audit needs integers 0 ≤ v ≤ r ≤ m, m ≥ 1 (got m = ${m}, r = ${r}, v = ${v})`);
  }
  if (!(delta >= 0 && delta < 1)) throw new DpauditError(`δ must be in [0, 1), got ${delta}`);
}

/** Scratch for the pmf (grown on demand; every caller is synchronous). */
let scratch = new Float64Array(1024);

/**
 * Binomial(r, q_ε) pmf up to a common factor, in scratch[0..r] (docs/methods.md#one-run-audit): 1 at the mode
 * ⌊(r + 1)q⌋, then the ratio recurrence pmf(j + 1)/pmf(j) = (r − j)/(j + 1) · e^ε outward in both directions
 * (q/(1 − q) = e^ε exactly, so q is never rounded to 1). Every term is ≤ about 1 and positive, so sums of them
 * lose no precision to cancellation; the terms are exact in relative terms (≈ r rounding errors) until they
 * underflow below 1e-308 of the mode. Returns the sum of all terms (the normaliser, in [1, r + 1]).
 */
function binomialPmfScaled(r: number, epsilon: number): number {
  if (scratch.length < r + 1) scratch = new Float64Array(Math.max(r + 1, 2 * scratch.length));
  const u = scratch;
  const up = Math.exp(epsilon);
  const down = Math.exp(-epsilon);
  const q = epsilon >= 0 ? 1 / (1 + down) : up / (1 + up);
  const mode = Math.min(r, Math.floor((r + 1) * q));
  u[mode] = 1;
  let x = 1;
  for (let j = mode; j < r; j++) {
    x *= ((r - j) / (j + 1)) * up;
    u[j + 1] = x;
  }
  x = 1;
  for (let j = mode; j > 0; j--) {
    x *= (j / (r - j + 1)) * down;
    u[j - 1] = x;
  }
  // Sum from both ends towards the mode (small terms first).
  let total = 0;
  for (let j = 0; j < mode; j++) total += u[j];
  let top = 0;
  for (let j = r; j >= mode; j--) top += u[j];
  return total + top;
}

/**
 * p(ε) for several counts v at one (ε, m, r, δ), from one pmf (O(r + Σ v)). Tails and the differences
 * f(v − i) − f(v) = Σ_{j=v−i}^{v−1} pmf(j) are cumulative sums of positive terms: accurate in relative terms
 * however small (no 1 − cdf).
 */
function pValuesAt(epsilon: number, m: number, r: number, vs: readonly number[], delta: number): number[] {
  if (r === 0) return vs.map(() => 1);
  if (Number.isNaN(epsilon)) return vs.map(() => Number.NaN);
  const total = binomialPmfScaled(r, epsilon);
  const u = scratch;
  return vs.map((v) => {
    if (v === 0) return 1;
    let fv = 0;
    for (let j = r; j >= v; j--) fv += u[j];
    let worst = 0;
    if (delta > 0) {
      let d = 0;
      for (let i = 1; i <= v; i++) {
        d += u[v - i];
        const w = d / i;
        if (w > worst) worst = w;
      }
    }
    return Math.min(1, fv / total + 2 * m * delta * (worst / total));
  });
}

/** p(ε): the probability of at least v correct guesses out of r under (ε, δ)-DP. */
export function oneRunPValue(epsilon: number, m: number, r: number, v: number, delta: number): number {
  checkCounts(m, r, v, delta);
  return pValuesAt(epsilon, m, r, [v], delta)[0];
}

/** p(ε) at one ε for several counts v (same m, r, δ), sharing the pmf: [oneRunPValue(ε, m, r, v, δ) for v of vs]. */
export function oneRunPValues(epsilon: number, m: number, r: number, vs: readonly number[], delta: number): number[] {
  for (const v of vs) checkCounts(m, r, v, delta);
  return pValuesAt(epsilon, m, r, vs, delta);
}

/** Bracket width of ε_lb: the returned ε has p(ε) < α and lies within this of the crossing. */
const EPS_TOL = 1e-10;

/**
 * ε_lb = sup{ε ≥ 0 : p(ε) < α}; 0 when even ε = 0 is not rejected. The crossing is bracketed by doubling
 * (ε = 1, 2, 4, …; capped at 1e4), then narrowed to width 1e-10 by the ITP method (Oliveira & Takahashi
 * 2020: regula falsi on log p, truncated and projected so that it never needs more steps than bisection)
 * on the bracket lo < hi with p(lo) < α ≤ p(hi); lo is returned. Results are memoised (pure function).
 */
export function oneRunEpsilon(m: number, r: number, v: number, delta: number, alpha = 0.05): number {
  if (!(alpha > 0 && alpha < 1)) throw new DpauditError(`α must be in (0, 1), got ${alpha}`);
  checkCounts(m, r, v, delta);
  const key = `${m},${r},${v},${delta},${alpha}`;
  const hit = epsMemo.get(key);
  if (hit !== undefined) return hit;
  const e = solveEpsilon(m, r, v, delta, alpha);
  if (epsMemo.size >= 512) epsMemo.clear();
  epsMemo.set(key, e);
  return e;
}
const epsMemo = new Map<string, number>();

function solveEpsilon(m: number, r: number, v: number, delta: number, alpha: number): number {
  const p = (e: number) => pValuesAt(e, m, r, [v], delta)[0];
  const p0 = p(0);
  if (!(p0 < alpha)) return 0;
  const logAlpha = Math.log(alpha);
  let lo = 0;
  let glo = Math.log(p0) - logAlpha;
  let hi = 1;
  let phi = p(hi);
  while (phi < alpha) {
    lo = hi;
    glo = Math.log(phi) - logAlpha;
    hi *= 2;
    if (hi > 1e4) return lo;
    phi = p(hi);
  }
  let ghi = Math.log(phi) - logAlpha;
  // ITP (κ₁ = 0.2/(b − a), κ₂ = 2, n₀ = 1): at most ⌈log₂((b − a)/tol)⌉ + 1 steps, superlinear on smooth log p.
  const tol = EPS_TOL / 2;
  const width0 = hi - lo;
  const nMax = Math.max(0, Math.ceil(Math.log2(width0 / (2 * tol)))) + 1;
  const k1 = 0.2 / width0;
  for (let j = 0; hi - lo > 2 * tol && j < 200; j++) {
    const mid = 0.5 * (lo + hi);
    const w = hi - lo;
    let x = mid;
    if (Number.isFinite(glo) && Number.isFinite(ghi) && ghi > glo) {
      const xf = (ghi * lo - glo * hi) / (ghi - glo);
      const sigma = Math.sign(mid - xf);
      const d = k1 * w * w;
      const xt = d <= Math.abs(mid - xf) ? xf + sigma * d : mid;
      const radius = Math.max(0, tol * 2 ** (nMax - j) - w / 2);
      x = Math.abs(xt - mid) <= radius ? xt : mid - sigma * radius;
    }
    if (!(x > lo && x < hi)) x = mid;
    const px = p(x);
    if (px < alpha) {
      lo = x;
      glo = Math.log(px) - logAlpha;
    } else {
      hi = x;
      ghi = Math.log(px) - logAlpha;
    }
  }
  return lo;
}

export interface OneRunGuesses {
  kPlus: number;
  kMinus: number;
}

/** Default guesses fixed in advance: k⁺ = k⁻ = max(1, round(m / 20)) (10 % of the canaries guessed). */
export function defaultOneRunGuesses(m: number): OneRunGuesses {
  const k = Math.max(1, Math.round(m / 20));
  return { kPlus: Math.min(k, m), kMinus: Math.min(k, Math.max(0, m - k)) };
}

export interface OneRunResult extends EpsilonBound {
  /** Correct guesses v, guesses r, canaries m. */
  v: number;
  r: number;
  m: number;
  /** ε_lb a perfect attack (v = r) reaches with the same m, r, δ, α. */
  ceiling: number;
}

/**
 * The value of rank k (0-based, ascending) of a, by quickselect with a three-way partition (ties and ±0 are
 * equal, as under <), median-of-three pivots, and a full sort of the remaining range after 64 rounds (so
 * never worse than O(m log m)). Permutes a.
 */
function kthSmallest(a: Float64Array, k: number): number {
  let lo = 0;
  let hi = a.length - 1;
  for (let round = 0; lo < hi; round++) {
    if (round === 64) {
      const part = a.subarray(lo, hi + 1).sort();
      return part[k - lo];
    }
    const x = a[lo];
    const y = a[(lo + hi) >>> 1];
    const z = a[hi];
    const pivot = Math.max(Math.min(x, y), Math.min(Math.max(x, y), z)); // median of the three
    // a[lo..lt) < pivot, a[lt..i) = pivot, a(gt..hi] > pivot.
    let lt = lo;
    let gt = hi;
    let i = lo;
    while (i <= gt) {
      const w = a[i];
      if (w < pivot) {
        a[i++] = a[lt];
        a[lt++] = w;
      } else if (w > pivot) {
        a[i] = a[gt];
        a[gt--] = w;
      } else i++;
    }
    if (k < lt) hi = lt - 1;
    else if (k > gt) lo = gt + 1;
    else return pivot;
  }
  return a[k];
}

/**
 * Correct guesses when the canaries are ordered by score, highest first, ties by canary index, and the first
 * k⁺ are guessed IN, the last k⁻ OUT. Without sorting: the k⁺-th largest score t⁺ (by selection) splits
 * the canaries into those above t⁺ (all guessed) and those equal to it, of which the smallest indices fill
 * the k⁺; likewise the k⁻-th smallest t⁻ and the largest indices of its ties.
 */
function correctGuesses(scores: Float64Array, included: ArrayLike<number>, kPlus: number, kMinus: number): number {
  const m = scores.length;
  const work = scores.slice();
  let v = 0;
  if (kPlus > 0) {
    const t = kthSmallest(work, m - kPlus);
    let ties = kPlus;
    for (let i = 0; i < m; i++) if (scores[i] > t) ties--;
    for (let i = 0; i < m; i++) {
      const x = scores[i];
      if (x > t || (x === t && ties-- > 0)) v += included[i] === 1 ? 1 : 0;
    }
  }
  if (kMinus > 0) {
    const t = kthSmallest(work, kMinus - 1);
    let ties = kMinus;
    for (let i = 0; i < m; i++) if (scores[i] < t) ties--;
    for (let i = m - 1; i >= 0; i--) {
      const x = scores[i];
      if (x < t || (x === t && ties-- > 0)) v += included[i] !== 1 ? 1 : 0;
    }
  }
  return v;
}

/**
 * Run the audit on canary scores (higher = IN) and true inclusion. Ties in score are broken by canary
 * index (inclusion is independent of the index, so this does not bias the guesses).
 */
export function oneRunAudit(
  scores: ArrayLike<number>,
  included: ArrayLike<number>,
  opts: { kPlus?: number; kMinus?: number; delta: number; alpha?: number },
): OneRunResult {
  const m = scores.length;
  if (m === 0) throw new DpauditError('one-run audit needs at least one canary');
  if (included.length !== m) throw new DpauditError(`canary scores (${m}) and inclusion (${included.length}) differ in length`);
  const def = defaultOneRunGuesses(m);
  const kPlus = opts.kPlus ?? def.kPlus;
  const kMinus = opts.kMinus ?? def.kMinus;
  const alpha = opts.alpha ?? 0.05;
  if (!Number.isInteger(kPlus) || !Number.isInteger(kMinus) || kPlus < 0 || kMinus < 0 || kPlus + kMinus > m) {
    throw new DpauditError(`one-run audit needs integers k⁺, k⁻ ≥ 0 with k⁺ + k⁻ ≤ m = ${m} (got ${kPlus}, ${kMinus})`);
  }
  // One typed copy: the scans below then read a Float64Array whatever array type the caller passed.
  const s = Float64Array.from(scores);
  for (let i = 0; i < m; i++) if (Number.isNaN(s[i])) throw new DpauditError(`canary score ${i} is NaN`);
  const v = correctGuesses(s, included, kPlus, kMinus);
  const r = kPlus + kMinus;
  const eps = oneRunEpsilon(m, r, v, opts.delta, alpha);
  const ceiling = oneRunEpsilon(m, r, r, opts.delta, alpha);
  return {
    method: 'one-run',
    epsilonLb: eps,
    label: ONE_RUN_LABEL,
    alpha,
    v,
    r,
    m,
    ceiling,
    details: {
      m,
      kPlus,
      kMinus,
      r,
      v,
      delta: opts.delta,
      ceiling,
      guesses: 'IN for the k⁺ highest scores, OUT for the k⁻ lowest (fixed in advance); ties by canary index',
    },
  };
}
