import { encode, fitEncoder } from '../data/encode.js';
import { DpauditError } from '../errors.js';
import type { PreparedDataset } from '../data/types.js';
import { compactUnits } from '../data/duplicates.js';
import { extendUnits, recordUnits } from '../data/units.js';
import { Rng, deriveIntSeed, type SeedPart } from '../random/rng.js';
import type { TrainConfig } from './config.js';
import { groupedInclusionMasks, inclusionMasks, rowsOfModel, unitInclusionMasks, type MaskScheme } from './masks.js';
import type { PrivacyPlan } from './plan.js';
import type { JobInputs, JobModel, ModelSeeds } from './trainer.js';
import type { CanaryKind } from '../options/registry.js';
import { assignSites } from '../data/sites.js';
import type { SiteAssignment, SiteSource } from './federated/types.js';

/** What a job is: the release model + fleet of one arm and seed, or the arm's canary run. */
export interface JobRequest {
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

export interface MaterialiseContext {
  rootSeed: number;
  train: TrainConfig;
}

/** The job's inputs and what dpaudit needs to read its outputs back. */
export interface Materialised {
  inputs: JobInputs;
  /** Models job: the fleet's inclusion masks (model-major over the pool); canary job: empty. */
  inMask: Uint8Array;
  /** Canary job: the input-space canaries' kind, labels and whether each was included. */
  canaries: { kind: 'ood' | 'flip'; labels: Uint8Array; included: Uint8Array } | null;
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

/** Norm of an out-of-distribution canary in the encoded feature space: large enough to saturate the clip C. */
export function oodCanaryNorm(clip: number): number {
  return Math.max(8, 4 * clip);
}

/**
 * Build a job's inputs — which rows each model trains on, which rows are scored, the canaries — so that
 * every trainer gets exactly the same inputs.
 *
 * Models job: model 0 is the release model on the whole training pool; models 1..M are the fleet on
 * inclusion masks of the pool (docs/methods.md#lira); every model is scored on pool, validation and test.
 * Canary job (docs/methods.md#one-run-audit): m input-space canaries are appended after the dataset's rows,
 * each included independently with probability ½; one model trains on the pool plus the included canaries
 * and is scored on the canaries. `ood` (docs/methods.md#gradient-canaries): a uniformly random direction of
 * the encoded feature space at norm max(8, 4C) with a random label, never a copy of a training row. `flip`:
 * label-flipped copies of random pool rows (their sources stay in training, which largely cancels them).
 * Gradient canaries (models job, `canaryKind: 'gradient'`, DP arms) are not rows: the release model carries
 * them (JobModel.gradientCanaries) and the trainer returns their scores.
 */
export function materialise(ds: PreparedDataset, ctx: MaterialiseContext, job: JobRequest): Materialised {
  const pool = ds.splits.train;
  const nBase = ds.y.length;
  const kind: 'ood' | 'flip' = job.canaryKind === 'ood' ? 'ood' : 'flip';
  let sources: Int32Array = new Int32Array(0);
  let flipped = new Uint8Array(0);
  let included = new Uint8Array(0);
  /** OOD canaries: their encoded features, filled once the dimension d is known. */
  let oodFeatures: ((d: number) => Float32Array) | null = null;
  if (job.kind === 'canary' && kind === 'flip') {
    const m = Math.min(job.canaries, pool.length);
    const rng = Rng.from(ctx.rootSeed, 'canaries', job.seedIndex);
    const order = Int32Array.from(pool);
    rng.shuffle(order);
    // Canaries come from distinct records: two label-flipped copies of one record, one IN and one OUT, would be
    // the same example on both sides of the audit (docs/methods.md#duplicates).
    sources = distinctRecords(order, ds.recordOfRow, m);
    included = new Uint8Array(sources.length);
    for (let j = 0; j < sources.length; j++) included[j] = rng.next() < 0.5 ? 1 : 0;
    flipped = new Uint8Array(sources.length);
    for (let j = 0; j < sources.length; j++) flipped[j] = 1 - ds.y[sources[j]];
  } else if (job.kind === 'canary') {
    if (ds.options.manifest)
      throw new DpauditError("ood canaries need dpaudit's feature matrix: use --canary-kind flip with --features none", {
        location: { option: 'canary-kind' },
      });
    const m = job.canaries;
    const rng = Rng.from(ctx.rootSeed, 'canaries', job.seedIndex, kind);
    included = new Uint8Array(m);
    flipped = new Uint8Array(m);
    for (let j = 0; j < m; j++) {
      included[j] = rng.next() < 0.5 ? 1 : 0;
      flipped[j] = rng.next() < 0.5 ? 1 : 0;
    }
    const norm = oodCanaryNorm(ctx.train.clip);
    oodFeatures = (d: number): Float32Array => {
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
  }
  const extra = flipped.length;
  const nRows = nBase + extra;
  const labels = new Uint8Array(nRows);
  labels.set(ds.y, 0);
  labels.set(flipped, nBase);
  const csvRows = new Int32Array(nRows).fill(-1);
  for (let i = 0; i < nBase; i++) csvRows[i] = ds.rowIndex[i] + 1;

  let features: JobInputs['features'] = null;
  if (!ds.options.manifest) {
    const encoder = fitEncoder(ds, pool);
    if (oodFeatures) {
      const rows = new Int32Array(nBase);
      for (let i = 0; i < nBase; i++) rows[i] = i;
      const m = encode(ds, encoder, rows);
      const X = new Float32Array(nRows * m.d);
      X.set(m.X.subarray(0, nBase * m.d), 0);
      X.set(oodFeatures(m.d), nBase * m.d);
      features = { X, d: m.d, encoder };
    } else {
      const rows = new Int32Array(nRows);
      for (let i = 0; i < nBase; i++) rows[i] = i;
      rows.set(sources, nBase);
      const m = encode(ds, encoder, rows);
      features = { X: m.X, d: m.d, encoder };
    }
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
    // The DP unit of the plan: patients (canaries are units of their own), or every row its own unit.
    units: job.plan.privacyUnit === 'patient' ? extendUnits(ds.units, extra) : recordUnits(nRows),
    plan: job.plan,
    train: ctx.train,
    ...federationInput(ds, ctx, job, nRows),
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
      canaries: { kind, labels: flipped, included },
      layout: null,
    };
  }

  const M = job.fleetModels;
  // Repeated patients: masks over patients (all of a patient's rows in or out together), for every arm;
  // otherwise masks over records (copies of a record in or out together).
  const mask =
    M === 0
      ? new Uint8Array(0)
      : ds.units.kind === 'patient' && ds.ids?.repeated
        ? unitInclusionMasks(M, pool, ds.units.unitOfRow, job.masks, [ctx.rootSeed, job.seedIndex])
        : fleetMasks(ds, pool, M, job.masks, [ctx.rootSeed, job.seedIndex]);
  const models: JobModel[] = [model(0, 'release', pool)];
  // Gradient canaries live on extra coordinates with their own noise stream: the release model is unchanged.
  if (job.canaryKind === 'gradient' && job.canaries > 0 && job.plan.arm !== 'nondp')
    models[0].gradientCanaries = { m: job.canaries, seed: [ctx.rootSeed, 'canaries', job.seedIndex, job.plan.arm] };
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

/** Site assignments already computed, per dataset rows (a worker materialises many jobs of one dataset). */
const siteCache = new WeakMap<Int32Array, Map<string, SiteAssignment>>();

function sitesOf(ds: PreparedDataset, source: SiteSource, seed: number): SiteAssignment {
  const key = JSON.stringify([source, seed]);
  if (ds.sites && JSON.stringify([ds.sites.source, seed]) === key) return ds.sites;
  let m = siteCache.get(ds.rowIndex);
  if (!m) siteCache.set(ds.rowIndex, (m = new Map()));
  let a = m.get(key);
  if (!a) m.set(key, (a = assignSites(ds, source, seed)));
  return a;
}

/**
 * Federated arms (docs/methods.md#federated): the site of every job row — the dataset's sites (rebuilt from the
 * plan's source and the root seed, so that any worker gets the same), and the audited site for synthetic rows
 * (canaries are records of the site whose update the server-side attacker observes).
 */
function federationInput(ds: PreparedDataset, ctx: MaterialiseContext, job: JobRequest, nRows: number): Pick<JobInputs, 'federation'> {
  const plan = job.plan.federation;
  if (!plan) return {};
  const sites = sitesOf(ds, plan.source, ctx.rootSeed);
  const siteOfRow = new Int32Array(nRows).fill(plan.config.auditSite);
  siteOfRow.set(sites.siteOfRow, 0);
  return { federation: { plan, siteOfRow } };
}

/** The fleet's inclusion masks over the pool; with duplicates grouped, all copies of a record share their IN/OUT bit. */
export function fleetMasks(ds: PreparedDataset, pool: Int32Array, M: number, scheme: MaskScheme, seed: [number, number]): Uint8Array {
  if (!ds.recordOfRow) return inclusionMasks(M, pool.length, scheme, seed);
  const { unitOfPos, units } = compactUnits(pool, ds.recordOfRow);
  return groupedInclusionMasks(M, unitOfPos, units, scheme, seed);
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
