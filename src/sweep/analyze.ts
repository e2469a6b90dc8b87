import type { ProfileTable } from '../privacy/types.js';
import { primeArmProfile } from './arm-profile.js';
import { basename } from 'node:path';
import { FAIRNESS_RULE } from '../../metrics/fairness/rule.js';
import type { BackendInfo } from '../backend/index.js';
import type { PreparedDataset } from '../data/types.js';
import { inspectDataset } from '../data/inspect.js';
import type { PrivacyPlan } from '../train/plan.js';
import type { StepKernel } from '../train/stack.js';
import { dpauditVersion } from '../version.js';
import {
  computeFairness,
  computeFairnessDeltas,
  DISPARITY_KEYS,
  RATE_KEYS,
  type FairnessReport,
  type GroupEntry,
  type Interval as FInterval,
} from '../../metrics/fairness/index.js';
import { subsetGroups, buildGroupings, isSuppressed } from '../data/groups.js';
import { describeOperatingPoint } from '../../metrics/operating-point.js';
import { reliabilityCurve } from '../../metrics/reliability.js';
import { utilityAt } from '../../metrics/utility.js';
import { armAttacks, type ArmAttackResult } from './analyze-attacks.js';
import { fairnessOptions, releasePredictions } from './arm-fairness.js';
import type { CanaryJobOutput, JobOutput, ModelsJobOutput } from './job.js';
import type { SweepOptions } from './options.js';
import { recommend } from './recommend.js';
import type { ArmResult, Estimate, FairnessSeedSpread, ResultsV1 } from '../results/types.js';
import { builtinVerdict } from './verdict.js';
import { assignSites } from '../data/sites.js';
import { federationOf, federationSection } from './federation.js';
import { armFederationRecord } from './federation-plan.js';

export interface AnalysisInput {
  opts: SweepOptions;
  ds: PreparedDataset;
  plans: PrivacyPlan[];
  outputs: Map<string, JobOutput>;
  backend: BackendInfo;
  audit: ResultsV1['audit'];
  totalSeconds: number;
  jobCount: number;
}

export const NOT_DP_NOTICE =
  'This report and results.json are computed from the sensitive data and are not themselves differentially private: subgroup counts, metrics and attack results can leak information about individuals. Cells with fewer than the suppression threshold are hidden, which limits but does not remove this risk. Share them only with people allowed to see aggregate statistics of the data.';

function meanSd(values: (number | null)[]): { mean: number | null; sd: number | null } {
  const v = values.filter((x): x is number => x !== null && Number.isFinite(x));
  const mean = v.length ? v.reduce((a, b) => a + b, 0) / v.length : null;
  const sd = v.length > 1 && mean !== null ? Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / (v.length - 1)) : null;
  return { mean, sd };
}

/** The first seed's value with its bootstrap CI (the same model), plus mean and SD over seeds. */
function estimate(values: (number | null)[], ci?: FInterval | null): Estimate {
  const { mean, sd } = meanSd(values);
  return { value: values[0] ?? null, ...(ci ? { ci: { lo: ci.lower, hi: ci.upper } } : {}), seedMean: mean, seedSd: sd };
}

/** Fairness of every seed's release model (no bootstrap): spread of disparities and group metrics over seeds. */
function fairnessSpread(reports: FairnessReport[]): FairnessSeedSpread | null {
  if (reports.length < 2) return null;
  return {
    seeds: reports.length,
    groupings: reports[0].groupings.map((g, gi) => {
      const disparities: Record<string, { mean: number | null; sd: number | null }> = {};
      for (const k of DISPARITY_KEYS) disparities[k] = meanSd(reports.map((r) => r.groupings[gi].disparities.betweenGroups[k]));
      const groups = g.groups.map((cell, ci) => {
        if ('suppressed' in cell) return { values: cell.values, suppressed: true as const };
        const sd: Record<string, number | null> = {};
        for (const k of RATE_KEYS) sd[k] = meanSd(reports.map((r) => (r.groupings[gi].groups[ci] as GroupEntry).metrics[k])).sd;
        return { values: cell.values, sd };
      });
      return { attributes: g.attributes, disparities, groups };
    }),
  };
}

/** What one arm's analysis needs: its own job outputs (every seed) and the first seed's non-DP release model. */
export interface ArmAnalysisTask {
  plan: PrivacyPlan;
  releases: ModelsJobOutput[];
  canaries: CanaryJobOutput[];
  nondp: ModelsJobOutput;
  /** The arm's privacy profile as data, when the start-up composed it (armProfileTable): not composed again. */
  profile?: ProfileTable;
}

/** Ids of the jobs an arm's analysis waits for (see ArmAnalysisTask). */
export function armJobIds(opts: SweepOptions, arm: string, canaries: boolean): string[] {
  const ids = ['s0/nondp/models'];
  for (let s = 0; s < opts.seeds; s++) {
    ids.push(`s${s}/${arm}/models`);
    if (canaries) ids.push(`s${s}/${arm}/canary`);
  }
  return ids;
}

/** The analysis task of an arm from the job outputs (canary outputs are optional, as canaries may be off). */
export function armTask(opts: SweepOptions, plan: PrivacyPlan, outputs: Map<string, JobOutput>): ArmAnalysisTask {
  return {
    plan,
    releases: Array.from({ length: opts.seeds }, (_, s) => outputs.get(`s${s}/${plan.arm}/models`) as ModelsJobOutput),
    canaries: Array.from({ length: opts.seeds }, (_, s) => outputs.get(`s${s}/${plan.arm}/canary`) as CanaryJobOutput | undefined).filter(
      (x): x is CanaryJobOutput => x !== undefined,
    ),
    nondp: outputs.get('s0/nondp/models') as ModelsJobOutput,
  };
}

/**
 * One arm's results from its job outputs. A pure function of (options, dataset, task): every random stream
 * (bootstraps, splits) is derived from the root seed and the arm, so the sweep may run it on any worker,
 * in any order, with the same bytes as a sequential analysis.
 */
/**
 * The privacy unit is written to results.json when the data has an id column or a unit was requested;
 * otherwise it is the record and results.json stays as it was before units existed (absent = record).
 */
function unitRecorded(opts: SweepOptions, ds: PreparedDataset): boolean {
  return ds.units.kind === 'patient' || opts.train.privacyUnit !== undefined;
}

export function analyzeArm(opts: SweepOptions, ds: PreparedDataset, task: ArmAnalysisTask): ArmResult {
  const { plan, releases: rel, canaries } = task;
  if (task.profile) primeArmProfile(plan, opts.train.accountant, task.profile);
  const yTest = Uint8Array.from(ds.splits.test, (i) => ds.y[i]);
  const testGroups = subsetGroups(ds.groups, ds.splits.test);
  const fairOpts = { ...fairnessOptions(opts, ds, plan), reference: opts.reference };
  const preds = rel.map((r) => releasePredictions(opts, ds, r));
  const nondpPreds = plan.arm === 'nondp' ? preds[0] : releasePredictions(opts, ds, task.nondp);
  const utils = preds.map((p) => utilityAt(yTest, p.prob, p.threshold));
  const fairness: FairnessReport = computeFairness(
    { yTrue: yTest, yPred: preds[0].pred, yScore: preds[0].prob, groups: testGroups },
    fairOpts,
  );
  const perSeed = [
    fairness,
    ...preds
      .slice(1)
      .map((p) => computeFairness({ yTrue: yTest, yPred: p.pred, yScore: p.prob, groups: testGroups }, { ...fairOpts, bootstrap: 0 })),
  ];
  const oci = fairness.overallCi;
  const whoPays =
    plan.arm === 'nondp'
      ? null
      : computeFairnessDeltas(
          yTest,
          { yPred: nondpPreds.pred, yScore: nondpPreds.prob },
          { yPred: preds[0].pred, yScore: preds[0].prob },
          testGroups,
          fairOpts,
        );
  const attacks: ArmAttackResult = armAttacks(opts, ds, plan, rel, canaries);
  const kind = plan.federation ? 'federated' : plan.arm === 'nondp' ? 'nondp' : plan.arm === 'cliponly' ? 'cliponly' : 'dp';
  const federation = armFederationRecord(plan, opts.suppressBelow);
  return {
    arm: plan.arm,
    kind,
    epsilon: plan.targetEpsilon,
    privacy: {
      targetEpsilon: plan.targetEpsilon,
      epsilon: plan.epsilon,
      accountant: plan.accountant,
      epsilonRdp: plan.epsilonRdp,
      rdpOrder: plan.rdpOrder,
      delta: plan.delta,
      deltaTimesN: plan.deltaTimesN,
      noiseMultiplier: plan.noiseMultiplier,
      clip: plan.clip,
      sampleRate: plan.sampleRate,
      steps: plan.steps,
      n: plan.n,
      ...(unitRecorded(opts, ds) ? { privacyUnit: plan.privacyUnit } : {}),
      ...(plan.poolUnits ? { poolUnits: plan.poolUnits } : {}),
      ...(plan.patientEpsilon ? { patientEpsilon: plan.patientEpsilon } : {}),
      ...(plan.batchSize ? { batchSize: plan.batchSize } : {}),
      ...(federation ? { federation } : {}),
      warnings: plan.warnings,
    },
    utility: {
      auc: estimate(
        utils.map((u) => u.auc),
        oci?.rocAuc,
      ),
      accuracy: estimate(
        utils.map((u) => u.accuracy),
        oci?.accuracy,
      ),
      brier: estimate(
        utils.map((u) => u.brier),
        oci?.brier,
      ),
      balancedAccuracy: estimate(
        utils.map((u) => u.balancedAccuracy),
        oci?.balancedAccuracy,
      ),
      threshold: preds[0].threshold,
    },
    fairness,
    fairnessSeedSpread: fairnessSpread(perSeed),
    whoPays,
    attacks: attacks.summaries,
    // Repeated patients: the attacks at patient level (docs/methods.md#user-level-dp).
    ...(attacks.patientSummaries ? { patientAttacks: attacks.patientSummaries } : {}),
    oneRun: attacks.oneRun,
    fleetOneRun: attacks.fleetOneRun,
    calibration: calibrationCurves(yTest, preds[0].prob, testGroups, opts.suppressBelow),
    overlay: attacks.overlay,
    seeds: opts.seeds,
    timing: {
      trainSeconds: rel.reduce((a, r) => a + r.seconds, 0) + canaries.reduce((a, r) => a + r.seconds, 0),
      modelsTrained: rel.reduce((a, r) => a + 1 + (r.fleet?.nModels ?? 0), 0) + canaries.length,
    },
  };
}

/** The engines that computed the jobs' gradient steps (sorted, distinct); nothing when no job reported one. */
function kernelsOf(outputs: Map<string, JobOutput>): { kernel?: StepKernel[] } {
  const set = new Set<StepKernel>();
  for (const o of outputs.values()) for (const k of o.kernels ?? []) set.add(k);
  return set.size > 0 ? { kernel: [...set].sort() } : {};
}

/**
 * From the job outputs to results.json (no per-example data leaves this function). `armResults` holds arms
 * already analysed (by the worker pool while training ran); the others are analysed here.
 */
export function analyze(input: AnalysisInput, armResults?: ReadonlyMap<string, ArmResult>): ResultsV1 {
  const { opts, ds, plans, outputs } = input;
  const warnings = new Set<string>(ds.warnings);
  if (opts.masks === 'balanced')
    warnings.add(
      "--masks balanced: every row is IN for exactly half of the fleet, so the reference models' masks determine each target's membership bit; attack scores carry membership information from other models, the ε bounds of the fleet are not valid audits and the per-target one-run bound is not computed (use the default bernoulli masks for audits)",
    );
  const arms: ArmResult[] = plans.map((plan) => {
    for (const w of plan.warnings) warnings.add(w);
    return armResults?.get(plan.arm) ?? analyzeArm(opts, ds, armTask(opts, plan, outputs));
  });
  const first = outputs.get('s0/nondp/models') as ModelsJobOutput;
  const recommendation = recommend(arms, disparitySummary, {
    aucFraction: opts.aucTolerance,
    disparityIncrease: opts.disparityTolerance,
    groupTprLoss: opts.maxGroupTprLoss,
    groupEceIncrease: opts.maxGroupEceIncrease,
  });
  const inspect = inspectDataset(ds, { suppressBelow: opts.suppressBelow, embeddedDefault: false });
  const results: ResultsV1 = {
    schemaVersion: 1,
    tool: { name: 'dpaudit', version: dpauditVersion() },
    createdAt: new Date().toISOString(),
    audit: input.audit,
    backend: { name: input.backend.name, simd: input.backend.simd, tfjsVersion: input.backend.tfjsVersion, ...kernelsOf(outputs) },
    config: configRecord(
      opts,
      unitRecorded(opts, ds) ? (plans[0]?.privacyUnit ?? 'record') : undefined,
      plans[0]?.batchSize?.rule === 'from-units',
    ),
    dataset: {
      file: basename(ds.options.data),
      rows: ds.y.length,
      label: ds.options.label,
      positiveLabel: ds.positiveLabel,
      positiveRate: ds.y.reduce((a, b) => a + b, 0) / Math.max(1, ds.y.length),
      sensitive: ds.groups.map((g) => g.name),
      features: ds.featureColumns,
      encodedFeatures: first.release.encoder?.featureNames.length ?? 0,
      splits: { train: ds.splits.train.length, validation: ds.splits.validation.length, test: ds.splits.test.length },
      droppedMissingLabel: ds.droppedMissingLabel,
      duplicateRows: ds.duplicateRows,
      duplicateHandling: ds.duplicateHandling,
      groups: inspect.groups,
      warnings: [...ds.warnings],
      preprocessing: preprocessingNotes(first),
    },
    conventions: conventions(opts),
    arms,
    recommendation,
    warnings: [...warnings],
    suppressBelow: opts.suppressBelow,
    notDifferentiallyPrivateNotice: NOT_DP_NOTICE,
    timing: { totalSeconds: input.totalSeconds, jobs: input.jobCount },
  };
  // Federated arms (docs/methods.md#federated): per-site utility, who pays, leakage of one site's update.
  // The sites are rebuilt from the plan's source and the root seed, exactly as the trainer's jobs built them.
  const fedPlan = plans.map(federationOf).find((f) => f !== null) ?? null;
  const sites = fedPlan ? (ds.sites ?? assignSites(ds, fedPlan.source, opts.rootSeed)) : null;
  const federation = sites ? federationSection({ opts, ds, sites, plans, outputs, arms }) : null;
  if (federation) results.federation = federation;
  results.verdict = builtinVerdict(results);
  return results;
}

/** Disparities used by the recommendation and the Pareto chart: the fairness rule's disparities of every grouping. */
export function disparitySummary(a: ArmResult): Record<string, number | null> {
  const f = a.fairness;
  const out: Record<string, number | null> = {};
  if (!f) return out;
  for (const g of f.groupings) {
    const d = g.disparities[FAIRNESS_RULE.variant];
    for (const k of FAIRNESS_RULE.keys) out[`${g.attributes.join('×')} ${k}`] = d[k];
  }
  return out;
}

/**
 * Reliability curves of the release model on the test split: overall and per single-attribute group.
 * A bin with 0 < n < suppressBelow is dropped (its mean score and outcome rate would describe a few
 * patients); suppressed groups are left out.
 */
export function calibrationCurves(
  yTest: Uint8Array,
  prob: Float64Array,
  groups: ReturnType<typeof subsetGroups>,
  suppressBelow: number,
): ArmResult['calibration'] {
  const shown = (bins: ReturnType<typeof reliabilityCurve>) =>
    bins.filter((b) => !isSuppressed(b.n, suppressBelow)).map((b) => ({ meanScore: b.meanScore, fracPositive: b.fracPositive, n: b.n }));
  const out: ArmResult['calibration'] = [{ group: {}, bins: shown(reliabilityCurve(yTest, prob)) }];
  for (const g of buildGroupings(groups, yTest.length).filter((x) => x.attributes.length === 1)) {
    g.cells.forEach((cell, k) => {
      const rows: number[] = [];
      for (let i = 0; i < yTest.length; i++) if (g.cellOfRow[i] === k) rows.push(i);
      if (rows.length === 0 || isSuppressed(rows.length, suppressBelow)) return;
      out.push({ group: cell.values, bins: shown(reliabilityCurve(yTest, prob, rows)) });
    });
  }
  return out;
}

function preprocessingNotes(r: ModelsJobOutput): string[] {
  const e = r.release.encoder;
  if (!e) return ['manifest mode (--features none): the trainer loads and preprocesses its own inputs; dpaudit did not encode features'];
  const notes = [
    `standardisation (mean, std) of ${e.numeric.length} numeric column(s) fitted on the training pool`,
    `median imputation with missing-indicator columns for ${e.numeric.filter((c) => c.missingIndicator).length} numeric column(s), medians from the training pool`,
    `one-hot encoding of ${e.categorical.length} categorical column(s) with levels listed from the training pool`,
    'these data-dependent statistics are not covered by ε',
  ];
  return notes;
}

function conventions(opts: SweepOptions): Record<string, string> {
  return {
    dpSgd:
      'Opacus: Poisson sampling, vectorised per-example clipping (c = min(1, C/(‖g‖+1e-6))), Gaussian noise σC per coordinate, normalised by the expected batch size qN',
    arms: 'nondp, cliponly and dp@ε share split, initialisation, optimiser, learning rate, epochs and the Poisson batch sequence',
    accountant: `${opts.train.accountant} (ε reported as an upper bound; RDP beside it with Opacus orders and the improved conversion)`,
    noise: opts.train.secureNoise ? 'node:crypto (secure)' : 'seeded xoshiro128** + ziggurat (reproducible)',
    attackDesign: `reference fleet of K + 1 = ${opts.referenceModels + 1} models per arm on ${opts.masks} inclusion masks, same q, σ, T, C as the release model; each model in turn the target; scores pooled over targets${opts.seeds > 1 ? ' and seeds' : ''}`,
    liraVariance:
      opts.liraVariance === 'auto' ? `auto (fixed when K < 64: ${opts.referenceModels < 64 ? 'fixed' : 'per-example'})` : opts.liraVariance,
    liraAggregate: opts.liraAggregate,
    liraOffline: opts.liraOffline,
    rmiaGamma: String(opts.rmiaGamma),
    epsilonBound:
      opts.boundMethod === 'split'
        ? 'Clopper–Pearson, threshold chosen on a random half, bound on the other half (multi-run, assumes independent trials)'
        : 'Clopper–Pearson, Bonferroni over 100 quantile thresholds (multi-run, assumes independent trials)',
    violationCheck: `TPR_lb > TPR_max(FPR_ub) on the accountant's privacy-profile tradeoff; one-sided Clopper–Pearson, Bonferroni over ≤ 100 quantile thresholds and over ${opts.attacks.length} attack(s) × ${opts.epsilons.length} DP arm(s) (family-wise α = 0.05)`,
    oneRun: 'Steinke–Nasr–Jagielski 2023, label-flipped canaries each included with probability ½, k⁺ = k⁻ fixed in advance',
    tprAtFpr: 'max TPR over thresholds with FPR ≤ α (step rule); unresolved when n_out·α < 10',
    operatingPoint: `${describeOperatingPoint(opts.operatingPoint)} on the validation split`,
    fairness: 'Fairlearn MetricFrame conventions; undefined rates are null (not 0); ECE positive-class, 10 equal-width bins',
    suppression: opts.suppressBelow > 0 ? `cells with 0 < n < ${opts.suppressBelow} hidden` : 'off',
    fairnessBootstrap: `${opts.bootstrap} percentile-bootstrap resamples stratified by intersection cell, on the first seed's release model`,
    seeds:
      opts.seeds > 1
        ? `${opts.seeds} seeds: values and CIs are the first seed's; seedMean/seedSd and fairnessSeedSpread give the spread over seeds`
        : 'one seed',
  };
}

/**
 * The resolved configuration in the vocabulary of the --config file (flat camelCase keys), so that a review
 * board can read every setting and rerun it; the data path is reduced to its file name.
 */
function configRecord(opts: SweepOptions, privacyUnit: string | undefined, batchFromUnits = false): Record<string, unknown> {
  const d = opts.dataset;
  const t = opts.train;
  return {
    data: d.data.split('/').pop(),
    label: d.label,
    ...(d.positiveLabel !== undefined ? { positiveLabel: d.positiveLabel } : {}),
    sensitive: d.sensitive,
    ...(d.features ? { features: d.features } : {}),
    drop: d.drop,
    categorical: d.categorical,
    ...(d.id ? { id: d.id } : {}),
    lenient: d.lenient,
    strict: d.strict,
    minGroupSize: d.minGroupSize,
    testFraction: d.testFraction,
    validationFraction: d.validationFraction,
    seed: opts.rootSeed,
    seeds: opts.seeds,
    preset: opts.preset,
    maxRows: opts.maxRows,
    backend: opts.backend,
    suppressBelow: opts.suppressBelow,
    model: t.model,
    ...(t.model === 'mlp' ? { hidden: t.hidden } : {}),
    epochs: t.epochs,
    // A patient batch chosen from the number of patients is not a setting: a rerun chooses it again
    // (arms[].privacy.batchSize says which it was).
    ...(batchFromUnits ? {} : { batchSize: t.batchSize }),
    clip: t.clip,
    lr: t.lr,
    optimizer: t.optimizer,
    ...(t.optimizer === 'momentum' ? { momentum: t.momentum } : {}),
    epsilons: opts.epsilons,
    delta: t.delta,
    accountant: t.accountant,
    secureNoise: t.secureNoise,
    ...(privacyUnit ? { privacyUnit } : {}),
    referenceModels: opts.referenceModels,
    attacks: opts.attacks,
    canaries: opts.canaries,
    masks: opts.masks,
    liraVariance: opts.liraVariance,
    liraAggregate: opts.liraAggregate,
    liraOffline: opts.liraOffline,
    rmiaGamma: opts.rmiaGamma,
    boundMethod: opts.boundMethod,
    bootstrap: opts.bootstrap,
    ...(opts.reference ? { reference: Object.entries(opts.reference).map(([k, v]) => `${k}=${v}`) } : {}),
    operatingPoint: describeOperatingPoint(opts.operatingPoint),
    aucTolerance: opts.aucTolerance,
    disparityTolerance: opts.disparityTolerance,
    maxGroupTprLoss: opts.maxGroupTprLoss,
    maxGroupEceIncrease: opts.maxGroupEceIncrease,
  };
}
