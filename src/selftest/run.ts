import { bonferroniFamily, cpEpsilonBonferroniSorted, cpEpsilonSplit, SortedScores } from '../../metrics/empirical-epsilon.js';
import { gdpDelta, gdpEpsilon, gdpEpsilonBound } from '../../metrics/gdp.js';
import { defaultOneRunGuesses, oneRunAudit } from '../../metrics/one-run.js';
import { profileTradeoff, tradeoffFrom, type Tradeoff, violationCheck } from '../../metrics/overlay.js';
import { DpauditError } from '../errors.js';
import { Rng } from '../random/rng.js';
import { binomialUpperPValue } from './binomial-test.js';
import { type Mechanism, sampleAudit, sampleCanaries } from './mechanisms.js';

/**
 * Auditor self-test (docs/methods.md#selftest): run the attack-metric auditors on mechanisms with known privacy.
 * On the correct mechanisms every claim that the mechanism leaks more than it does (a violation, or a
 * rigorous ε lower bound above the true ε) is an error of the auditor; its rate over seeded trials must
 * not be significantly above α (one-sided exact binomial test at level 0.01). The broken mechanism
 * (noise 4× smaller than claimed) must be flagged by the violation check in every trial. Tightness
 * = ε_lb / true ε is reported for the split Clopper–Pearson bound and the one-run bound.
 */
export interface SelftestOptions {
  trials: number;
  seed: number;
  /** Members and non-members per trial (default 5000 each). */
  perSide?: number;
  /** Canaries per one-run audit (default 1000). */
  canaries?: number;
  alpha?: number;
}

export interface RateCheck {
  what: string;
  events: number;
  trials: number;
  rate: number;
  /** P[Binomial(trials, α) ≥ events]. */
  pValue: number;
  pass: boolean;
}

export interface Stats {
  mean: number;
  min: number;
  max: number;
}

export interface MechanismReport {
  name: string;
  description: string;
  claim: string;
  /** True ε at `delta` (the mechanism's exact privacy). */
  trueEpsilon: number;
  /** ε the mechanism claims at `delta` (differs from trueEpsilon only for the broken mechanism). */
  claimedEpsilon: number;
  delta: number;
  correct: boolean;
  checks: RateCheck[];
  /** Broken mechanism: fraction of trials flagged by the violation check. */
  flagged: { events: number; trials: number; rate: number; pass: boolean } | null;
  bounds: Record<string, Stats>;
  tightness: Record<string, Stats>;
  pass: boolean;
}

export interface SelftestReport {
  title: string;
  seed: number;
  trials: number;
  perSide: number;
  canaries: number;
  oneRunGuesses: { kPlus: number; kMinus: number };
  alpha: number;
  testLevel: number;
  mechanisms: MechanismReport[];
  pass: boolean;
  seconds: number;
  notes: string[];
}

const TEST_LEVEL = 0.01;

interface Spec {
  name: string;
  description: string;
  claim: string;
  actual: Mechanism;
  theory: Tradeoff;
  delta: number;
  trueEpsilon: number;
  claimedEpsilon: number;
  correct: boolean;
}

function gdpProfile(mu: number): { delta(e: number): number; method: string } {
  return { method: `exact ${mu}-GDP`, delta: (e: number) => gdpDelta(e, mu) };
}

function stats(xs: number[]): Stats {
  if (xs.length === 0) return { mean: NaN, min: NaN, max: NaN };
  return { mean: xs.reduce((a, b) => a + b, 0) / xs.length, min: Math.min(...xs), max: Math.max(...xs) };
}

export function runSelftest(opts: SelftestOptions): SelftestReport {
  const t0 = performance.now();
  const { trials, seed } = opts;
  if (!Number.isInteger(trials) || trials < 1)
    throw new DpauditError(`must be a positive integer, got ${trials}`, { location: { option: 'trials' } });
  const perSide = opts.perSide ?? 5000;
  const m = opts.canaries ?? 1000;
  const alpha = opts.alpha ?? 0.05;
  const guesses = defaultOneRunGuesses(m);
  const delta = 1e-5;
  const mu = 1;
  const rrEps = 1;
  const specs: Spec[] = [
    {
      name: 'gaussian',
      description: `Gaussian mechanism: OUT scores N(0, 1), IN scores N(${mu}, 1)`,
      claim: `${mu}-GDP (overlay: its exact privacy profile)`,
      actual: { kind: 'gaussian', mu },
      theory: profileTradeoff(gdpProfile(mu)),
      delta,
      trueEpsilon: gdpEpsilon(mu, delta),
      claimedEpsilon: gdpEpsilon(mu, delta),
      correct: true,
    },
    {
      name: 'randomized-response',
      description: `randomized response: the member bit is kept with probability e^ε/(1 + e^ε), ε = ${rrEps}`,
      claim: `(${rrEps}, 0)-DP`,
      actual: { kind: 'randomized-response', epsilon: rrEps },
      theory: tradeoffFrom({ kind: 'eps-delta', epsilon: rrEps, delta: 0 }),
      delta: 0,
      trueEpsilon: rrEps,
      claimedEpsilon: rrEps,
      correct: true,
    },
    {
      name: 'broken-gaussian',
      description: `Gaussian mechanism claiming ${mu}-GDP but adding 4× less noise: IN scores N(${4 * mu}, 1)`,
      claim: `${mu}-GDP (overlay: its exact privacy profile); really ${4 * mu}-GDP`,
      actual: { kind: 'gaussian', mu: 4 * mu },
      theory: profileTradeoff(gdpProfile(mu)),
      delta,
      trueEpsilon: gdpEpsilon(4 * mu, delta),
      claimedEpsilon: gdpEpsilon(mu, delta),
      correct: false,
    },
  ];

  const mechanisms = specs.map((sp): MechanismReport => {
    let violations = 0;
    const above = { cpSplit: 0, cpBonferroni: 0, oneRun: 0 };
    const b: Record<string, number[]> = { cpSplit: [], cpBonferroni: [], gdp: [], oneRun: [], oneRunCeiling: [] };
    for (let trial = 0; trial < trials; trial++) {
      const data = sampleAudit(sp.actual, perSide, Rng.from(seed, 'selftest', sp.name, trial, 'scores'));
      const sorted = new SortedScores(data.scores, data.isMember);
      const family = bonferroniFamily(sorted, alpha, sp.delta);
      if (violationCheck(sorted, sp.theory, { alpha, family }).violated) violations++;
      const split =
        cpEpsilonSplit(data.scores, data.isMember, { alpha, delta: sp.delta, rng: Rng.from(seed, 'selftest', sp.name, trial, 'split') })
          .epsilonLb ?? 0;
      const bonf = cpEpsilonBonferroniSorted(sorted, alpha, sp.delta, family).epsilonLb ?? 0;
      b.cpSplit.push(split);
      b.cpBonferroni.push(bonf);
      if (sp.delta > 0) b.gdp.push(gdpEpsilonBound(sorted, { alpha, delta: sp.delta, family }).epsilonLb ?? 0);
      const can = sampleCanaries(sp.actual, m, Rng.from(seed, 'selftest', sp.name, trial, 'canaries'));
      const one = oneRunAudit(can.scores, can.included, { ...guesses, delta: sp.delta, alpha });
      b.oneRun.push(one.epsilonLb ?? 0);
      b.oneRunCeiling.push(one.ceiling);
      if (split > sp.trueEpsilon) above.cpSplit++;
      if (bonf > sp.trueEpsilon) above.cpBonferroni++;
      if ((one.epsilonLb ?? 0) > sp.trueEpsilon) above.oneRun++;
    }
    const rateCheck = (what: string, events: number): RateCheck => {
      const pValue = binomialUpperPValue(events, trials, alpha);
      return { what, events, trials, rate: events / trials, pValue, pass: pValue >= TEST_LEVEL };
    };
    const checks = sp.correct
      ? [
          rateCheck('false violation (TPR_lb > TPR_max(FPR_ub))', violations),
          rateCheck('Clopper–Pearson split ε_lb > true ε', above.cpSplit),
          rateCheck('Clopper–Pearson Bonferroni ε_lb > true ε', above.cpBonferroni),
          rateCheck('one-run ε_lb > true ε', above.oneRun),
        ]
      : [];
    const flagged = sp.correct ? null : { events: violations, trials, rate: violations / trials, pass: violations === trials };
    const bounds: Record<string, Stats> = {};
    for (const [k, v] of Object.entries(b)) if (v.length > 0) bounds[k] = stats(v);
    const tightness: Record<string, Stats> = {};
    if (sp.correct) {
      tightness.cpSplit = stats(b.cpSplit.map((x) => x / sp.trueEpsilon));
      tightness.oneRun = stats(b.oneRun.map((x) => x / sp.trueEpsilon));
    }
    return {
      name: sp.name,
      description: sp.description,
      claim: sp.claim,
      trueEpsilon: sp.trueEpsilon,
      claimedEpsilon: sp.claimedEpsilon,
      delta: sp.delta,
      correct: sp.correct,
      checks,
      flagged,
      bounds,
      tightness,
      pass: checks.every((c) => c.pass) && (flagged === null || flagged.pass),
    };
  });
  return {
    title: 'dpaudit auditor self-test',
    seed,
    trials,
    perSide,
    canaries: m,
    oneRunGuesses: guesses,
    alpha,
    testLevel: TEST_LEVEL,
    mechanisms,
    pass: mechanisms.every((x) => x.pass),
    seconds: (performance.now() - t0) / 1000,
    notes: [
      `rate checks: one-sided exact binomial test of rate ≤ α = ${alpha} at level ${TEST_LEVEL}; pass = not rejected`,
      'the broken mechanism passes only if the violation check flags it in every trial',
      'true ε of a Gaussian mechanism is the μ-GDP ε at the stated δ; of randomized response, its ε (δ = 0)',
      'Clopper–Pearson bounds are "multi-run, assumes independent trials" (true here: trials are independent draws); GDP bounds assume μ-GDP',
      'tightness = ε_lb / true ε (mean, min, max over trials)',
    ],
  };
}
