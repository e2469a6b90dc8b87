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
import { sweepWorkerInit } from './execute.js';
import type { PreparedDataset } from '../data/types.js';
import type { Trainer } from '../train/trainer.js';

export interface AttackRun extends ArmAttackResult {
  plan: PrivacyPlan;
  backend: BackendInfo;
  violated: boolean;
  seconds: number;
}

/** Train one arm's reference fleet (and canary run) in this process and attack it (`dpaudit attack`). */
export async function attackArm(opts: SweepOptions, arm: Arm, log: Logger, tuning?: { splitMinExamples?: number }): Promise<AttackRun> {
  // An explicit backend request may be unavailable: that usage error comes before any work. Otherwise this
  // thread's backend (for the record, and for training here when tfjs is needed) loads in the background.
  const backendReady = opts.backend === 'auto' ? initBackend(opts.backend) : Promise.resolve(await initBackend(opts.backend));
  backendReady.catch(() => {});
  const { ds, canaries } = prepareSweep({ ...opts, epsilons: [] }, log);
  for (const w of ds.warnings) log.warn(w);
  const plan = planForDataset(arm, opts.train, ds);
  for (const w of plan.warnings) log.warn(w);
  if (plan.batchSize) log.info(`privacy unit: the patient; ${plan.batchSize.note}`);
  // The fleet is split over the workers (one part of the models each; the same numbers as one trainer) when
  // its training outweighs starting them: at least `splitMinExamples` examples over all models and steps.
  const examples = (opts.referenceModels + 2) * plan.steps * plan.sampleRate * ds.splits.train.length;
  const splitTrainer =
    !opts.trainer && opts.workers > 1 && examples >= (tuning?.splitMinExamples ?? SPLIT_MIN_EXAMPLES)
      ? new SplitTrainer(opts.workers, sweepWorkerInit(opts, false))
      : null;
  splitTrainer?.start();
  try {
    const t0 = performance.now();
    const gradient = opts.canaryKind === 'gradient' && canaries > 0 && plan.arm !== 'nondp';
    log.info(
      `training ${opts.referenceModels + 1} reference models of ${plan.arm} (${plan.steps} steps each)${canaries > 0 ? (opts.canaryKind === 'gradient' ? ` with gradient canaries` : ` and a canary run (m = ${canaries})`) : ''}…`,
    );
    const trainer =
      splitTrainer ??
      (opts.trainer
        ? new ExternalTrainer(opts.trainer, opts.out, opts.dataset.data)
        : new TfjsTrainer(async () => {
            await backendReady;
            return tf();
          }));
    return await trainAndAttack(opts, ds, plan, canaries, gradient, backendReady, t0, trainer);
  } finally {
    await splitTrainer?.close();
  }
}

/** Below this many training examples (all models, all steps) `attack` trains in this thread. */
export const SPLIT_MIN_EXAMPLES = 1_000_000;

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
