import type { Rng } from '../src/random/rng.js';
import { replicatesOf, strataOf, stratifiedWeights, type Strata } from './bootstrap.js';

/**
 * Patient cluster bootstrap (docs/methods.md#bootstrap, #user-level-dp): when a patient has several rows,
 * rows are not independent, so a resample draws PATIENTS uniformly with replacement (as many as there
 * are) and takes every row of each drawn patient. Written as per-row multiplicities, like the stratified
 * row bootstrap, so count-based statistics stay sums of weights.
 */

/** Patients as clusters (CSR over rows 0..n−1): `unitOfRow` numbered 0..count−1. */
export function clustersOf(unitOfRow: Int32Array, count: number): Strata {
  return strataOf(unitOfRow, count);
}

/** One cluster resample: out[i] = how often row i's patient was drawn. */
export function clusterWeights(rng: Rng, clusters: Strata, out: Int32Array): Int32Array {
  out.fill(0);
  const { rows, starts } = clusters;
  const U = starts.length - 1;
  for (let d = 0; d < U; d++) {
    const k = rng.index(U);
    for (let j = starts[k]; j < starts[k + 1]; j++) out[rows[j]]++;
  }
  return out;
}

/** B replicates of a statistic of length m under the cluster bootstrap (layout of bootstrapReplicates). */
export function clusterBootstrapReplicates(
  rng: Rng,
  clusters: Strata,
  nRows: number,
  B: number,
  m: number,
  fill: (weights: Int32Array, out: Float64Array) => void,
): Float64Array {
  return replicatesOf(nRows, B, m, (w) => clusterWeights(rng, clusters, w), fill);
}

/**
 * Patients as clusters for the fairness and utility intervals, stratified like the row bootstrap
 * (docs/methods.md#bootstrap): a patient whose rows all lie in one intersection cell belongs to that cell's
 * stratum; patients whose rows span several cells (e.g. an age group that changes between visits) form one
 * further stratum. Within every stratum of m patients a resample draws m patients uniformly with
 * replacement and takes all their rows, so the number of patients per stratum is fixed, as the row
 * bootstrap fixes the number of rows per cell. With one row per patient (numbered in row order) the strata,
 * draws and weights are exactly those of the stratified row bootstrap on the same stream.
 */
export interface PatientStrata {
  /** Rows of each patient (CSR over patients 0..U−1, numbered in order of their first row). */
  clusters: Strata;
  /** Patients of each stratum (CSR over strata: the nBase cells, then the mixed stratum). */
  strata: Strata;
  /** Number of patients U. */
  patients: number;
}

/** Patient ids of rows 0..n−1 renumbered 0..count−1 in order of first appearance, with the rows of each patient. */
export interface PatientIds {
  /** Patient number of every row. */
  codes: Int32Array;
  /** Number of distinct patients. */
  count: number;
  /** Rows of each patient (CSR over patients 0..count−1, rows ascending). */
  clusters: Strata;
}

/** Renumber arbitrary patient ids of rows 0..n−1 to 0..U−1 in order of first appearance (done once per input). */
export function renumberPatients(unitOfRow: ArrayLike<number>): PatientIds {
  const n = unitOfRow.length;
  const id = new Map<number, number>();
  const codes = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    let u = id.get(unitOfRow[i]);
    if (u === undefined) {
      u = id.size;
      id.set(unitOfRow[i], u);
    }
    codes[i] = u;
  }
  return { codes, count: id.size, clusters: strataOf(codes, id.size) };
}

/** Group renumbered patients into strata by the intersection cell of their rows (`baseOfRow`, 0..nBase−1). */
export function patientStrata(ids: PatientIds, baseOfRow: Int32Array, nBase: number): PatientStrata {
  const n = baseOfRow.length;
  const { codes, count: U } = ids;
  if (codes.length !== n) throw new Error(`patient ids: ${codes.length} rows, expected ${n}`);
  const cellOf = new Int32Array(U).fill(-1);
  for (let i = 0; i < n; i++) {
    const u = codes[i];
    if (cellOf[u] === -1) cellOf[u] = baseOfRow[i];
    else if (cellOf[u] !== baseOfRow[i]) cellOf[u] = nBase; // rows in several cells: the mixed stratum
  }
  return { clusters: ids.clusters, strata: strataOf(cellOf, nBase + 1), patients: U };
}

/**
 * One stratified patient resample as row multiplicities: out[i] = how often row i's patient was drawn. The
 * per-patient draws are stratifiedWeights over the patient strata (same stream), then scattered to each
 * patient's rows. `scratch` (each length ≥ U) avoids allocation.
 */
export function patientWeights(
  rng: Rng,
  ps: PatientStrata,
  out: Int32Array,
  scratch?: { perPatient: Int32Array; draws: Int32Array },
): Int32Array {
  const U = ps.patients;
  const perPatient = scratch && scratch.perPatient.length >= U ? scratch.perPatient : new Int32Array(U);
  stratifiedWeights(rng, ps.strata, perPatient, scratch?.draws);
  out.fill(0);
  const { rows, starts } = ps.clusters;
  for (let u = 0; u < U; u++) {
    const c = perPatient[u];
    if (c === 0) continue;
    for (let j = starts[u]; j < starts[u + 1]; j++) out[rows[j]] = c;
  }
  return out;
}

/** B replicates of a statistic of length m under the stratified patient bootstrap (layout of bootstrapReplicates). */
export function patientBootstrapReplicates(
  rng: Rng,
  ps: PatientStrata,
  nRows: number,
  B: number,
  m: number,
  fill: (weights: Int32Array, out: Float64Array) => void,
): Float64Array {
  const scratch = { perPatient: new Int32Array(ps.patients), draws: new Int32Array(ps.patients) };
  return replicatesOf(nRows, B, m, (w) => patientWeights(rng, ps, w, scratch), fill);
}
