import { initBackend, tf, type BackendInfo } from '../backend/index.js';
import type { Logger } from '../log/logger.js';
import { planArm, type Arm, type PrivacyPlan } from '../train/plan.js';
import { armAttacks, type ArmAttackResult } from './analyze-attacks.js';
import { runCanaryJob, runModelsJob } from './job.js';
import { TfjsTrainer } from '../train/tfjs-trainer.js';
import { ExternalTrainer } from '../train/external/trainer.js';
import type { SweepOptions } from './options.js';
import { prepareSweep } from './run.js';

export interface AttackRun extends ArmAttackResult {
  plan: PrivacyPlan;
  backend: BackendInfo;
  violated: boolean;
  seconds: number;
}

/** Train one arm's reference fleet (and canary run) in this process and attack it (`dpaudit attack`). */
export async function attackArm(opts: SweepOptions, arm: Arm, log: Logger): Promise<AttackRun> {
  const backend = await initBackend(opts.backend);
  const { ds, canaries } = prepareSweep({ ...opts, epsilons: [] }, log);
  for (const w of ds.warnings) log.warn(w);
  const plan = planArm(arm, opts.train, ds.splits.train.length);
  for (const w of plan.warnings) log.warn(w);
  const t0 = performance.now();
  const ctx = { rootSeed: opts.rootSeed, train: opts.train };
  log.info(
    `training ${opts.referenceModels + 1} reference models of ${plan.arm} (${plan.steps} steps each)${canaries > 0 ? ` and a canary run (m = ${canaries})` : ''}…`,
  );
  const trainer = opts.trainer ? new ExternalTrainer(opts.trainer, opts.out, opts.dataset.data) : new TfjsTrainer(tf());
  const models = await runModelsJob(trainer, ds, ctx, {
    id: `s0/${plan.arm}/models`,
    kind: 'models',
    seedIndex: 0,
    plan,
    fleetModels: opts.referenceModels + 1,
    masks: opts.masks,
    canaries: 0,
  });
  const canary =
    canaries > 0
      ? [
          await runCanaryJob(trainer, ds, ctx, {
            id: `s0/${plan.arm}/canary`,
            kind: 'canary',
            seedIndex: 0,
            plan,
            fleetModels: 0,
            masks: opts.masks,
            canaries,
          }),
        ]
      : [];
  const res = armAttacks({ ...opts, seeds: 1 }, ds, plan, [models], canary, 1);
  return {
    ...res,
    plan,
    backend,
    violated: res.summaries.some((s) => s.violation?.violated === true),
    seconds: (performance.now() - t0) / 1000,
  };
}
