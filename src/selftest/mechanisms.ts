import type { Rng } from '../random/rng.js';

/**
 * Mechanisms with known privacy for the auditor self-test. Each produces one membership score per
 * trial of the mechanism, for a record IN (member) or OUT.
 * - Gaussian mechanism at μ: OUT → N(0, 1), IN → N(μ, 1) (sensitivity 1, noise σ = 1/μ, rescaled): exactly μ-GDP.
 * - Randomized response at ε: the released bit equals the record's bit (IN = 1, OUT = 0) with probability
 *   e^ε/(1 + e^ε), else flipped; the score is the released bit: exactly (ε, 0)-DP.
 * - Broken Gaussian: claims μ but adds 4× less noise than claimed, i.e. is really (4μ)-GDP.
 */
export type Mechanism = { kind: 'gaussian'; mu: number } | { kind: 'randomized-response'; epsilon: number };

export function sampleScore(mech: Mechanism, member: boolean, rng: Rng): number {
  if (mech.kind === 'gaussian') return rng.normal() + (member ? mech.mu : 0);
  const keep = rng.bernoulli(1 / (1 + Math.exp(-mech.epsilon)));
  const bit = member ? 1 : 0;
  return keep ? bit : 1 - bit;
}

/** n IN and n OUT scores (interleaved: even index OUT, odd IN). */
export function sampleAudit(mech: Mechanism, nPerSide: number, rng: Rng): { scores: Float64Array; isMember: Uint8Array } {
  const scores = new Float64Array(2 * nPerSide);
  const isMember = new Uint8Array(2 * nPerSide);
  for (let k = 0; k < 2 * nPerSide; k++) {
    isMember[k] = k % 2;
    scores[k] = sampleScore(mech, k % 2 === 1, rng);
  }
  return { scores, isMember };
}

/** One-run audit: m canaries, each included with probability ½, scored once by the mechanism. */
export function sampleCanaries(mech: Mechanism, m: number, rng: Rng): { scores: Float64Array; included: Uint8Array } {
  const scores = new Float64Array(m);
  const included = new Uint8Array(m);
  for (let j = 0; j < m; j++) {
    included[j] = rng.bernoulli(0.5) ? 1 : 0;
    scores[j] = sampleScore(mech, included[j] === 1, rng);
  }
  return { scores, included };
}
