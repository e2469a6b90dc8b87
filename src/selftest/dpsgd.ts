import type { Tf } from '../backend/index.js';
import type { PreparedDataset } from '../data/types.js';
import { holm, ONE_RUN_FAMILY_ALPHA, testableFamily } from '../gate/family.js';
import type { PrivacyProfile } from '../privacy/types.js';
import type { TrainConfig } from '../train/config.js';
import { planArm, type PrivacyPlan } from '../train/plan.js';
import type { TrainerFault } from '../train/stack.js';
import { armProfile, gradientCanariesFor } from '../sweep/analyze-attacks.js';
import { runCanaryJob, runModelsJob, type CanaryKind } from '../sweep/job.js';
import { TfjsTrainer } from '../train/tfjs-trainer.js';
import { CANARY_RAW_NORM } from '../train/gradient-canaries.js';
import { auditOneRun, type OneRunAuditResult } from '../../metrics/one-run-audit.js';
import { binomialUpperPValue } from './binomial-test.js';

/**
 * Pipeline self-test of DP-SGD (docs/methods.md#untestable): train small models on the embedded data through
 * the real trainer with seeded implementation faults, audit each run with the one-run tests the gate uses
 * (Steinke–Nasr–Jagielski bound and f-DP test of the accountant's curve, Holm at the gate's one-run α), and
 * report per fault and claimed ε the detection rate over seeds, the false-FAIL rate of the correct trainer,
 * and the runs in which no check could fail (`untestable`). Faults reach the trainer only through its test
 * seam (StackTestSeam), which no command or option exposes. Gradient canaries audit noise, its scaling by C,
 * the sampling rate and the clip bound (their raw norm is far above C and they pass through the trainer's
 * clip bound); out-of-distribution input canaries audit clipping black-box (runDpsgdOne with kind 'ood').
 */
export const SELFTEST_FAULTS: readonly TrainerFault[] = ['none', 'noise-off', 'noise-quarter', 'clip-off', 'noise-unscaled', 'rate-4x'];

export interface DpsgdSelftestOptions {
  seed: number;
  epsilons: number[];
  faults: readonly TrainerFault[];
  /** Seeds per (fault, ε); the correct trainer ('none') gets `correctSeeds`, noise-off `noiseOffSeeds`, noise-quarter `noiseQuarterSeeds`. */
  seeds: number;
  noiseOffSeeds?: number;
  noiseQuarterSeeds?: number;
  correctSeeds: number;
  /** Cap of the per-arm m ladder (default 200 000). */
  maxGradientCanaries?: number;
  /** Gradient canaries m (white-box) and out-of-distribution canaries (clip-off) per run. */
  gradientCanaries: number;
  oodCanaries: number;
  train: TrainConfig;
}

export interface DpsgdCell {
  fault: TrainerFault;
  epsilon: number;
  canaryKind: CanaryKind;
  /** Canaries per run. */
  m: number;
  runs: number;
  /** Runs in which the gate's one-run family FAILs. */
  detected: number;
  /** Runs in which no one-run test could fail at the claimed ε. */
  untestable: number;
  rate: number;
  /** Mean ε_lb of the SNJ bound and the f-DP (ε, δ) family, with their ceilings. */
  meanEpsilonLb: number;
  meanFdpEpsilonLb: number;
  ceiling: number;
  fdpCeiling: number;
  /** The accountant's ε of the arm (achieved by the calibration). */
  accountedEpsilon: number | null;
  noiseMultiplier: number;
  sampleRate: number;
  steps: number;
  /** Runs in which each one-run test rejected (Holm, at the family α). */
  fired: { snj: number; fdpCurve: number };
}

export interface DpsgdSelftestReport {
  title: string;
  seed: number;
  clip: number;
  cells: DpsgdCell[];
  /** Correct trainer: FAILs over all its runs (all ε). */
  falseFail: { events: number; runs: number; rate: number };
  seconds: number;
  notes: string[];
}

/** One arm, two tests (SNJ and the f-DP test of the accountant's curve): each must be able to fail at α/2. */
const TEST_ALPHA = ONE_RUN_FAMILY_ALPHA / 2;

/** The gate's one-run decision on one audit: Holm over the tests that can fail on their own, at the one-run family α. */
export function oneRunDecision(a: OneRunAuditResult): { detected: boolean; untestable: boolean; fired: OneRunTestName[] } {
  const tests = [
    { name: 'snj' as const, pValue: a.pValue, bestPValue: a.bestPValue, testable: a.snj?.testable ?? null },
    { name: 'fdp-curve' as const, pValue: a.fdpPValue, bestPValue: a.fdpBestPValue, testable: a.fdpTestability?.testable ?? null },
  ].filter((t): t is { name: OneRunTestName; pValue: number; bestPValue: number | null; testable: boolean | null } => t.pValue !== null);
  const fam = testableFamily(tests, ONE_RUN_FAMILY_ALPHA);
  const members = tests.filter((_, i) => fam[i]);
  if (members.length === 0) return { detected: false, untestable: true, fired: [] };
  const h = holm(
    members.map((t) => t.pValue),
    ONE_RUN_FAMILY_ALPHA,
  );
  const fired = members.filter((_, i) => h[i].rejected).map((t) => t.name);
  return { detected: fired.length > 0, untestable: false, fired };
}

/** The one-run tests of the gate's family: Steinke–Nasr–Jagielski bound, f-DP test of the accountant's curve. */
export type OneRunTestName = 'snj' | 'fdp-curve';

/** One training run of the self-test and its audit (one line of the power table's JSONL). */
export interface DpsgdRun {
  fault: TrainerFault;
  epsilon: number;
  seed: number;
  canaryKind: CanaryKind;
  m: number;
  detected: boolean;
  untestable: boolean;
  fired: OneRunTestName[];
  epsilonLb: number;
  fdpEpsilonLb: number;
  ceiling: number;
  fdpCeiling: number;
  noiseMultiplier: number;
  sampleRate: number;
  steps: number;
  accountedEpsilon: number | null;
}

/** Per-ε plan and accountant profile of the self-test's arms (cached per options object). */
const planCache = new WeakMap<DpsgdSelftestOptions, Map<number, { plan: PrivacyPlan; profile: PrivacyProfile | null }>>();
function planFor(ds: PreparedDataset, opts: DpsgdSelftestOptions, e: number): { plan: PrivacyPlan; profile: PrivacyProfile | null } {
  let byE = planCache.get(opts);
  if (!byE) {
    byE = new Map();
    planCache.set(opts, byE);
  }
  let p = byE.get(e);
  if (!p) {
    const plan = planArm({ kind: 'dp', epsilon: e }, opts.train, ds.splits.train.length);
    p = { plan, profile: armProfile(plan, opts.train.accountant) };
    byE.set(e, p);
  }
  return p;
}

/** The canary kind and count of a (fault, ε) cell: gradient canaries (m raised as in the sweep) unless OOD is asked. */
export function cellCanaries(
  ds: PreparedDataset,
  opts: DpsgdSelftestOptions,
  e: number,
  kind: CanaryKind = 'gradient',
  m?: number,
): { kind: CanaryKind; m: number } {
  if (kind !== 'gradient') return { kind, m: m ?? opts.oodCanaries };
  const { plan } = planFor(ds, opts, e);
  // As in the sweep: m raised until the accountant-curve test could fail at the claimed ε.
  const gradientM =
    m ?? Math.min(opts.maxGradientCanaries ?? 200000, gradientCanariesFor(plan, opts.train.accountant, opts.gradientCanaries, TEST_ALPHA));
  return { kind, m: gradientM };
}

/** Train one model with a seeded fault at claimed ε and audit it with the gate's one-run family. */
export async function runDpsgdOne(
  tf: Tf,
  ds: PreparedDataset,
  opts: DpsgdSelftestOptions,
  fault: TrainerFault,
  e: number,
  s: number,
  canaries?: { kind: CanaryKind; m?: number; oodNorm?: number },
): Promise<DpsgdRun> {
  const { plan, profile } = planFor(ds, opts, e);
  const { kind, m } = cellCanaries(ds, opts, e, canaries?.kind ?? 'gradient', canaries?.m);
  const trainer = new TfjsTrainer(tf, { fault });
  const ctx = { rootSeed: opts.seed, train: opts.train };
  const id = `selftest/${fault}/${e}/${s}`;
  const seedIndex = 1000 + s;
  let scores: Float64Array;
  let included: Uint8Array;
  if (kind === 'gradient') {
    const out = await runModelsJob(trainer, ds, ctx, {
      id,
      kind: 'models',
      seedIndex,
      plan,
      fleetModels: 0,
      masks: 'bernoulli',
      canaries: m,
      canaryKind: 'gradient',
    });
    const gc = out.gradientCanaries;
    if (!gc) throw new Error('gradient canaries missing');
    scores = gc.scores;
    included = gc.included;
  } else {
    const out = await runCanaryJob(trainer, ds, ctx, {
      id,
      kind: 'canary',
      seedIndex,
      plan,
      fleetModels: 0,
      masks: 'bernoulli',
      canaries: m,
      canaryKind: kind,
      ...(canaries?.oodNorm !== undefined ? { oodNorm: canaries.oodNorm } : {}),
    });
    scores = out.scores;
    included = out.included;
  }
  const audit = auditOneRun(scores, included, { delta: plan.delta, canaryKind: kind, claimedEpsilon: e, profile, testAlpha: TEST_ALPHA });
  const d = oneRunDecision(audit);
  return {
    fault,
    epsilon: e,
    seed: s,
    canaryKind: kind,
    m,
    detected: d.detected,
    untestable: d.untestable,
    fired: d.fired,
    epsilonLb: audit.epsilonLb ?? 0,
    fdpEpsilonLb: audit.fdp.epsilonLb,
    ceiling: audit.ceiling,
    fdpCeiling: audit.fdp.ceiling,
    noiseMultiplier: plan.noiseMultiplier,
    sampleRate: plan.sampleRate,
    steps: plan.steps,
    accountedEpsilon: plan.epsilon,
  };
}

/** Aggregate the runs of one (fault, ε, canary kind) cell. */
export function cellOf(runs: readonly DpsgdRun[]): DpsgdCell {
  const r0 = runs[0];
  const n = runs.length;
  const detected = runs.filter((r) => r.detected).length;
  return {
    fault: r0.fault,
    epsilon: r0.epsilon,
    canaryKind: r0.canaryKind,
    m: r0.m,
    runs: n,
    detected,
    untestable: runs.filter((r) => r.untestable).length,
    rate: n > 0 ? detected / n : 0,
    meanEpsilonLb: runs.reduce((a, r) => a + r.epsilonLb, 0) / n,
    meanFdpEpsilonLb: runs.reduce((a, r) => a + r.fdpEpsilonLb, 0) / n,
    ceiling: r0.ceiling,
    fdpCeiling: r0.fdpCeiling,
    accountedEpsilon: r0.accountedEpsilon,
    noiseMultiplier: r0.noiseMultiplier,
    sampleRate: r0.sampleRate,
    steps: r0.steps,
    fired: { snj: runs.filter((r) => r.fired.includes('snj')).length, fdpCurve: runs.filter((r) => r.fired.includes('fdp-curve')).length },
  };
}

export async function runDpsgdSelftest(
  tf: Tf,
  ds: PreparedDataset,
  opts: DpsgdSelftestOptions,
  onRun?: (done: number, total: number) => void,
  onCell?: (cell: DpsgdCell) => void,
): Promise<DpsgdSelftestReport> {
  const t0 = performance.now();
  const seedsOf = (f: TrainerFault) =>
    f === 'none'
      ? opts.correctSeeds
      : f === 'noise-off'
        ? (opts.noiseOffSeeds ?? opts.seeds)
        : f === 'noise-quarter'
          ? (opts.noiseQuarterSeeds ?? opts.seeds)
          : opts.seeds;
  const total = opts.faults.reduce((a, f) => a + seedsOf(f), 0) * opts.epsilons.length;
  let done = 0;
  const cells: DpsgdCell[] = [];
  const falseFail = { events: 0, runs: 0, rate: 0 };
  for (const fault of opts.faults) {
    for (const e of opts.epsilons) {
      const runs: DpsgdRun[] = [];
      for (let s = 0; s < seedsOf(fault); s++) {
        const r = await runDpsgdOne(tf, ds, opts, fault, e, s);
        runs.push(r);
        if (fault === 'none') {
          falseFail.runs++;
          if (r.detected) falseFail.events++;
        }
        onRun?.(++done, total);
      }
      const cell = cellOf(runs);
      cells.push(cell);
      onCell?.(cell);
    }
  }
  falseFail.rate = falseFail.runs > 0 ? falseFail.events / falseFail.runs : 0;
  return {
    title: 'dpaudit DP-SGD pipeline self-test (seeded trainer faults)',
    seed: opts.seed,
    clip: opts.train.clip,
    cells,
    falseFail,
    seconds: (performance.now() - t0) / 1000,
    notes: [
      `detection = the gate's one-run family FAILs: Holm over the testable tests (Steinke–Nasr–Jagielski, f-DP test of the accountant's curve) at α = ${ONE_RUN_FAMILY_ALPHA}`,
      'untestable = no one-run test could fail at the claimed ε with these canaries (ceiling ≤ claimed ε): reported, never a pass',
      `faults: noise-off σ = 0; noise-quarter σ/4; clip-off no per-example clipping (gradient canaries of raw norm ${CANARY_RAW_NORM}·C pass through the trainer's clip bound); noise-unscaled sd σ instead of σC (C = ${opts.train.clip}); rate-4x Poisson rate 4q while the accountant assumes q`,
      `gradient canaries m ≥ ${opts.gradientCanaries}, raised per ε until a test could fail, at most ${opts.maxGradientCanaries ?? 200000} (white-box, likelihood-ratio score)`,
    ],
  };
}

export interface DpsgdVerdict {
  report: DpsgdSelftestReport;
  checks: { what: string; pass: boolean }[];
  pass: boolean;
}

/**
 * Pass criteria of the DP-SGD part: the correct trainer's false-FAIL count is not significantly above the
 * one-run family α (one-sided exact binomial test at level 0.01), and noise switched off and clipping
 * switched off are each detected in every run at the smallest claimed ε. Every other cell is reported (detection and untestable counts).
 */
export function judgeDpsgd(report: DpsgdSelftestReport): DpsgdVerdict {
  const ff = report.falseFail;
  const p = ff.runs > 0 ? binomialUpperPValue(ff.events, ff.runs, ONE_RUN_FAMILY_ALPHA) : 1;
  const checks = [
    {
      what: `correct trainer: false FAIL ${ff.events}/${ff.runs} (binomial p = ${p.toFixed(4)} vs α = ${ONE_RUN_FAMILY_ALPHA})`,
      pass: p >= 0.01,
    },
  ];
  for (const [fault, label] of [
    ['noise-off', 'noise off'],
    ['clip-off', 'clipping off'],
  ] as const) {
    const cs = report.cells.filter((c) => c.fault === fault);
    if (cs.length === 0) continue;
    const eMin = Math.min(...cs.map((c) => c.epsilon));
    const c = cs.find((x) => x.epsilon === eMin) as DpsgdCell;
    checks.push({ what: `${label} at claimed ε = ${eMin}: detected in ${c.detected}/${c.runs} runs`, pass: c.detected === c.runs });
  }
  return { report, checks, pass: checks.every((c) => c.pass) };
}
