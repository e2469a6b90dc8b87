import type * as tfjs from '@tensorflow/tfjs';
import type { Tf } from '../backend/index.js';
import type { EncoderState, PreparedDataset } from '../data/types.js';
import type { ModelSpec } from '../model/spec.js';
import { Rng } from '../random/rng.js';
import type { TrainConfig } from '../train/config.js';
import { groupedInclusionMasks, inclusionMasks, rowsOfModel, type MaskScheme } from '../train/masks.js';
import { compactUnits } from '../data/duplicates.js';
import type { PrivacyPlan } from '../train/plan.js';
import { gatherRows, uploadDataset, logitsOn } from '../train/session.js';
import { predictLogits } from '../model/forward.js';
import { trainStack, type StackMember, type StackProgress } from '../train/stack.js';
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
  /** Canary run: number of canaries m. */
  canaries: number;
}

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
  seconds: number;
  examples: number;
}

export interface CanaryJobOutput {
  kind: 'canary';
  id: string;
  arm: string;
  seedIndex: number;
  m: number;
  /** 1 if canary j was included in training. */
  included: Uint8Array;
  /** Membership score of each canary (−loss on its flipped label under the trained model). */
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

/** The fleet's inclusion masks over the pool; with duplicates grouped, all copies of a record share their IN/OUT bit. */
export function fleetMasks(ds: PreparedDataset, pool: Int32Array, M: number, scheme: MaskScheme, seed: [number, number]): Uint8Array {
  if (!ds.recordOfRow) return inclusionMasks(M, pool.length, scheme, seed);
  const { unitOfPos, units } = compactUnits(pool, ds.recordOfRow);
  return groupedInclusionMasks(M, unitOfPos, units, scheme, seed);
}

export function runModelsJob(
  tf: Tf,
  ds: PreparedDataset,
  ctx: JobContext,
  job: JobSpec,
  onStep?: (p: StackProgress) => void,
): ModelsJobOutput {
  const t0 = performance.now();
  const data = uploadDataset(tf, ds, ctx.train);
  let poolX: tfjs.Tensor2D | null = null;
  let testX: tfjs.Tensor2D | null = null;
  try {
    const pool = ds.splits.train;
    const M = job.fleetModels;
    const mask = M > 0 ? fleetMasks(ds, pool, M, job.masks, [ctx.rootSeed, job.seedIndex]) : new Uint8Array(0);
    const members: StackMember[] = [memberFor(job.plan, pool, ctx, job.seedIndex, 'release')];
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
      seconds: (performance.now() - t0) / 1000,
      examples,
    };
  } finally {
    poolX?.dispose();
    testX?.dispose();
    data.dispose();
  }
}

/**
 * Canary run for the one-run audit (Steinke, Nasr, Jagielski 2023): m label-flipped copies of random pool
 * rows, each included independently with probability ½, are added to the pool; one model is trained with
 * the arm's mechanism (same q, σ, T, C); each canary is scored by −loss on its flipped label.
 */
export function runCanaryJob(
  tf: Tf,
  ds: PreparedDataset,
  ctx: JobContext,
  job: JobSpec,
  onStep?: (p: StackProgress) => void,
): CanaryJobOutput {
  const t0 = performance.now();
  const pool = ds.splits.train;
  const m0 = Math.min(job.canaries, pool.length);
  const rng = Rng.from(ctx.rootSeed, 'canaries', job.seedIndex);
  const order = Int32Array.from(pool);
  rng.shuffle(order);
  // Canaries come from distinct records: two label-flipped copies of one record, one IN and one OUT, would be
  // the same example on both sides of the audit.
  const sources = distinctRecords(order, ds.recordOfRow, m0);
  const m = sources.length;
  const included = new Uint8Array(m);
  for (let j = 0; j < m; j++) included[j] = rng.next() < 0.5 ? 1 : 0;
  // Canaries: copies of their source rows' features with the label flipped, appended after the dataset.
  const flipped = new Uint8Array(m);
  for (let j = 0; j < m; j++) flipped[j] = 1 - ds.y[sources[j]];
  const data = uploadDataset(tf, ds, ctx.train, { rows: sources, y: flipped });
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
    );
    const canaryRows = Int32Array.from({ length: m }, (_, j) => nBase + j);
    const logits = logitsOn(tf, data, res[0].params, canaryRows);
    const scores = new Float64Array(m);
    for (let j = 0; j < m; j++) {
      const s = flipped[j] === 1 ? logits[j] : -logits[j]; // φ: logit-scaled confidence in the canary's label
      scores[j] = -softplus(-s); // −loss
    }
    return {
      kind: 'canary',
      id: job.id,
      arm: job.plan.arm,
      seedIndex: job.seedIndex,
      m,
      included,
      scores,
      seconds: (performance.now() - t0) / 1000,
      examples: res[0].meanBatchSize * job.plan.steps,
    };
  } finally {
    data.dispose();
  }
}

/** The first `m` rows of `order` that belong to different records (all of them without record grouping). */
export function distinctRecords(order: Int32Array, recordOfRow: Int32Array | undefined, m: number): Int32Array {
  if (!recordOfRow) return order.slice(0, m);
  const seen = new Set<number>();
  const out: number[] = [];
  for (let i = 0; i < order.length && out.length < m; i++) {
    const r = recordOfRow[order[i]];
    if (seen.has(r)) continue;
    seen.add(r);
    out.push(order[i]);
  }
  return Int32Array.from(out);
}
