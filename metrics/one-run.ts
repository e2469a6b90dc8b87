import binomialCdf from '@stdlib/stats-base-dists-binomial-cdf';
import { DpauditError } from '../src/errors.js';
import type { EpsilonBound } from './empirical-epsilon.js';

/**
 * One-run privacy audit (Steinke, Nasr, Jagielski 2023; docs/methods.md#one-run-audit). m canaries, each included with
 * probability ½, one training run. The auditor guesses IN for the k⁺ highest scores and OUT for the k⁻
 * lowest (k⁺, k⁻ fixed before looking at the scores): r = k⁺ + k⁻ guesses, v of them correct. With
 * q_ε = e^ε/(1 + e^ε) and f(u) = P[Binomial(r, q_ε) ≥ u]:
 *   p(ε) = min{1, f(v) + 2mδ · max_{i=1..v} (f(v − i) − f(v))/i},
 * and ε_lb = sup{ε : p(ε) < α} (α = 0.05; p grows with ε, so bisection). No independence assumption
 * across canaries is needed: this is the rigorous bound.
 */
export const ONE_RUN_LABEL = 'one run (Steinke–Nasr–Jagielski 2023): valid for (ε, δ)-DP training, no independence assumption';

/** P[Binomial(r, q) ≥ u]. */
function tail(u: number, r: number, q: number): number {
  if (u <= 0) return 1;
  if (u > r) return 0;
  return 1 - binomialCdf(u - 1, r, q);
}

function checkCounts(m: number, r: number, v: number, delta: number): void {
  if (![m, r, v].every(Number.isInteger) || m < 1 || r < 0 || r > m || v < 0 || v > r) {
    throw new DpauditError(`one-run audit needs integers 0 ≤ v ≤ r ≤ m, m ≥ 1 (got m = ${m}, r = ${r}, v = ${v})`);
  }
  if (!(delta >= 0 && delta < 1)) throw new DpauditError(`δ must be in [0, 1), got ${delta}`);
}

/** p(ε): the probability of at least v correct guesses out of r under (ε, δ)-DP. */
export function oneRunPValue(epsilon: number, m: number, r: number, v: number, delta: number): number {
  checkCounts(m, r, v, delta);
  if (r === 0) return 1;
  const q = 1 / (1 + Math.exp(-epsilon));
  const fv = tail(v, r, q);
  let worst = 0;
  if (delta > 0) {
    // f(v − i) − f(v) = P[v − i ≤ B ≤ v − 1] = cdf(v − 1) − cdf(v − i − 1).
    const cdfTop = binomialCdf(v - 1, r, q);
    for (let i = 1; i <= v; i++) {
      const lower = v - i - 1 < 0 ? 0 : binomialCdf(v - i - 1, r, q);
      const d = (cdfTop - lower) / i;
      if (d > worst) worst = d;
    }
  }
  return Math.min(1, fv + 2 * m * delta * worst);
}

/** ε_lb = sup{ε ≥ 0 : p(ε) < α}; 0 when even ε = 0 is not rejected. */
export function oneRunEpsilon(m: number, r: number, v: number, delta: number, alpha = 0.05): number {
  if (!(alpha > 0 && alpha < 1)) throw new DpauditError(`α must be in (0, 1), got ${alpha}`);
  if (oneRunPValue(0, m, r, v, delta) >= alpha) return 0;
  let lo = 0;
  let hi = 1;
  while (oneRunPValue(hi, m, r, v, delta) < alpha) {
    lo = hi;
    hi *= 2;
    if (hi > 1e4) return lo;
  }
  for (let it = 0; it < 100 && hi - lo > 1e-10; it++) {
    const mid = 0.5 * (lo + hi);
    if (oneRunPValue(mid, m, r, v, delta) < alpha) lo = mid;
    else hi = mid;
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
  const order = Int32Array.from({ length: m }, (_, i) => i);
  for (let i = 0; i < m; i++) if (Number.isNaN(scores[i])) throw new DpauditError(`canary score ${i} is NaN`);
  order.sort((a, b) => scores[b] - scores[a] || a - b);
  let v = 0;
  for (let k = 0; k < kPlus; k++) if (included[order[k]] === 1) v++;
  for (let k = m - kMinus; k < m; k++) if (included[order[k]] !== 1) v++;
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
