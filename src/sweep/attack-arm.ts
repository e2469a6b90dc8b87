import { initBackend, tf, type BackendInfo } from '../backend/index.js';
import type { Logger } from '../log/logger.js';
import type { Arm, PrivacyPlan } from '../train/plan.js';
import { planForDataset } from '../train/privacy-unit.js';
import { armAttacks, gradientCanariesFor, oneRunTestAlpha, type ArmAttackResult } from './analyze-attacks.js';
import { runCanaryJob, runModelsJob } from './job.js';
import { TfjsTrainer } from '../train/tfjs-trainer.js';
import { ExternalTrainer } from '../train/external/trainer.js';
import type { SweepOptions } from './options.js';
import { prepareSweep } from './run.js';
import { SplitTrainer } from './split-trainer.js';
import type { PreparedDataset } from '../data/types.js';
import type { Trainer } from '../train/trainer.js';

export interface AttackRun extends ArmAttackResult {
  plan: PrivacyPlan;
  backend: BackendInfo;
  violated: boolean;
  seconds: number;
}

/** Train one arm's reference fleet (and canary run) in this process and attack it (`dpaudit attack`). */
export async function attackArm(opts: SweepOptions, arm: Arm, log: Logger): Promise<AttackRun> {
  // An explicit backend request may be unavailable: that usage error comes before any work. With more than one
  // worker this thread trains nothing: its backend (for the record) loads while the workers train.
  const split = !opts.trainer && opts.workers > 1;
  const backendReady = opts.backend === 'auto' && split ? initBackend(opts.backend) : Promise.resolve(await initBackend(opts.backend));
  backendReady.catch(() => {});
  // The fleet is split over the workers (one part of the models each; the same numbers as one trainer). They
  // start now, so that their start-up overlaps the planning below.
  const ctx = { rootSeed: opts.rootSeed, train: opts.train };
  const splitTrainer = split
    ? new SplitTrainer(opts.workers, { backend: opts.backend, dataset: opts.dataset, maxRows: opts.maxRows, ctx })
    : null;
  splitTrainer?.start();
  try {
    return await planTrainAttack(opts, arm, log, backendReady, splitTrainer);
  } finally {
    await splitTrainer?.close();
  }
}

async function planTrainAttack(
  opts: SweepOptions,
  arm: Arm,
  log: Logger,
  backendReady: Promise<BackendInfo>,
  splitTrainer: SplitTrainer | null,
): Promise<AttackRun> {
  const { ds, canaries } = prepareSweep({ ...opts, epsilons: [] }, log);
  for (const w of ds.warnings) log.warn(w);
  const plan = planForDataset(arm, opts.train, ds);
  for (const w of plan.warnings) log.warn(w);
  if (plan.batchSize) log.info(`privacy unit: the patient; ${plan.batchSize.note}`);
  const t0 = performance.now();
  const gradient = opts.canaryKind === 'gradient' && canaries > 0 && plan.arm !== 'nondp';
  log.info(
    `training ${opts.referenceModels + 1} reference models of ${plan.arm} (${plan.steps} steps each)${canaries > 0 ? (opts.canaryKind === 'gradient' ? ` with gradient canaries` : ` and a canary run (m = ${canaries})`) : ''}…`,
  );
  return trainAndAttack(
    opts,
    ds,
    plan,
    canaries,
    gradient,
    backendReady,
    t0,
    splitTrainer ?? (opts.trainer ? new ExternalTrainer(opts.trainer, opts.out, opts.dataset.data) : new TfjsTrainer(tf())),
  );
}

async function trainAndAttack(
  opts: SweepOptions,
  ds: PreparedDataset,
  plan: PrivacyPlan,
  canaries: number,
  gradient: boolean,
  backendReady: Promise<BackendInfo>,
  t0: number,
  trainer: Trainer,
): Promise<AttackRun> {
  const ctx = { rootSeed: opts.rootSeed, train: opts.train };
  const models = await runModelsJob(trainer, ds, ctx, {
    id: `s0/${plan.arm}/models`,
    kind: 'models',
    seedIndex: 0,
    plan,
    fleetModels: opts.referenceModels + 1,
    masks: opts.masks,
    // Gradient canaries ride on the release model's run (none on nondp), as in the sweep.
    ...(gradient
      ? { canaries: gradientCanariesFor(plan, opts.train.accountant, canaries, oneRunTestAlpha(1)), canaryKind: 'gradient' as const }
      : { canaries: 0 }),
  });
  const canary =
    canaries > 0 && opts.canaryKind !== 'gradient'
      ? [
          await runCanaryJob(trainer, ds, ctx, {
            id: `s0/${plan.arm}/canary`,
            kind: 'canary',
            seedIndex: 0,
            plan,
            fleetModels: 0,
            masks: opts.masks,
            canaries,
            ...(opts.canaryKind === 'ood' ? { canaryKind: 'ood' as const } : {}),
          }),
        ]
      : [];
  const res = armAttacks({ ...opts, seeds: 1 }, ds, plan, [models], canary, 1);
  return {
    ...res,
    plan,
    backend: await backendReady,
    violated: res.summaries.some((s) => s.violation?.violated === true),
    seconds: (performance.now() - t0) / 1000,
  };
}
