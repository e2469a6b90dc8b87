import { DpauditError } from '../src/errors.js';
import { bonferroniFamily, type BonferroniFamily, type EpsilonBound, SortedScores } from './empirical-epsilon.js';
import { Phi, PhiInv } from '../src/math/normal.js';

/**
 * Gaussian differential privacy (Dong, Roth, Su 2019). A μ-GDP mechanism has the privacy profile
 * δ(ε) = Φ(−ε/μ + μ/2) − e^ε·Φ(−ε/μ − μ/2) (docs/methods.md#gdp). The empirical μ lower bound from an attack is
 * μ_lb = max_t [Φ⁻¹(1 − FPR_ub) − Φ⁻¹(FNR_ub)] with Bonferroni-corrected Clopper–Pearson bounds; it bounds
 * ε from below only if the mechanism is assumed μ-GDP, so it stays out of violation and gate checks.
 */
export const GDP_LABEL = 'assumes μ-GDP (not a valid lower bound otherwise); excluded from violation and gate checks';

/** δ(ε) of μ-GDP. */
export function gdpDelta(epsilon: number, mu: number): number {
  if (!(mu >= 0)) throw new DpauditError(`μ must be ≥ 0, got ${mu}`);
  if (mu === 0) return 0;
  if (mu === Infinity) return 1;
  const a = Phi(-epsilon / mu + mu / 2);
  const p = Phi(-epsilon / mu - mu / 2);
  const b = p === 0 ? 0 : Math.exp(epsilon + Math.log(p));
  return Math.max(0, a - b);
}

/** The smallest ε with δ(ε) ≤ delta under μ-GDP (bisection; δ(ε) decreases in ε). */
export function gdpEpsilon(mu: number, delta: number): number {
  if (!(delta > 0 && delta < 1)) throw new DpauditError(`δ must be in (0, 1) to convert μ-GDP to ε, got ${delta}`);
  if (!(mu >= 0) || mu === Infinity) throw new DpauditError(`μ must be finite and ≥ 0, got ${mu}`);
  if (gdpDelta(0, mu) <= delta) return 0;
  let lo = 0;
  let hi = 1;
  while (gdpDelta(hi, mu) > delta) {
    lo = hi;
    hi *= 2;
    if (hi > 1e6) throw new DpauditError(`cannot convert μ = ${mu} to ε at δ = ${delta}`);
  }
  for (let it = 0; it < 200 && hi - lo > 1e-12 * Math.max(1, hi); it++) {
    const mid = 0.5 * (lo + hi);
    if (gdpDelta(mid, mu) > delta) lo = mid;
    else hi = mid;
  }
  return hi;
}

/** μ implied by a pair of (upper-bounded) error rates: Φ⁻¹(1 − FPR) − Φ⁻¹(FNR). */
export function muFromRates(fprUb: number, fnrUb: number): number {
  return PhiInv(1 - fprUb) - PhiInv(fnrUb);
}

/** The GDP bound: μ_lb over the Bonferroni family of quantile thresholds, converted to ε at δ. */
export function gdpEpsilonBound(sorted: SortedScores, opts: { alpha?: number; delta: number; family?: BonferroniFamily }): EpsilonBound {
  const alpha = opts.alpha ?? 0.05;
  if (sorted.nIn === 0 || sorted.nOut === 0)
    throw new DpauditError(`the GDP bound needs members and non-members (got ${sorted.nIn} and ${sorted.nOut})`);
  const fam = opts.family ?? bonferroniFamily(sorted, alpha, opts.delta);
  let mu = 0;
  for (const b of fam.bounds) {
    const m = muFromRates(b.fprUb, b.fnrUb);
    if (m > mu) mu = m;
  }
  const eps = opts.delta > 0 ? gdpEpsilon(mu, opts.delta) : null;
  return {
    method: 'gdp',
    epsilonLb: eps,
    label: GDP_LABEL,
    alpha,
    details: {
      muLb: mu,
      delta: opts.delta,
      nIn: sorted.nIn,
      nOut: sorted.nOut,
      thresholdsTested: fam.thresholdsTested,
      perSideAlpha: fam.sideAlpha,
      conversion: 'δ(ε) = Φ(−ε/μ + μ/2) − e^ε Φ(−ε/μ − μ/2), solved for ε by bisection',
    },
  };
}
