import { DpauditError } from '../src/errors.js';
import type { PrivacyProfile } from '../src/privacy/types.js';
import { type BlowUpInverse, fdpOneRun, fdpRejects, type FdpOneRunResult, profileBlowUpInverse } from './fdp-one-run.js';
import { defaultOneRunGuesses, oneRunAudit, oneRunPValue, oneRunPValues, type OneRunResult } from './one-run.js';

/**
 * The one-run audit as dpaudit reports and gates it (docs/methods.md#one-run-audit, #f-dp-one-run, #untestable):
 * the Steinke–Nasr–Jagielski (ε, δ) bound and the f-DP test of the same guesses, each with its ceiling (the
 * bound when every guess is right), whether it could have failed at the claimed ε (`testable`), the canaries
 * it would need otherwise, and the p-value of the claim that the gate's family-wise correction uses.
 */
export interface Testability {
  /** True when a perfect attack with the same m and guesses would fail the check at the claimed ε. */
  testable: boolean;
  /** Smallest m in the ladder 1000·{1, 2, 5, 10, 20, 50, 100, 200} (guesses as for its kind) that would make it testable; null if none. */
  neededM: number | null;
}

export interface OneRunAuditResult extends OneRunResult {
  /** Canary kind: `gradient` (white-box, inside DP-SGD), `ood`, `flip`, or `fleet-target` (per-target bound). */
  canaryKind: string;
  claimedEpsilon: number | null;
  /** p-value of "the training is (claimed ε, δ)-DP" under the Steinke–Nasr–Jagielski test (null without a claim). */
  pValue: number | null;
  snj: Testability | null;
  fdp: FdpOneRunResult;
  /** p-value of "the training satisfies the accountant's tradeoff curve" (smallest α at which the f-DP test rejects). */
  fdpPValue: number | null;
  /** The smallest p-values a perfect attack (v = r) could reach: a test can fail at level a only if its best p-value ≤ a. */
  bestPValue: number | null;
  fdpBestPValue: number | null;
  fdpTestability: Testability | null;
}

export const M_LADDER = [1000, 2000, 5000, 10000, 20000, 50000, 100000, 200000] as const;

/**
 * Guesses fixed in advance per canary kind. Gradient canaries: IN for the top 1 % only (k⁻ = 0): under Poisson
 * subsampling an OUT canary looks like an IN canary the sampler never drew, so the information is in the top
 * scores (measured on the subsampled Gaussian: one-sided 1 % is the tightest of 0.2–10 %, one- or two-sided).
 * Input-space canaries: the Steinke–Nasr–Jagielski default (5 % each side).
 */
export function guessesFor(kind: string, m: number): { kPlus: number; kMinus: number } {
  if (kind === 'gradient') return { kPlus: Math.min(m, Math.max(1, Math.round(m / 100))), kMinus: 0 };
  return defaultOneRunGuesses(m);
}

function ladderGuesses(m: number, kind = 'gradient'): { r: number } {
  const g = guessesFor(kind, m);
  return { r: g.kPlus + g.kMinus };
}

/** Smallest α in (0, 1) at which the f-DP test rejects (rejection is monotone in α); 1 when it never does. */
export function fdpPValue(binv: BlowUpInverse, m: number, r: number, v: number): number {
  if (!fdpRejects(binv, m, r, v, 0.999999)) return 1;
  let lo = 0;
  let hi = 0.999999;
  for (let it = 0; it < 50 && hi - lo > 1e-6 * hi; it++) {
    const mid = Math.sqrt(Math.max(lo, 1e-300) * hi);
    if (fdpRejects(binv, m, r, v, mid)) hi = mid;
    else lo = mid;
    if (hi < 1e-200) break;
  }
  return hi;
}

/** The smallest m ≥ base (base, then the ladder) whose all-correct guesses reject the profile's curve; the last rung if none. */
export function canariesToTest(profile: PrivacyProfile, base: number, alpha = 0.05): number {
  const binv = profileBlowUpInverse(profile);
  const ok = (m: number) => {
    const { r } = ladderGuesses(m);
    return fdpRejects(binv, m, r, r, alpha);
  };
  if (ok(base)) return base;
  return M_LADDER.find((m) => m > base && ok(m)) ?? Math.max(base, M_LADDER[M_LADDER.length - 1]);
}

export function auditOneRun(
  scores: ArrayLike<number>,
  included: ArrayLike<number>,
  opts: {
    delta: number;
    alpha?: number;
    canaryKind: string;
    claimedEpsilon: number | null;
    profile: PrivacyProfile | null;
    kPlus?: number;
    kMinus?: number;
    /** Level at which `testable` and the ladder are judged (default α). */
    testAlpha?: number;
  },
): OneRunAuditResult {
  const alpha = opts.alpha ?? 0.05;
  const g = guessesFor(opts.canaryKind, scores.length);
  const base = oneRunAudit(scores, included, { delta: opts.delta, alpha, kPlus: opts.kPlus ?? g.kPlus, kMinus: opts.kMinus ?? g.kMinus });
  const lg = (mm: number) => ladderGuesses(mm, opts.canaryKind);
  const { m, r, v } = base;
  const claimed = opts.claimedEpsilon;
  const fdp = fdpOneRun({ m, r, v }, { delta: opts.delta, alpha, profile: opts.profile });
  const binv = opts.profile ? profileBlowUpInverse(opts.profile) : null;
  let snj: Testability | null = null;
  let fdpT: Testability | null = null;
  // p-values of the observed and of a perfect attack at the claimed ε, from one binomial pmf.
  const [pValue, bestPValue] = claimed === null ? [null, null] : oneRunPValues(claimed, m, r, [v, r], opts.delta);
  if (claimed !== null) {
    const ta = opts.testAlpha ?? alpha;
    const snjTestable = (mm: number, rr: number) => oneRunPValue(claimed, mm, rr, rr, opts.delta) <= ta;
    const snjOk = (bestPValue as number) <= ta;
    snj = {
      testable: snjOk,
      neededM: snjOk ? null : (M_LADDER.find((mm) => snjTestable(mm, lg(mm).r)) ?? null),
    };
    if (binv) {
      const ok = fdpRejects(binv, m, r, r, ta);
      fdpT = {
        testable: ok,
        neededM: ok
          ? null
          : (M_LADDER.find((mm) => {
              const rr = lg(mm).r;
              return fdpRejects(binv, mm, rr, rr, ta);
            }) ?? null),
      };
    }
  }
  return {
    ...base,
    canaryKind: opts.canaryKind,
    claimedEpsilon: claimed,
    pValue,
    snj,
    fdp,
    fdpPValue: binv ? fdpPValue(binv, m, r, v) : null,
    fdpTestability: fdpT,
    bestPValue,
    fdpBestPValue: binv ? fdpPValue(binv, m, r, r) : null,
  };
}

/**
 * Rigorous per-target bound on the reference fleet (docs/methods.md#per-target-bound): each fleet model's
 * Bernoulli(½) mask over the pool is a one-run experiment whose scores come from reference models trained
 * on masks independent of it (independent Bernoulli masks only). The one-run bound of every target is
 * computed at α/M (Bonferroni over the M targets); the result is the largest, and its p-value is the
 * Bonferroni-adjusted smallest.
 */
export interface FleetTargetBound {
  attack: string;
  targets: number;
  /** Canaries per target (pool rows). */
  m: number;
  r: number;
  alphaPerTarget: number;
  epsilonLb: number;
  ceiling: number;
  bestTarget: number;
  v: number;
  claimedEpsilon: number | null;
  pValue: number | null;
  /** Bonferroni-adjusted p-value a perfect attack on every target could reach. */
  bestPValue: number | null;
  testability: Testability | null;
  label: string;
}

export function fleetTargetBound(
  scores: Float64Array,
  isMember: Uint8Array,
  targets: number,
  opts: {
    attack: string;
    delta: number;
    alpha?: number;
    claimedEpsilon: number | null;
    /** Level at which `testability` and the ladder are judged, on the Bonferroni-adjusted best p-value (default α). */
    testAlpha?: number;
  },
): FleetTargetBound {
  const alpha = opts.alpha ?? 0.05;
  const ta = opts.testAlpha ?? alpha;
  if (targets < 1 || scores.length % targets !== 0)
    throw new DpauditError(`fleet scores (${scores.length}) are not a multiple of the ${targets} targets`);
  const n = scores.length / targets;
  const a = alpha / targets;
  let best = { eps: -1, t: 0, v: 0, r: 0, ceiling: 0 };
  // Every target has the same m = n canaries and the same default guesses, hence the same r.
  const vs: number[] = [];
  for (let t = 0; t < targets; t++) {
    const res = oneRunAudit(scores.subarray(t * n, (t + 1) * n), isMember.subarray(t * n, (t + 1) * n), { delta: opts.delta, alpha: a });
    const eps = res.epsilonLb ?? 0;
    if (eps > best.eps) best = { eps, t, v: res.v, r: res.r, ceiling: res.ceiling };
    vs.push(res.v);
  }
  const claimed = opts.claimedEpsilon;
  // p-values of every target and of a perfect attack (v = r) at the claimed ε, from one binomial pmf.
  const ps = claimed === null ? null : oneRunPValues(claimed, n, best.r, [...vs, best.r], opts.delta);
  let minP = 1;
  if (ps !== null) for (let t = 0; t < targets; t++) minP = Math.min(minP, ps[t]);
  const bestPValue = ps === null ? null : Math.min(1, ps[targets] * targets);
  // Testable when a perfect attack on every target could reject at the level the gate uses (Bonferroni-adjusted).
  const perfectRejects = (mm: number, rr: number) => Math.min(1, oneRunPValue(claimed as number, mm, rr, rr, opts.delta) * targets) <= ta;
  const testable = bestPValue !== null && bestPValue <= ta;
  return {
    attack: opts.attack,
    targets,
    m: n,
    r: best.r,
    alphaPerTarget: a,
    epsilonLb: best.eps,
    ceiling: best.ceiling,
    bestTarget: best.t,
    v: best.v,
    claimedEpsilon: claimed,
    pValue: claimed === null ? null : Math.min(1, minP * targets),
    bestPValue,
    testability:
      claimed === null
        ? null
        : {
            testable,
            neededM: testable ? null : (M_LADDER.find((mm) => perfectRejects(mm, ladderGuesses(mm, 'fleet').r)) ?? null),
          },
    label: `one run per fleet target (${targets} targets, Bonferroni α/${targets}; independent Bernoulli masks; Steinke–Nasr–Jagielski)`,
  };
}
