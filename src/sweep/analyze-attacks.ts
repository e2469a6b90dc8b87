import type { PreparedDataset } from '../data/types.js';
import type { PrivacyPlan } from '../train/plan.js';
import { runAttack } from '../../attacks/run.js';
import type { AttackName, AttackResult, FleetSignals } from '../../attacks/types.js';
import { summarizeAttack, type AttackSummary } from '../../metrics/attack-summary.js';
import { subsetGroups } from '../data/groups.js';
import { auditOneRun, fleetTargetBound, type FleetTargetBound, type OneRunAuditResult } from '../../metrics/one-run-audit.js';
import { VIOLATION_FAMILY_ALPHA } from '../gate/family.js';
import { overlayCurve, profileTradeoff, type Tradeoff } from '../../metrics/overlay.js';
import type { CanaryJobOutput, ModelsJobOutput } from './job.js';
import { aggregateToPatients, patientTradeoff, poolPatients } from './patient-attacks.js';
import type { SweepOptions } from './options.js';

export interface ArmAttackResult {
  summaries: AttackSummary[];
  /** Data with repeated patients: the same attacks at patient level (patient-summaries, patient masks). */
  patientSummaries?: AttackSummary[];
  oneRun: OneRunAuditResult | null;
  /** Rigorous per-target one-run bound on the fleet (null without a DP claim, or with balanced masks). */
  fleetOneRun: FleetTargetBound | null;
  overlay: { fpr: number; tprMax: number }[] | null;
}

/** The tightest theory curve of a DP arm: from the accountant's privacy profile of (σ, q, T). */
export function armTradeoff(plan: PrivacyPlan, accountant: 'rdp' | 'prv'): Tradeoff | null {
  const profile = armProfile(plan, accountant);
  return profile ? profileTradeoff(profile) : null;
}

import { armProfile, oneRunTestAlpha } from './arm-profile.js';

export { armProfile, gradientCanariesFor, oneRunTestAlpha } from './arm-profile.js';

/** Attack whose per-target fleet bound is gated, fixed before looking at the scores (first listed of these). */
export const FLEET_BOUND_ATTACKS = ['lira-online', 'rmia-online', 'lira-offline', 'loss'] as const;

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
export function poolSeeds(results: AttackResult[]): AttackResult {
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

/** How the checks of a federated arm are labelled: kept in results.json, never a gate failure. */
export const RECORDED_NOT_GATED =
  'recorded, not gated: federated arms are outside the gate’s built-in checks, whose error levels are sized for the centralised DP arms';

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
  // Bonferroni over them keeps the family-wise false-violation rate ≤ its half of the gate's α (the one-run
  // family has the other half; docs/methods.md#gate-error-control).
  const checks = Math.max(1, opts.attacks.length * Math.max(1, dpArms));
  // Federated arms are outside the gate's built-in checks (docs/methods.md#gate) and the family above is sized
  // for the centralised DP arms: their violation checks and one-run audits are recorded, and labelled so.
  const recorded = plan.federation ? `; ${RECORDED_NOT_GATED}` : '';
  const tradeoff = armTradeoff(plan, opts.train.accountant);
  // Repeated patients: fleet masks are over patients, so a row's membership moves its patient's other rows
  // with it; a record-level arm's guarantee does not cover that, so its row-level attacks get no violation
  // check (the patient-level ones are checked against the patient's group curve).
  const patients = poolPatients(ds);
  const rowTheory = patients && plan.privacyUnit === 'record' ? null : tradeoff;
  const pTradeoff = patients ? patientTradeoff(plan, opts.train.accountant) : null;
  const patientResults: AttackResult[] = [];
  const signals = releases.map((r) => fleetSignals(ds, r));
  const poolGroups = subsetGroups(ds.groups, ds.splits.train);
  const raw = new Map<string, AttackResult>();
  const summaries = opts.attacks.map((name) => {
    const res = poolSeeds(
      signals.map((s) =>
        runAttack(name as AttackName, s, {
          variance: opts.liraVariance,
          centre: opts.liraAggregate,
          offline: opts.liraOffline,
          gamma: opts.rmiaGamma,
        }),
      ),
    );
    if (patients) patientResults.push(aggregateToPatients(res, ds.splits.train.length, patients));
    raw.set(name, res);
    return summarizeAttack(res, ds.splits.train.length, {
      delta: plan.delta,
      epsilonSelection: opts.boundMethod,
      seed: [opts.rootSeed, 'attack-summary', plan.arm],
      theory: rowTheory,
      groups: poolGroups,
      minGroupSize: opts.minGroupSize,
      suppressBelow: opts.suppressBelow,
      violationAlpha: VIOLATION_FAMILY_ALPHA / checks,
      violationFamily: `${checks} checks (${opts.attacks.length} attack(s) × ${Math.max(1, dpArms)} DP arm(s))${recorded}`,
    });
  });
  const patientSummaries = patients
    ? patientResults.map((res) =>
        summarizeAttack(res, patients.count, {
          delta: plan.delta,
          epsilonSelection: opts.boundMethod,
          seed: [opts.rootSeed, 'patient-attack-summary', plan.arm],
          theory: pTradeoff,
          minGroupSize: opts.minGroupSize,
          suppressBelow: opts.suppressBelow,
          violationAlpha: VIOLATION_FAMILY_ALPHA / checks,
          violationFamily: `${checks} checks (${opts.attacks.length} attack(s) × ${Math.max(1, dpArms)} DP arm(s)), patient level${recorded}`,
        }),
      )
    : undefined;
  // One-run audit of the first seed's canaries (each seed's run is its own audit): gradient canaries ride on
  // the release model's run, input-space canaries have their own run.
  const claimed = plan.targetEpsilon;
  const profile = armProfile(plan, opts.train.accountant);
  const gc = releases[0]?.gradientCanaries ?? null;
  const run =
    gc && gc.m > 0
      ? { ...gc, kind: 'gradient' }
      : canaries[0] && canaries[0].m > 0
        ? { ...canaries[0], kind: canaries[0].canaryKind ?? 'flip' }
        : null;
  const audited = run
    ? auditOneRun(run.scores, run.included, {
        delta: plan.delta,
        canaryKind: run.kind,
        claimedEpsilon: claimed,
        profile,
        testAlpha: oneRunTestAlpha(dpArms),
      })
    : null;
  // With the patient as the unit every canary is a unit of the patient-level mechanism (a gradient canary is
  // sampled at the patient rate; an ood canary is a synthetic patient of several rows): m, r, v and ε_lb
  // count patients (docs/methods.md#patient-canaries).
  const rowsPerCanary = run && 'rowsPerCanary' in run ? (run.rowsPerCanary ?? 1) : 1;
  const unitRun =
    audited && plan.privacyUnit === 'patient'
      ? { ...audited, unit: 'patient' as const, ...(rowsPerCanary > 1 ? { rowsPerCanary } : {}) }
      : audited;
  const oneRun =
    unitRun && plan.federation
      ? { ...unitRun, label: `${unitRun.label}; ${RECORDED_NOT_GATED}`, details: { ...unitRun.details, gated: false } }
      : unitRun;
  // Per-target fleet bound: only with independent Bernoulli masks (balanced masks tie the target's bit to the
  // references' masks). Pre-registered attack: the first of FLEET_BOUND_ATTACKS that was run.
  let fleetOneRun: FleetTargetBound | null = null;
  const fleetAttack = FLEET_BOUND_ATTACKS.find((a) => opts.attacks.includes(a));
  if (claimed !== null && opts.masks === 'bernoulli' && fleetAttack && signals.length > 0) {
    // The pooled result starts with the first seed's M·n (target, row) scores.
    const res = raw.get(fleetAttack) as AttackResult;
    const M = signals[0].nModels;
    const len = M * signals[0].nRows;
    fleetOneRun = fleetTargetBound(res.scores.subarray(0, len), res.isMember.subarray(0, len), M, {
      attack: fleetAttack,
      delta: plan.delta,
      claimedEpsilon: claimed,
      testAlpha: oneRunTestAlpha(dpArms),
    });
  }
  return {
    summaries,
    ...(patientSummaries ? { patientSummaries } : {}),
    oneRun,
    fleetOneRun,
    overlay: tradeoff ? overlayCurve(tradeoff) : null,
  };
}
