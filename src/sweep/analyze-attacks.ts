import type { PreparedDataset } from '../data/types.js';
import { createAccountant } from '../privacy/registry.js';
import type { PrivacyPlan } from '../train/plan.js';
import { runAttack } from '../../attacks/run.js';
import type { AttackName, AttackResult, FleetSignals } from '../../attacks/types.js';
import { summarizeAttack, type AttackSummary } from '../../metrics/attack-summary.js';
import { subsetGroups } from '../data/groups.js';
import { oneRunAudit, type OneRunResult } from '../../metrics/one-run.js';
import { overlayCurve, profileTradeoff, type Tradeoff } from '../../metrics/overlay.js';
import type { CanaryJobOutput, ModelsJobOutput } from './job.js';
import type { SweepOptions } from './options.js';

export interface ArmAttackResult {
  summaries: AttackSummary[];
  oneRun: OneRunResult | null;
  overlay: { fpr: number; tprMax: number }[] | null;
}

/** The tightest theory curve of a DP arm: from the accountant's privacy profile of (σ, q, T). */
export function armTradeoff(plan: PrivacyPlan, accountant: 'rdp' | 'prv'): Tradeoff | null {
  if (plan.targetEpsilon === null || plan.noiseMultiplier <= 0) return null;
  const acc = createAccountant(accountant);
  acc.step(plan.noiseMultiplier, plan.sampleRate, plan.steps);
  return profileTradeoff(acc.profile());
}

export function fleetSignals(ds: PreparedDataset, out: ModelsJobOutput): FleetSignals {
  const fleet = out.fleet;
  if (!fleet) throw new Error(`job ${out.id} has no reference fleet`);
  return {
    nModels: fleet.nModels,
    nRows: ds.splits.train.length,
    logits: fleet.poolLogits,
    labels: Uint8Array.from(ds.splits.train, (i) => ds.y[i]),
    inMask: fleet.inMask,
    population: { nRows: ds.splits.test.length, logits: fleet.testLogits, labels: Uint8Array.from(ds.splits.test, (i) => ds.y[i]) },
  };
}

/** Pool one attack's results over seeds (each seed's fleet is M more targets over the same n rows). */
function pool(results: AttackResult[]): AttackResult {
  if (results.length === 1) return results[0];
  const len = results.reduce((a, r) => a + r.scores.length, 0);
  const scores = new Float64Array(len);
  const isMember = new Uint8Array(len);
  let off = 0;
  for (const r of results) {
    scores.set(r.scores, off);
    isMember.set(r.isMember, off);
    off += r.scores.length;
  }
  const d = results.map((r) => r.diagnostics);
  return {
    ...results[0],
    scores,
    isMember,
    diagnostics: {
      fallbackIn: d.reduce((a, x) => a + x.fallbackIn, 0),
      fallbackOut: d.reduce((a, x) => a + x.fallbackOut, 0),
      flooredSigma: d.reduce((a, x) => a + x.flooredSigma, 0),
    },
    tunedA: results.every((r) => r.tunedA) ? results.flatMap((r) => r.tunedA as number[]) : null,
    conventions: { ...results[0].conventions, seeds: results.length },
  };
}

/**
 * Attacks of one arm: every attack on every seed's fleet, pooled; summaries with ε lower bounds, the
 * violation check against the accountant's tradeoff curve (DP arms), per-group vulnerability; and the
 * one-run canary audit pooled over seeds' canary runs (first seed when several: each run is its own audit).
 */
export function armAttacks(
  opts: SweepOptions,
  ds: PreparedDataset,
  plan: PrivacyPlan,
  releases: ModelsJobOutput[],
  canaries: CanaryJobOutput[],
  dpArms = opts.epsilons.length,
): ArmAttackResult {
  // The violation checks of all attacks on all DP arms form one family (any violation fails the audit):
  // Bonferroni over them keeps the family-wise false-violation rate ≤ 0.05.
  const checks = Math.max(1, opts.attacks.length * Math.max(1, dpArms));
  const tradeoff = armTradeoff(plan, opts.train.accountant);
  const signals = releases.map((r) => fleetSignals(ds, r));
  const poolGroups = subsetGroups(ds.groups, ds.splits.train);
  const summaries = opts.attacks.map((name) => {
    const res = pool(
      signals.map((s) =>
        runAttack(name as AttackName, s, {
          variance: opts.liraVariance,
          centre: opts.liraAggregate,
          offline: opts.liraOffline,
          gamma: opts.rmiaGamma,
        }),
      ),
    );
    return summarizeAttack(res, ds.splits.train.length, {
      delta: plan.delta,
      epsilonSelection: opts.boundMethod,
      bootstrap: Math.min(opts.bootstrap, 1000),
      seed: [opts.rootSeed, 'attack-summary', plan.arm],
      theory: tradeoff,
      groups: poolGroups,
      minGroupSize: opts.minGroupSize,
      suppressBelow: opts.suppressBelow,
      violationAlpha: 0.05 / checks,
      violationFamily: `${checks} checks (${opts.attacks.length} attack(s) × ${Math.max(1, dpArms)} DP arm(s))`,
    });
  });
  let oneRun: OneRunResult | null = null;
  if (canaries.length > 0 && canaries[0].m > 0) oneRun = oneRunAudit(canaries[0].scores, canaries[0].included, { delta: plan.delta });
  return { summaries, oneRun, overlay: tradeoff ? overlayCurve(tradeoff) : null };
}
