import type { EncoderState, PreparedDataset } from '../data/types.js';
import type { ModelSpec } from '../model/spec.js';
import type { TrainConfig } from '../train/config.js';
import { materialise, type JobRequest } from '../train/materialise.js';
import type { StackProgress, StepKernel } from '../train/stack.js';
import type { ModelRunFacts, Trainer, TrainResult } from '../train/trainer.js';
import type { GradientCanaryRun } from '../train/gradient-canaries.js';
import type { CanaryKind } from '../options/registry.js';
import { softplus } from '../../attacks/signals.js';

export { CANARY_KINDS, type CanaryKind } from '../options/registry.js';
export { oodCanaryNorm } from '../train/materialise.js';

/**
 * One unit of the job graph: for one (arm, seed), the release model (whole training pool) and the
 * reference fleet (K + 1 models on inclusion masks) trained as one stack with the arm's q, σ, T, C; or the
 * arm's canary run (one-run audit). Outputs hold per-example logits: they stay in memory or the cache and
 * never reach results.json or the report.
 */
export type JobSpec = JobRequest;

export interface JobContext {
  rootSeed: number;
  train: TrainConfig;
}

export interface ModelsJobOutput {
  kind: 'models';
  id: string;
  arm: string;
  seedIndex: number;
  release: {
    validationLogits: Float32Array;
    testLogits: Float32Array;
    emptySteps: number;
    meanBatchSize: number;
    optimizerSteps: number;
    /** The release model itself (for `train --out`): null when an external trainer trained it. */
    spec: ModelSpec | null;
    params: Float32Array | null;
    /** dpaudit's feature encoding (null in manifest mode). */
    encoder: EncoderState | null;
  };
  fleet: { nModels: number; poolLogits: Float32Array; testLogits: Float32Array; inMask: Uint8Array } | null;
  /** White-box gradient canaries carried by the release model's run (null when not requested, nondp, or the trainer cannot). */
  gradientCanaries?: GradientCanaryRun | null;
  seconds: number;
  examples: number;
  /** What the trainer reports it ran (external trainers; absent for dpaudit's own). */
  trainerRun?: TrainerRunRecord;
  /** Engines of the gradient step (dpaudit's own trainer). */
  kernels?: StepKernel[];
}

/** An external trainer's report of one job, kept for plan conformance and the report. */
export interface TrainerRunRecord {
  library: string;
  facts: ModelRunFacts[];
}

export interface CanaryJobOutput {
  kind: 'canary';
  id: string;
  arm: string;
  seedIndex: number;
  m: number;
  /** Kind of input-space canary (`ood` or `flip`). */
  canaryKind?: CanaryKind;
  /** 1 if canary j was included in training. */
  included: Uint8Array;
  /** Membership score of each canary (−loss on its label under the trained model). */
  scores: Float64Array;
  seconds: number;
  examples: number;
  trainerRun?: TrainerRunRecord;
  kernels?: StepKernel[];
}

export type JobOutput = ModelsJobOutput | CanaryJobOutput;

function trainerRun(trainer: Trainer, r: TrainResult): { trainerRun?: TrainerRunRecord; kernels?: StepKernel[] } {
  if (trainer.cacheIdentity !== null) return { trainerRun: { library: r.library, facts: r.facts } };
  return r.kernels ? { kernels: r.kernels } : {};
}

/**
 * The release model (whole training pool) and the reference fleet (K + 1 models on inclusion masks) of
 * one arm and seed: materialise the inputs, train them with `trainer`, read the logits back.
 */
export async function runModelsJob(
  trainer: Trainer,
  ds: PreparedDataset,
  ctx: JobContext,
  job: JobSpec,
  onStep?: (p: StackProgress) => void,
): Promise<ModelsJobOutput> {
  const t0 = performance.now();
  const mat = materialise(ds, ctx, job);
  const layout = mat.layout as NonNullable<typeof mat.layout>;
  const res = await trainer.train(mat.inputs, onStep);
  const nScore = mat.inputs.scoreRows.length;
  const part = (m: number, [a, b]: [number, number]) => res.logits.slice(m * nScore + a, m * nScore + b);
  const rel = res.facts[0];
  const release = {
    validationLogits: part(0, layout.validation),
    testLogits: part(0, layout.test),
    emptySteps: rel.emptySteps,
    meanBatchSize: rel.meanBatchSize,
    optimizerSteps: rel.optimizerSteps,
    spec: res.spec ?? null,
    params: res.params?.[0] ?? null,
    encoder: mat.inputs.features?.encoder ?? null,
  };
  const M = job.fleetModels;
  let fleet: ModelsJobOutput['fleet'] = null;
  if (M > 0) {
    const n = layout.pool[1] - layout.pool[0];
    const nt = layout.test[1] - layout.test[0];
    const poolLogits = new Float32Array(M * n);
    const testLogits = new Float32Array(M * nt);
    for (let m = 0; m < M; m++) {
      poolLogits.set(part(m + 1, layout.pool), m * n);
      testLogits.set(part(m + 1, layout.test), m * nt);
    }
    fleet = { nModels: M, poolLogits, testLogits, inMask: mat.inMask };
  }
  const examples = res.facts.reduce((a, r) => a + r.meanBatchSize * job.plan.steps, 0);
  return {
    kind: 'models',
    id: job.id,
    arm: job.plan.arm,
    seedIndex: job.seedIndex,
    release,
    fleet,
    gradientCanaries: res.gradientCanaries ?? null,
    seconds: (performance.now() - t0) / 1000,
    examples,
    ...trainerRun(trainer, res),
  };
}

/**
 * Canary run for the one-run audit (Steinke, Nasr, Jagielski 2023; docs/methods.md#one-run-audit): m
 * input-space canaries (`ood` or `flip`), each included with probability ½ (see train/materialise.ts); one
 * model is trained with the arm's mechanism (same q, σ, T, C); each canary is scored by −loss on its own label.
 */
export async function runCanaryJob(
  trainer: Trainer,
  ds: PreparedDataset,
  ctx: JobContext,
  job: JobSpec,
  onStep?: (p: StackProgress) => void,
): Promise<CanaryJobOutput> {
  const t0 = performance.now();
  const mat = materialise(ds, ctx, job);
  const { kind, labels, included } = mat.canaries as NonNullable<typeof mat.canaries>;
  const res = await trainer.train(mat.inputs, onStep);
  const m = labels.length;
  const scores = new Float64Array(m);
  for (let j = 0; j < m; j++) {
    const s = labels[j] === 1 ? res.logits[j] : -res.logits[j]; // φ: logit-scaled confidence in the canary's label
    scores[j] = -softplus(-s); // −loss
  }
  return {
    kind: 'canary',
    id: job.id,
    arm: job.plan.arm,
    seedIndex: job.seedIndex,
    m,
    canaryKind: kind,
    included,
    scores,
    seconds: (performance.now() - t0) / 1000,
    examples: res.facts[0].meanBatchSize * job.plan.steps,
    ...trainerRun(trainer, res),
  };
}

/** Run one job of either kind. */
export function runJob(
  trainer: Trainer,
  ds: PreparedDataset,
  ctx: JobContext,
  job: JobSpec,
  onStep?: (p: StackProgress) => void,
): Promise<JobOutput> {
  return job.kind === 'models' ? runModelsJob(trainer, ds, ctx, job, onStep) : runCanaryJob(trainer, ds, ctx, job, onStep);
}
