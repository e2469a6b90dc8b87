import { DpauditError } from '../errors.js';
import type { PreparedDataset } from '../data/types.js';
import { epsilonFor } from '../privacy/registry.js';
import { defaultOf } from '../options/registry.js';
import type { TrainConfig } from './config.js';
import { planArm, type Arm, type GroupPrivacyResult, type PrivacyPlan, type PrivacyUnitKind } from './plan.js';

/**
 * The privacy unit of a run (docs/methods.md#privacy-unit): the requested one, else `patient` when --id is
 * given and ids repeat, else `record`. `patient` without --id is a usage error.
 */
export function resolvePrivacyUnit(requested: PrivacyUnitKind | undefined, ds: Pick<PreparedDataset, 'units' | 'ids'>): PrivacyUnitKind {
  if (requested === 'patient' && ds.units.kind !== 'patient')
    throw new DpauditError('patient-level privacy needs the patient id column (--id)', { location: { option: 'privacy-unit' } });
  if (requested) return requested;
  return ds.ids?.repeated ? 'patient' : 'record';
}

/** Rows per unit among `rows`: counts of every unit present. */
export function rowsPerUnit(rows: Int32Array, unitOfRow: Int32Array): number[] {
  const m = new Map<number, number>();
  for (const r of rows) m.set(unitOfRow[r], (m.get(unitOfRow[r]) ?? 0) + 1);
  return [...m.values()];
}

/** What the patients of the training pool look like: units, rows, largest and median rows per patient. */
export interface UnitCounts {
  units: number;
  rows: number;
  maxRows: number;
  medianRows: number;
}

export function unitCounts(rows: Int32Array, unitOfRow: Int32Array): UnitCounts {
  const c = rowsPerUnit(rows, unitOfRow).sort((a, b) => a - b);
  const n = c.length;
  const median = n === 0 ? 0 : n % 2 ? c[(n - 1) / 2] : (c[n / 2 - 1] + c[n / 2]) / 2;
  return { units: n, rows: rows.length, maxRows: n ? c[n - 1] : 0, medianRows: median };
}

/**
 * What a record-level DP arm gives a patient with k rows (docs/methods.md#user-level-dp).
 * - `epsilon` (tighter, at the same δ): in every step of record-level DP-SGD a patient's k rows are each
 *   sampled with probability q, and each contributes at most C; the patient's contribution is a mixture
 *   over the number of sampled rows, each component a Gaussian shift of norm ≤ kC. By joint convexity of
 *   the hockey-stick divergence the step is dominated by the Poisson-subsampled Gaussian with rate
 *   q_k = 1 − (1 − q)^k and noise multiplier σ/k; composing T such steps with the arm's accountant gives ε_k.
 * - `generic`: the group-privacy conversion of (ε, δ)-DP, (kε, k·e^{(k−1)ε}·δ), valid for any mechanism.
 */
export type GroupPrivacy = GroupPrivacyResult;

export function groupPrivacy(plan: PrivacyPlan, k: number): GroupPrivacy | null {
  if (plan.epsilon === null || plan.noiseMultiplier <= 0 || !Number.isFinite(k) || k < 1) return null;
  const kk = Math.max(1, Math.round(k));
  const qk = 1 - (1 - plan.sampleRate) ** kk;
  const generic = { epsilon: kk * plan.epsilon, delta: kk * Math.exp((kk - 1) * plan.epsilon) * plan.delta };
  const query = { noiseMultiplier: plan.noiseMultiplier / kk, sampleRate: qk, steps: plan.steps, delta: plan.delta };
  // The configured accountant first; RDP (always finite) when it cannot handle the small noise multiplier.
  for (const accountant of [plan.accountant as 'rdp' | 'prv', 'rdp' as const]) {
    try {
      const e = epsilonFor({ ...query, accountant }).epsilon;
      // PRV values near ln(Number.MAX_VALUE) ≈ 709.8 are its numerical ceiling, not a bound: RDP then.
      if (Number.isFinite(e) && (accountant === 'rdp' || e < 700)) return { k: kk, epsilon: e, accountant, generic };
    } catch {
      // try the next accountant
    }
  }
  // No finite value at δ: only the generic conversion (at its own, larger δ) remains.
  return { k: kk, epsilon: null, accountant: 'none', generic };
}

/**
 * The plan of one arm for a prepared dataset: the privacy unit resolved, q and T in that unit over the
 * training pool, and for record-level arms on data whose patients repeat, the ε a patient gets.
 */
export function planForDataset(arm: Arm, cfg: TrainConfig, ds: Pick<PreparedDataset, 'units' | 'ids' | 'splits'>): PrivacyPlan {
  const unit = resolvePrivacyUnit(cfg.privacyUnit, ds);
  const pool = ds.splits.train;
  const counts = ds.units.kind === 'patient' ? unitCounts(pool, ds.units.unitOfRow) : null;
  const patients = unit === 'patient' && counts ? counts.units : null;
  const batch = patients === null ? null : unitBatchSize(cfg, unit, patients);
  const plan = planArm(arm, batch ? { ...cfg, batchSize: batch.value } : cfg, patients ?? pool.length, unit);
  if (batch) {
    plan.batchSize = batch;
    if (plan.sampleRate >= 1 && arm.kind === 'dp')
      plan.warnings.push(
        `--batch-size ${batch.value} is at least the ${patients} patients of the training pool: every patient is in every step (q = 1), so sampling gives no privacy amplification and more noise is needed for the same ε; a batch of about ${defaultPatientBatch(patients as number)} patients (q ≈ ${(defaultPatientBatch(patients as number) / (patients as number)).toFixed(2)}) would be sampled`,
      );
  }
  if (counts && counts.maxRows > 1) {
    plan.poolUnits = counts;
    if (unit === 'record') {
      const gp = [groupPrivacy(plan, counts.maxRows), groupPrivacy(plan, counts.medianRows)];
      if (gp[0] && gp[1]) plan.patientEpsilon = { largest: gp[0], median: gp[1] };
      plan.warnings.push(
        `PRIVACY UNIT IS THE RECORD but patients repeat (up to ${counts.maxRows} rows, median ${counts.medianRows}): ε protects one row, not one patient${gp[0]?.epsilon != null ? `; a patient with ${gp[0].k} rows gets ε = ${round(gp[0].epsilon)}` : ''} (use --privacy-unit patient)`,
      );
    }
  }
  return plan;
}

/** Largest sampling rate the default patient batch aims at (docs/methods.md#user-level-dp). */
export const PATIENT_DEFAULT_RATE = 0.1;
/** Smallest default patient batch. */
export const PATIENT_MIN_BATCH = 8;

/**
 * The default expected batch in patients: ⌊q_max·U⌋ with q_max = 0.1, at least 8 and at most the record
 * default (256). Health cohorts often have a few hundred patients: the record default of 256 would then
 * sample most or all of them in every step (q near 1, no amplification by subsampling).
 */
export function defaultPatientBatch(units: number): number {
  return Math.min(defaultOf('batch-size'), Math.max(PATIENT_MIN_BATCH, Math.floor(PATIENT_DEFAULT_RATE * units)));
}

/** The patient batch of a plan: --batch-size when given, else chosen from the number of patients. */
export function patientBatchSize(cfg: TrainConfig, units: number): NonNullable<PrivacyPlan['batchSize']> {
  if (cfg.batchSizeGiven)
    return {
      value: cfg.batchSize,
      rule: 'given',
      note: `batch size ${cfg.batchSize} patients (--batch-size), q = ${rate(cfg.batchSize, units)}`,
    };
  const B = defaultPatientBatch(units);
  return {
    value: B,
    rule: 'from-units',
    note: `batch size ${B} patients chosen from the ${units} patients of the training pool (q = ${rate(B, units)}: at most ${PATIENT_DEFAULT_RATE} where the pool allows, at least ${PATIENT_MIN_BATCH} patients) instead of the default ${defaultOf('batch-size')}; set --batch-size to choose it`,
  };
}

/**
 * The batch a pool of n units samples from, the one rule for centralised arms and every site of a federated
 * arm: under the patient unit `patientBatchSize` over its n patients (null under the record unit: --batch-size).
 */
export function unitBatchSize(cfg: TrainConfig, unit: PrivacyUnitKind, n: number): NonNullable<PrivacyPlan['batchSize']> | null {
  return unit === 'patient' ? patientBatchSize(cfg, n) : null;
}

function rate(B: number, U: number): string {
  return Math.min(1, B / U).toPrecision(3);
}

function round(x: number): string {
  return x >= 100 ? x.toFixed(0) : x.toPrecision(3);
}

/**
 * One sentence of what the privacy unit protects (summary.md and the report checklist), with the warning
 * when the unit is the record and patients repeat. `patientEpsilon` (record arms): a patient's ε at the
 * largest row count.
 */
export function privacyUnitSentence(
  unit: PrivacyUnitKind,
  idColumn: string | null,
  poolUnits: PrivacyPlan['poolUnits'] | undefined,
  patientEpsilon?: { arm: string; epsilon: number | null; k: number } | null,
): string {
  if (unit === 'patient')
    return `Privacy unit: the patient (all rows sharing ${idColumn ? `"${idColumn}"` : 'one id'}${poolUnits ? `; ${poolUnits.units} patients, ${poolUnits.rows} rows in the training pool` : ''}) — ε bounds what anyone can learn about whether one patient, with all of their rows, was in the training data.`;
  const base = 'Privacy unit: the record — ε bounds what anyone can learn about whether one row was in the training data.';
  if (!poolUnits || poolUnits.maxRows <= 1) return base;
  return `${base} WARNING: patients repeat (up to ${poolUnits.maxRows} rows, median ${poolUnits.medianRows}), so one patient is protected only at group privacy${patientEpsilon && patientEpsilon.epsilon !== null ? ` (${patientEpsilon.arm}: ε = ${round(patientEpsilon.epsilon)} for a patient with ${patientEpsilon.k} rows)` : ''}; use --privacy-unit patient.`;
}
