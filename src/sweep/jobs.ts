import type { PrivacyPlan } from '../train/plan.js';
import type { JobSpec } from './job.js';
import { gradientCanariesFor, oneRunTestAlpha } from './arm-profile.js';
import type { SweepOptions } from './options.js';
import { presets } from './presets.js';
import { sweepCanaries } from './canary-cap.js';

/**
 * The job graph: per seed, one `models` job per arm (release model + fleet of K + 1 as one stack) and one
 * `canary` job per arm when canaries are enabled. nondp and cliponly serve every ε. Ids are stable and sorted;
 * shardJobs splits them by estimated cost.
 */
type JobOpts = Pick<SweepOptions, 'referenceModels' | 'masks'>;

/** The `models` job of an arm and seed: release model and fleet of K + 1 as one stack (key order fixed: cache keys). */
function modelsJob(opts: JobOpts, plan: PrivacyPlan, s: number, canaries: number, gradientCanaries: boolean): JobSpec {
  return {
    id: `s${s}/${plan.arm}/models`,
    kind: 'models',
    seedIndex: s,
    plan,
    fleetModels: opts.referenceModels + 1,
    masks: opts.masks,
    canaries,
    ...(gradientCanaries ? { canaryKind: 'gradient' as const } : {}),
  };
}

/** The `canary` job of an arm and seed: one run with m input-space canaries of `kind`. */
function canaryJob(opts: JobOpts, plan: PrivacyPlan, s: number, m: number, kind: SweepOptions['canaryKind']): JobSpec {
  return {
    id: `s${s}/${plan.arm}/canary`,
    kind: 'canary',
    seedIndex: s,
    plan,
    fleetModels: 0,
    masks: opts.masks,
    canaries: m,
    ...(kind === 'ood' ? { canaryKind: 'ood' as const } : {}),
  };
}

export function buildJobs(
  opts: Pick<SweepOptions, 'seeds' | 'referenceModels' | 'masks' | 'canaryKind' | 'train'> & Partial<Pick<SweepOptions, 'preset'>>,
  plans: PrivacyPlan[],
  canaries: number,
  /** Gradient canaries m per arm when already computed (see planSweepArm); computed here otherwise. */
  gradientCanaries?: ReadonlyMap<string, number>,
): JobSpec[] {
  const jobs: JobSpec[] = [];
  const gradient = opts.canaryKind === 'gradient';
  // The one-run family of the centralised DP arms (federated arms are audited beside it, not in it).
  const testAlpha = oneRunTestAlpha(plans.filter((p) => p.targetEpsilon !== null && !p.federation).length);
  for (let s = 0; s < opts.seeds; s++) {
    for (const plan of plans) {
      if (plan.federation) {
        jobs.push(...federatedJobs(opts, plan, s, canaries));
        continue;
      }
      // Gradient canaries ride on the release model's run (no extra training; none on nondp).
      // m raised per arm until the check could fail at the claimed ε (docs/methods.md#untestable).
      const withGradient = gradient && plan.arm !== 'nondp';
      const m = withGradient
        ? (gradientCanaries?.get(plan.arm) ?? gradientCanariesFor(plan, opts.train.accountant, canaries, testAlpha))
        : 0;
      jobs.push(modelsJob(opts, plan, s, m, withGradient && canaries > 0));
      if (canaries > 0 && !gradient) jobs.push(canaryJob(opts, plan, s, canaries, opts.canaryKind));
    }
  }
  return jobs.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/**
 * The ids of the sweep's jobs (buildJobs without working out the gradient-canary counts, which need an accountant
 * profile per arm and do not change the ids).
 */
export function sweepJobIds(opts: Parameters<typeof buildJobs>[0], plans: PrivacyPlan[], canaries: number): string[] {
  return buildJobs(opts, plans, canaries, new Map(plans.map((p) => [p.arm, 0]))).map((j) => j.id);
}

/**
 * The jobs of a federated arm (docs/methods.md#federated): the release model and fleet trained by FedAvg, and a
 * canary run with input-space canaries placed at the audited site. Gradient canaries live inside centralised
 * DP-SGD and are not supported in federated arms: with --canary-kind gradient the federated arms get `ood`
 * canaries (the preset's input-space count, at most 10 % of the pool's privacy units).
 */
function federatedJobs(
  opts: Pick<SweepOptions, 'referenceModels' | 'masks' | 'canaryKind'> & Partial<Pick<SweepOptions, 'preset'>>,
  plan: PrivacyPlan,
  s: number,
  canaries: number,
): JobSpec[] {
  const models = modelsJob(opts, plan, s, 0, false);
  if (canaries <= 0) return [models];
  const gradient = opts.canaryKind === 'gradient';
  // An ood canary is one privacy unit (a synthetic patient under the patient unit): the cap counts plan.n units.
  const m = gradient ? sweepCanaries({ canaries: presets[opts.preset ?? 'standard'].canaries, canaryKind: 'ood' }, plan.n) : canaries;
  if (m <= 0) return [models];
  return [models, canaryJob(opts, plan, s, m, gradient ? 'ood' : opts.canaryKind)];
}

/**
 * The jobs of shard i of n, balanced by estimated cost (jobCost): longest job first to the shard with the
 * least work so far (ties: lower shard, then job order). Deterministic, so every shard computes the same
 * assignment; the shard's jobs keep their original order.
 */
export function shardJobs(jobs: JobSpec[], shard: { index: number; count: number } | null): JobSpec[] {
  if (!shard) return jobs;
  const load = new Float64Array(shard.count);
  const owner = new Int32Array(jobs.length);
  const order = jobs.map((_, k) => k).sort((a, b) => jobCost(jobs[b]) - jobCost(jobs[a]) || a - b);
  for (const k of order) {
    let best = 0;
    for (let s = 1; s < shard.count; s++) if (load[s] < load[best]) best = s;
    owner[k] = best;
    load[best] += jobCost(jobs[k]);
  }
  return jobs.filter((_, k) => owner[k] === shard.index - 1);
}

/** Work estimate used to hand out the longest jobs first. */
export function jobCost(j: JobSpec): number {
  // A federated job runs every site's local steps each round: R·Σ_s T_s steps of the centralised kind.
  const f = j.plan.federation;
  const steps = f ? f.config.rounds * f.sites.reduce((a, x) => a + x.stepsPerRound, 0) : j.plan.steps;
  return (j.kind === 'canary' ? 1 : j.fleetModels / 2 + 1) * steps;
}
