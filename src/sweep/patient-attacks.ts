import type { PreparedDataset } from '../data/types.js';
import { createAccountant } from '../privacy/registry.js';
import type { PrivacyPlan } from '../train/plan.js';
import type { AttackResult } from '../../attacks/types.js';
import { profileTradeoff, type Tradeoff } from '../../metrics/overlay.js';

/**
 * Patient-level membership (docs/methods.md#user-level-dp): whether a patient — all of its rows — was in
 * a target model. Needs fleet masks over patients (every patient's rows in or out together). A patient's
 * score aggregates its rows' scores:
 * - `sum-llr` for LiRA online, whose row score is a log-likelihood ratio: the sum over the patient's rows
 *   (the patient's log-likelihood ratio if its rows' observations were independent);
 * - `mean` for every other attack: the mean of the per-row scores.
 */
export type PatientScoreRule = 'sum-llr' | 'mean';

export function patientScoreRule(attack: string): PatientScoreRule {
  return attack === 'lira-online' ? 'sum-llr' : 'mean';
}

/** Patient index (0..U−1, order of first row) of every training-pool row, or null without repeated ids. */
export function poolPatients(ds: Pick<PreparedDataset, 'units' | 'ids' | 'splits'>): { index: Int32Array; count: number } | null {
  if (ds.units.kind !== 'patient' || !ds.ids?.repeated) return null;
  const pool = ds.splits.train;
  const pos = new Map<number, number>();
  const index = new Int32Array(pool.length);
  for (let i = 0; i < pool.length; i++) {
    const u = ds.units.unitOfRow[pool[i]];
    let k = pos.get(u);
    if (k === undefined) {
      k = pos.size;
      pos.set(u, k);
    }
    index[i] = k;
  }
  return { index, count: pos.size };
}

/**
 * Aggregate an attack's pooled row scores (targets × n rows) to patients (targets × U). A patient whose
 * rows disagree on membership in a target is an error (the masks were not patient-level).
 */
export function aggregateToPatients(res: AttackResult, nRows: number, patients: { index: Int32Array; count: number }): AttackResult {
  const T = res.scores.length / nRows;
  const U = patients.count;
  const rule = patientScoreRule(res.attack);
  const scores = new Float64Array(T * U);
  const isMember = new Uint8Array(T * U);
  const rows = new Int32Array(U);
  for (const k of patients.index) rows[k]++;
  const seen = new Uint8Array(U);
  for (let t = 0; t < T; t++) {
    seen.fill(0);
    for (let i = 0; i < nRows; i++) {
      const k = patients.index[i];
      const m = res.isMember[t * nRows + i];
      if (seen[k] && isMember[t * U + k] !== m)
        throw new Error(`patient-level attack: rows of one patient differ in membership (target ${t})`);
      seen[k] = 1;
      isMember[t * U + k] = m;
      scores[t * U + k] += res.scores[t * nRows + i];
    }
    if (rule === 'mean') for (let k = 0; k < U; k++) scores[t * U + k] /= rows[k];
  }
  return {
    ...res,
    scores,
    isMember,
    convention: `${res.convention}; patient-level membership (all rows of a patient in or out), patient score = ${rule === 'sum-llr' ? 'sum of the rows’ log-likelihood ratios' : 'mean of the rows’ scores'}`,
    conventions: { ...res.conventions, unit: 'patient', patientScore: rule },
  };
}

/**
 * The theory tradeoff curve a patient-level attack is checked against: the arm's own curve when the arm
 * is patient-level; for a record-level arm, the curve of a patient with the largest row count k — the
 * subsampled Gaussian with q_k = 1 − (1 − q)^k and noise multiplier σ/k, which dominates k rows of record-level
 * DP-SGD (train/privacy-unit.ts); null when the arm has no guarantee.
 */
export function patientTradeoff(plan: PrivacyPlan, accountant: 'rdp' | 'prv'): Tradeoff | null {
  if (plan.targetEpsilon === null || plan.noiseMultiplier <= 0) return null;
  const k = plan.privacyUnit === 'patient' ? 1 : Math.max(1, plan.poolUnits?.maxRows ?? 1);
  const acc = createAccountant(accountant);
  acc.step(plan.noiseMultiplier / k, 1 - (1 - plan.sampleRate) ** k, plan.steps);
  return profileTradeoff(acc.profile());
}
