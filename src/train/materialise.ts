import { encode, fitEncoder } from '../data/encode.js';
import type { PreparedDataset } from '../data/types.js';
import { extendUnits } from '../data/units.js';
import { Rng, deriveIntSeed, type SeedPart } from '../random/rng.js';
import type { TrainConfig } from './config.js';
import { inclusionMasks, rowsOfModel, type MaskScheme } from './masks.js';
import type { PrivacyPlan } from './plan.js';
import type { JobInputs, JobModel, ModelSeeds } from './trainer.js';

/** What a job is: the release model + fleet of one arm and seed, or the arm's canary run. */
export interface JobRequest {
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

export interface MaterialiseContext {
  rootSeed: number;
  train: TrainConfig;
}

/** The job's inputs and what dpaudit needs to read its outputs back. */
export interface Materialised {
  inputs: JobInputs;
  /** Models job: the fleet's inclusion masks (model-major over the pool); canary job: empty. */
  inMask: Uint8Array;
  /** Canary job: the canaries' labels (flipped) and whether each was included. */
  canaries: { flipped: Uint8Array; included: Uint8Array } | null;
  /** Models job: where pool, validation and test rows sit in scoreRows. */
  layout: { pool: [number, number]; validation: [number, number]; test: [number, number] } | null;
}

export function modelSeeds(rootSeed: number, plan: PrivacyPlan, seedIndex: number, modelIndex: string | number): ModelSeeds {
  // Arms share initialisation and the Poisson batch sequence (same seed parts without the arm)…
  const init: SeedPart[] = [rootSeed, 'init', seedIndex, modelIndex];
  const batches: SeedPart[] = [rootSeed, 'batches', seedIndex, modelIndex];
  // …and differ only in their noise.
  const noise: SeedPart[] = [rootSeed, 'noise', plan.arm, seedIndex, modelIndex];
  return { init, batches, noise, seed: deriveIntSeed(rootSeed, 'external', plan.arm, seedIndex, modelIndex) };
}

/**
 * Build a job's inputs — which rows each model trains on, which rows are scored, the canaries — so that
 * every trainer gets exactly the same inputs.
 *
 * Models job: model 0 is the release model on the whole training pool; models 1..M are the fleet on
 * inclusion masks of the pool (docs/methods.md#lira); every model is scored on pool, validation and test.
 * Canary job (docs/methods.md#one-run-audit): m label-flipped copies of random pool rows are appended
 * after the dataset's rows, each included independently with probability ½; one model trains on the
 * pool plus the included canaries and is scored on the canaries.
 */
export function materialise(ds: PreparedDataset, ctx: MaterialiseContext, job: JobRequest): Materialised {
  const pool = ds.splits.train;
  const nBase = ds.y.length;
  let sources = new Int32Array(0);
  let flipped = new Uint8Array(0);
  let included = new Uint8Array(0);
  if (job.kind === 'canary') {
    const m = Math.min(job.canaries, pool.length);
    const rng = Rng.from(ctx.rootSeed, 'canaries', job.seedIndex);
    const order = Int32Array.from(pool);
    rng.shuffle(order);
    sources = order.slice(0, m);
    included = new Uint8Array(m);
    for (let j = 0; j < m; j++) included[j] = rng.next() < 0.5 ? 1 : 0;
    flipped = new Uint8Array(m);
    for (let j = 0; j < m; j++) flipped[j] = 1 - ds.y[sources[j]];
  }
  const extra = sources.length;
  const nRows = nBase + extra;
  const labels = new Uint8Array(nRows);
  labels.set(ds.y, 0);
  labels.set(flipped, nBase);
  const csvRows = new Int32Array(nRows).fill(-1);
  for (let i = 0; i < nBase; i++) csvRows[i] = ds.rowIndex[i] + 1;

  let features: JobInputs['features'] = null;
  if (!ds.options.manifest) {
    const encoder = fitEncoder(ds, pool);
    const rows = new Int32Array(nRows);
    for (let i = 0; i < nBase; i++) rows[i] = i;
    rows.set(sources, nBase);
    const m = encode(ds, encoder, rows);
    features = { X: m.X, d: m.d, encoder };
  }

  const model = (index: number, name: string | number, trainRows: Int32Array): JobModel => ({
    index,
    name: String(name),
    seeds: modelSeeds(ctx.rootSeed, job.plan, job.seedIndex, name),
    trainRows,
  });
  const base = {
    jobId: job.id,
    nRows,
    labels,
    csvRows,
    features,
    units: extendUnits(ds.units, extra),
    plan: job.plan,
    train: ctx.train,
  };

  if (job.kind === 'canary') {
    const inRows: number[] = [];
    for (let j = 0; j < extra; j++) if (included[j]) inRows.push(nBase + j);
    const rows = new Int32Array(pool.length + inRows.length);
    rows.set(pool, 0);
    rows.set(inRows, pool.length);
    const scoreRows = Int32Array.from({ length: extra }, (_, j) => nBase + j);
    return {
      inputs: { ...base, models: [model(0, 'canary', rows)], scoreRows },
      inMask: new Uint8Array(0),
      canaries: { flipped, included },
      layout: null,
    };
  }

  const M = job.fleetModels;
  const mask = M > 0 ? inclusionMasks(M, pool.length, job.masks, [ctx.rootSeed, job.seedIndex]) : new Uint8Array(0);
  const models: JobModel[] = [model(0, 'release', pool)];
  for (let m = 0; m < M; m++) models.push(model(m + 1, m, rowsOfModel(mask, m, pool)));
  const { validation, test } = ds.splits;
  const scoreRows = new Int32Array(pool.length + validation.length + test.length);
  scoreRows.set(pool, 0);
  scoreRows.set(validation, pool.length);
  scoreRows.set(test, pool.length + validation.length);
  const a = pool.length;
  const b = a + validation.length;
  return {
    inputs: { ...base, models, scoreRows },
    inMask: mask,
    canaries: null,
    layout: { pool: [0, a], validation: [a, b], test: [b, b + test.length] },
  };
}
