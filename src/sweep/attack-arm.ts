import { initBackend, tf, type BackendInfo } from '../backend/index.js';
import type { Logger } from '../cli/log.js';
import { planArm, type Arm, type PrivacyPlan } from '../train/plan.js';
import { armAttacks, type ArmAttackResult } from './analyze-attacks.js';
import {
  runCanaryJob,
  runModelsJob,
  type CanaryJobOutput,
  type FleetJobOutput,
  type JobOutput,
  type JobSpec,
  type ModelsJobOutput,
} from './job.js';
import { runPool } from './pool.js';
import type { SweepOptions } from './options.js';
import { prepareSweep } from './run.js';

export interface AttackRun extends ArmAttackResult {
  plan: PrivacyPlan;
  backend: BackendInfo;
  violated: boolean;
  seconds: number;
}

/**
 * Smallest training work (models × steps) that `dpaudit attack` splits over two workers; smaller fleets train
 * in this process. DPAUDIT_ATTACK_SPLIT_MIN_MODEL_STEPS overrides it (tests force the split with 0).
 */
export const MIN_SPLIT_MODEL_STEPS = 4000;

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
  const M = opts.referenceModels + 1;
  const modelsJob: JobSpec = {
    id: `s0/${plan.arm}/models`,
    kind: 'models',
    seedIndex: 0,
    plan,
    fleetModels: M,
    masks: opts.masks,
    canaries: 0,
  };
  const canaryJob: JobSpec | null =
    canaries > 0 ? { id: `s0/${plan.arm}/canary`, kind: 'canary', seedIndex: 0, plan, fleetModels: 0, masks: opts.masks, canaries } : null;
  let models: ModelsJobOutput;
  let canary: CanaryJobOutput[];
  // Starting a worker (backend, dataset, code) costs about a second: split only fleets worth it.
  const minWork = Number(process.env.DPAUDIT_ATTACK_SPLIT_MIN_MODEL_STEPS ?? MIN_SPLIT_MODEL_STEPS);
  if (opts.workers < 2 || M < 2 || (M + 1) * plan.steps < minWork) {
    models = runModelsJob(tf(), ds, ctx, modelsJob);
    canary = canaryJob ? [runCanaryJob(tf(), ds, ctx, canaryJob)] : [];
  } else {
    // Both cores: the release model and the first h fleet models on one worker, the other fleet models and
    // then the canary run on the other (h balances the model counts). Every model's rows and streams
    // depend on its index alone, so the parts equal one stack of the whole fleet.
    const h = Math.min(M - 1, Math.ceil((M - 1 + (canaryJob ? 1 : 0)) / 2));
    const jobs: JobSpec[] = [
      { ...modelsJob, fleetRange: [0, h] },
      { ...modelsJob, id: `s0/${plan.arm}/fleet`, kind: 'fleet', fleetRange: [h, M] },
      ...(canaryJob ? [canaryJob] : []),
    ];
    const outs = new Map<string, JobOutput>();
    await runPool(jobs, opts.workers, { backend: opts.backend, dataset: opts.dataset, maxRows: opts.maxRows, ctx }, (o) =>
      outs.set(o.id, o),
    );
    const head = outs.get(modelsJob.id) as ModelsJobOutput;
    const tail = outs.get(`s0/${plan.arm}/fleet`) as FleetJobOutput;
    const f = head.fleet as NonNullable<ModelsJobOutput['fleet']>;
    const cat = (a: Float32Array, b: Float32Array) => {
      const out = new Float32Array(a.length + b.length);
      out.set(a, 0);
      out.set(b, a.length);
      return out;
    };
    models = {
      ...head,
      fleet: {
        nModels: M,
        poolLogits: cat(f.poolLogits, tail.poolLogits),
        testLogits: cat(f.testLogits, tail.testLogits),
        inMask: f.inMask,
      },
      seconds: head.seconds + tail.seconds,
      examples: head.examples + tail.examples,
    };
    canary = canaryJob ? [outs.get(canaryJob.id) as CanaryJobOutput] : [];
  }
  const res = armAttacks({ ...opts, seeds: 1 }, ds, plan, [models], canary, 1);
  return {
    ...res,
    plan,
    backend,
    violated: res.summaries.some((s) => s.violation?.violated === true),
    seconds: (performance.now() - t0) / 1000,
  };
}
