import type * as tfjs from '@tensorflow/tfjs';
import type { Tf } from '../backend/index.js';
import type { EncoderState, PreparedDataset } from '../data/types.js';
import type { ModelSpec } from '../model/spec.js';
import { Rng } from '../random/rng.js';
import type { TrainConfig } from '../train/config.js';
import { inclusionMasks, rowsOfModel, type MaskScheme } from '../train/masks.js';
import type { PrivacyPlan } from '../train/plan.js';
import { gatherRows, uploadDataset, logitsOn } from '../train/session.js';
import { predictLogits } from '../model/forward.js';
import { trainStack, type StackMember, type StackProgress, type StackTestSeam } from '../train/stack.js';
import { GradientCanaries, type GradientCanaryRun } from '../train/gradient-canaries.js';
import { softplus } from '../../attacks/signals.js';

/**
 * One unit of the job graph: for one (arm, seed), the release model (whole training pool) and the
 * reference fleet (K + 1 models on inclusion masks) trained as one stack with the arm's q, σ, T, C; or the
 * arm's canary run (one-run audit). Outputs hold per-example logits: they stay in memory or the cache and
 * never reach results.json or the report.
 */
export interface JobSpec {
  id: string;
  kind: 'models' | 'canary';
  seedIndex: number;
  plan: PrivacyPlan;
  /** K + 1 fleet models (0 = no fleet). */
  fleetModels: number;
  masks: MaskScheme;
  /** Canary run: number of canaries m (gradient canaries: carried by the models job's release model). */
  canaries: number;
  /** Canary kind (docs/methods.md#gradient-canaries); absent = `flip` (the former label-flip canaries). */
  canaryKind?: CanaryKind;
}

/**
 * `gradient`: white-box Dirac canaries inside DP-SGD (on the release model's run, at no extra training);
 * `ood`: out-of-distribution input records (random direction at a norm that saturates the clip, random label);
 * `flip`: label-flipped copies of pool rows (weak: the source row stays in training and cancels them).
 */
export type CanaryKind = 'gradient' | 'ood' | 'flip';
export const CANARY_KINDS: readonly CanaryKind[] = ['gradient', 'ood', 'flip'];

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
    /** The release model itself (for `train --out`). */
    spec: ModelSpec;
    params: Float32Array;
    encoder: EncoderState;
  };
  fleet: { nModels: number; poolLogits: Float32Array; testLogits: Float32Array; inMask: Uint8Array } | null;
  /** White-box gradient canaries carried by the release model's run (null when not requested or nondp). */
  gradientCanaries?: GradientCanaryRun | null;
  seconds: number;
  examples: number;
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
}

export type JobOutput = ModelsJobOutput | CanaryJobOutput;

function memberFor(plan: PrivacyPlan, rows: Int32Array, ctx: JobContext, seedIndex: number, modelIndex: string | number): StackMember {
  const mode = plan.arm === 'nondp' ? 'nondp' : plan.arm === 'cliponly' ? 'cliponly' : 'dp';
  return {
    rows,
    mode,
    noiseMultiplier: plan.noiseMultiplier,
    // Arms share initialisation and the Poisson batch sequence (same seed parts without the arm)…
    initSeed: [ctx.rootSeed, 'init', seedIndex, modelIndex],
    batchSeed: [ctx.rootSeed, 'batches', seedIndex, modelIndex],
    // …and differ only in their noise.
    noiseSeed: [ctx.rootSeed, 'noise', plan.arm, seedIndex, modelIndex],
    secureNoise: ctx.train.secureNoise,
  };
}

export function runModelsJob(
  tf: Tf,
  ds: PreparedDataset,
  ctx: JobContext,
  job: JobSpec,
  onStep?: (p: StackProgress) => void,
  /** Seeded trainer faults: the pipeline self-test only. */
  seam?: StackTestSeam,
): ModelsJobOutput {
  const t0 = performance.now();
  const data = uploadDataset(tf, ds, ctx.train);
  let poolX: tfjs.Tensor2D | null = null;
  let testX: tfjs.Tensor2D | null = null;
  try {
    const pool = ds.splits.train;
    const M = job.fleetModels;
    const mask = M > 0 ? inclusionMasks(M, pool.length, job.masks, [ctx.rootSeed, job.seedIndex]) : new Uint8Array(0);
    const members: StackMember[] = [memberFor(job.plan, pool, ctx, job.seedIndex, 'release')];
    // Gradient canaries live on extra coordinates with their own noise stream: the release model is unchanged.
    const gc =
      job.canaryKind === 'gradient' && job.canaries > 0 && job.plan.arm !== 'nondp'
        ? new GradientCanaries(job.canaries, [ctx.rootSeed, 'canaries', job.seedIndex, job.plan.arm], job.plan)
        : null;
    if (gc) members[0].canaries = gc;
    for (let m = 0; m < M; m++) members.push(memberFor(job.plan, rowsOfModel(mask, m, pool), ctx, job.seedIndex, m));
    const res = trainStack(
      tf,
      data,
      members,
      {
        spec: data.spec,
        sampleRate: job.plan.sampleRate,
        steps: job.plan.steps,
        clip: ctx.train.clip,
        optimizer: { name: ctx.train.optimizer, lr: ctx.train.lr, momentum: ctx.train.momentum },
      },
      onStep,
      seam,
    );
    const rel = res[0];
    // Pool and test rows are gathered once and every model is evaluated on them.
    poolX = gatherRows(tf, data, pool);
    testX = gatherRows(tf, data, ds.splits.test);
    const release = {
      validationLogits: logitsOn(tf, data, rel.params, ds.splits.validation),
      testLogits: predictLogits(tf, data.spec, rel.params, testX),
      emptySteps: rel.emptySteps,
      meanBatchSize: rel.meanBatchSize,
      optimizerSteps: rel.optimizerSteps,
      spec: data.spec,
      params: rel.params,
      encoder: data.encoder,
    };
    let fleet: ModelsJobOutput['fleet'] = null;
    if (M > 0) {
      const n = pool.length;
      const nt = ds.splits.test.length;
      const poolLogits = new Float32Array(M * n);
      const testLogits = new Float32Array(M * nt);
      for (let m = 0; m < M; m++) {
        poolLogits.set(predictLogits(tf, data.spec, res[m + 1].params, poolX), m * n);
        testLogits.set(predictLogits(tf, data.spec, res[m + 1].params, testX), m * nt);
      }
      fleet = { nModels: M, poolLogits, testLogits, inMask: mask };
    }
    const examples = res.reduce((a, r) => a + r.meanBatchSize * job.plan.steps, 0);
    return {
      kind: 'models',
      id: job.id,
      arm: job.plan.arm,
      seedIndex: job.seedIndex,
      release,
      fleet,
      gradientCanaries: gc ? gc.result() : null,
      seconds: (performance.now() - t0) / 1000,
      examples,
    };
  } finally {
    poolX?.dispose();
    testX?.dispose();
    data.dispose();
  }
}

/** Norm of an out-of-distribution canary in the encoded feature space: large enough to saturate the clip C. */
export function oodCanaryNorm(clip: number): number {
  return Math.max(8, 4 * clip);
}

/**
 * Canary run for the one-run audit (Steinke, Nasr, Jagielski 2023): m input-space canaries, each included
 * independently with probability ½, are added to the pool; one model is trained with the arm's mechanism
 * (same q, σ, T, C); each canary is scored by −loss on its own label. `ood` (default for input-space
 * canaries): a uniformly random direction of the encoded feature space at norm max(8, 4C) with a random label,
 * never a copy of a training row (docs/methods.md#gradient-canaries). `flip`: label-flipped copies of random
 * pool rows (their sources stay in training, which largely cancels them).
 */
export function runCanaryJob(
  tf: Tf,
  ds: PreparedDataset,
  ctx: JobContext,
  job: JobSpec,
  onStep?: (p: StackProgress) => void,
  /** Seeded trainer faults: the pipeline self-test only. */
  seam?: StackTestSeam,
): CanaryJobOutput {
  const t0 = performance.now();
  const kind: CanaryKind = job.canaryKind === 'ood' ? 'ood' : 'flip';
  const pool = ds.splits.train;
  const m = kind === 'flip' ? Math.min(job.canaries, pool.length) : job.canaries;
  const rng = Rng.from(ctx.rootSeed, 'canaries', job.seedIndex, ...(kind === 'flip' ? [] : [kind]));
  const labels = new Uint8Array(m);
  const included = new Uint8Array(m);
  let data: ReturnType<typeof uploadDataset>;
  if (kind === 'flip') {
    const order = Int32Array.from(pool);
    rng.shuffle(order);
    const sources = order.slice(0, m);
    for (let j = 0; j < m; j++) included[j] = rng.next() < 0.5 ? 1 : 0;
    // Canaries: copies of their source rows' features with the label flipped, appended after the dataset.
    for (let j = 0; j < m; j++) labels[j] = 1 - ds.y[sources[j]];
    data = uploadDataset(tf, ds, ctx.train, { rows: sources, y: labels });
  } else {
    for (let j = 0; j < m; j++) {
      included[j] = rng.next() < 0.5 ? 1 : 0;
      labels[j] = rng.next() < 0.5 ? 1 : 0;
    }
    const norm = oodCanaryNorm(ctx.train.clip);
    const features = (d: number): Float32Array => {
      const X = new Float32Array(m * d);
      const v = new Float32Array(d);
      for (let j = 0; j < m; j++) {
        rng.fillNormal(v, 1);
        let ss = 0;
        for (let k = 0; k < d; k++) ss += v[k] * v[k];
        const f = norm / Math.sqrt(ss || 1);
        for (let k = 0; k < d; k++) X[j * d + k] = v[k] * f;
      }
      return X;
    };
    data = uploadDataset(tf, ds, ctx.train, { features, y: labels });
  }
  try {
    const nBase = ds.y.length;
    const inRows: number[] = [];
    for (let j = 0; j < m; j++) if (included[j]) inRows.push(nBase + j);
    const rows = new Int32Array(pool.length + inRows.length);
    rows.set(pool, 0);
    rows.set(inRows, pool.length);
    const member = memberFor(job.plan, rows, ctx, job.seedIndex, 'canary');
    const res = trainStack(
      tf,
      data,
      [member],
      {
        spec: data.spec,
        sampleRate: job.plan.sampleRate,
        steps: job.plan.steps,
        clip: ctx.train.clip,
        optimizer: { name: ctx.train.optimizer, lr: ctx.train.lr, momentum: ctx.train.momentum },
      },
      onStep,
      seam,
    );
    const canaryRows = Int32Array.from({ length: m }, (_, j) => nBase + j);
    const logits = logitsOn(tf, data, res[0].params, canaryRows);
    const scores = new Float64Array(m);
    for (let j = 0; j < m; j++) {
      const s = labels[j] === 1 ? logits[j] : -logits[j]; // φ: logit-scaled confidence in the canary's label
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
      examples: res[0].meanBatchSize * job.plan.steps,
    };
  } finally {
    data.dispose();
  }
}
