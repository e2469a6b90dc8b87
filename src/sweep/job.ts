import type { EncoderState, PreparedDataset } from '../data/types.js';
import type { ModelSpec } from '../model/spec.js';
import type { TrainConfig } from '../train/config.js';
import { materialise, type JobRequest } from '../train/materialise.js';
import type { StackProgress, StepKernel } from '../train/stack.js';
import type { ModelRunFacts, Trainer, TrainResult } from '../train/trainer.js';
import type { GradientCanaryRun } from '../train/gradient-canaries.js';
import type { CanaryKind } from '../options/registry.js';
import type { SiteUpdateView } from '../train/federated/types.js';
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
  /**
   * Federated arms: the audited site's last-round update as the server sees it, for every fleet model
   * (model-major, like fleet.poolLogits / fleet.testLogits): logits of the global model sent to the site
   * (before) and of the site's local model (after) on the pool and test rows. Absent for centralised arms.
   */
  siteUpdate?: SiteUpdateLogits | null;
  /** White-box gradient canaries carried by the release model's run (null when not requested, nondp, or the trainer cannot). */
  gradientCanaries?: GradientCanaryRun | null;
  seconds: number;
  examples: number;
  /** What the trainer reports it ran (external trainers; absent for dpaudit's own). */
  trainerRun?: TrainerRunRecord;
  /** Engines of the gradient step (dpaudit's own trainer). */
  kernels?: StepKernel[];
}

/** The server's view of one site's update over the fleet (per-example logits: memory and cache only). */
export interface SiteUpdateLogits {
  site: number;
  round: number;
  nModels: number;
  poolBefore: Float32Array;
  poolAfter: Float32Array;
  testBefore: Float32Array;
  testAfter: Float32Array;
}

/**
 * The fleet models' part (models 1..M of the job) of a trainer's site-update view, cut to the pool and test
 * rows of the score-row layout.
 */
export function fleetSiteUpdate(
  view: SiteUpdateView,
  nScore: number,
  nModels: number,
  pool: [number, number],
  test: [number, number],
): SiteUpdateLogits {
  const cut = (src: Float32Array, [a, b]: [number, number]) => {
    const w = b - a;
    const out = new Float32Array(nModels * w);
    for (let m = 0; m < nModels; m++) out.set(src.subarray((m + 1) * nScore + a, (m + 1) * nScore + b), m * w);
    return out;
  };
  return {
    site: view.site,
    round: view.round,
    nModels,
    poolBefore: cut(view.before, pool),
    poolAfter: cut(view.after, pool),
    testBefore: cut(view.before, test),
    testAfter: cut(view.after, test),
  };
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
  /**
   * Membership score of each canary (−loss on its label under the trained model); a canary of several rows
   * (a synthetic patient) scores the mean −loss over its rows.
   */
  scores: Float64Array;
  /** Rows per canary when a canary is a synthetic patient (absent: 1). */
  rowsPerCanary?: number;
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
  // The trainer's site-update view (federated trainers only; read structurally so that any trainer may add it).
  const view = (res as { siteUpdate?: SiteUpdateView | null }).siteUpdate ?? null;
  const siteUpdate = view && M > 0 ? fleetSiteUpdate(view, nScore, M, layout.pool, layout.test) : null;
  const examples = res.facts.reduce((a, r) => a + r.meanBatchSize * job.plan.steps, 0);
  return {
    kind: 'models',
    id: job.id,
    arm: job.plan.arm,
    seedIndex: job.seedIndex,
    release,
    fleet,
    ...(siteUpdate ? { siteUpdate } : {}),
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
  const { kind, labels, included, rowsPerCanary: k } = mat.canaries as NonNullable<typeof mat.canaries>;
  const res = await trainer.train(mat.inputs, onStep);
  const m = labels.length;
  const scores = new Float64Array(m);
  // Score rows are the canaries' rows in order, k per canary; a canary's score is the mean −loss of its rows.
  for (let j = 0; j < m; j++) {
    let sum = 0;
    for (let r = 0; r < k; r++) {
      const logit = res.logits[j * k + r];
      const s = labels[j] === 1 ? logit : -logit; // φ: logit-scaled confidence in the canary's label
      sum += -softplus(-s); // −loss
    }
    scores[j] = sum / k;
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
    ...(k > 1 ? { rowsPerCanary: k } : {}),
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
