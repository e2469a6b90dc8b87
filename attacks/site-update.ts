import { DpauditError } from '../src/errors.js';
import { liraPerTarget, liraScoreConvention, resolveVariance } from './lira.js';
import { SIGMA_FLOOR } from './reference-stats.js';
import { phiOf, softplus } from './signals.js';
import type { AttackResult, CentreMode, FleetSignals, OfflineConvention, VarianceMode } from './types.js';

/**
 * Membership inference against one site's update as the server sees it (docs/methods.md#federated).
 * The attacker is the server of a federated run: it knows the global model θ it sent to site s in the last
 * round and the local model θ + Δ_s the site sent back. Candidates are the site's training-pool rows; in fleet
 * model m a candidate is a member of the update when its inclusion mask is 1 (sites partition the pool, so
 * a row of site s can only have been in site s's local data).
 *
 * - `update-loss`: the update's effect on the record's loss, d = ℓ(θ, x) − ℓ(θ + Δ_s, x) (higher = member);
 * - `update-lira`: d calibrated per record with the fleet's other models' updates as shadow updates: the
 *   LiRA online likelihood ratio log N(d; μ_in, σ_in²) − log N(d; μ_out, σ_out²), μ and σ over the reference
 *   models that had the row IN / OUT (docs/methods.md#lira, with d in place of φ);
 * - `update-lira-offline`: d against the OUT shadow updates only, Φ((d − μ_out)/σ_out) (paper convention; more
 *   robust than the online ratio with few shadow models).
 */
export const UPDATE_ATTACK_NAMES = ['update-loss', 'update-lira', 'update-lira-offline'] as const;
export type UpdateAttackName = (typeof UPDATE_ATTACK_NAMES)[number];

export function isUpdateAttackName(s: string): s is UpdateAttackName {
  return (UPDATE_ATTACK_NAMES as readonly string[]).includes(s);
}

/** The server's view of one site's last-round update across a fleet, restricted to the site's candidate rows. */
export interface SiteUpdateSignals {
  /** Fleet models M (each in turn the target). */
  nModels: number;
  /** Candidate rows n (the audited site's training-pool rows). */
  nRows: number;
  /** M·n, model-major: logits of the global model before the round. */
  before: Float32Array;
  /** M·n, model-major: logits of the site's local model after the round. */
  after: Float32Array;
  /** n, 0/1. */
  labels: Uint8Array;
  /** M·n: 1 if the row was in model m's training data (hence in its site's local data). */
  inMask: Uint8Array;
}

/** d[m·n + i] = ℓ(θ_before, x_i) − ℓ(θ_after, x_i) with ℓ = softplus(−φ) the binary cross-entropy of the logit. */
export function lossDifference(before: Float32Array, after: Float32Array, labels: Uint8Array, nModels: number): Float64Array {
  const n = labels.length;
  if (before.length !== nModels * n || after.length !== nModels * n)
    throw new DpauditError(`site update: logits have lengths ${before.length}, ${after.length}, expected M·n = ${nModels * n}`);
  const d = new Float64Array(nModels * n);
  for (let m = 0; m < nModels; m++) {
    const base = m * n;
    for (let i = 0; i < n; i++) {
      const k = base + i;
      d[k] = softplus(-phiOf(before[k], labels[i])) - softplus(-phiOf(after[k], labels[i]));
    }
  }
  return d;
}

/** Pool-row indices (ascending) of the rows of `site`. */
export function siteRows(siteOfPoolRow: Int32Array, site: number): Int32Array {
  let c = 0;
  for (const s of siteOfPoolRow) if (s === site) c++;
  const out = new Int32Array(c);
  let k = 0;
  for (let i = 0; i < siteOfPoolRow.length; i++) if (siteOfPoolRow[i] === site) out[k++] = i;
  return out;
}

/** Columns `rows` of a model-major M·n matrix: M·rows.length, model-major. */
export function selectColumns<T extends Float32Array | Uint8Array>(matrix: T, nModels: number, n: number, rows: Int32Array): T {
  if (matrix.length !== nModels * n)
    throw new DpauditError(`select rows: matrix has length ${matrix.length}, expected M·n = ${nModels * n}`);
  const r = rows.length;
  const out = new (matrix.constructor as new (len: number) => T)(nModels * r);
  for (let m = 0; m < nModels; m++) for (let k = 0; k < r; k++) out[m * r + k] = matrix[m * n + rows[k]];
  return out;
}

/** A fleet restricted to some of its rows (the population, if any, is kept whole). */
export function restrictFleet(s: FleetSignals, rows: Int32Array): FleetSignals {
  return {
    nModels: s.nModels,
    nRows: rows.length,
    logits: selectColumns(s.logits, s.nModels, s.nRows, rows),
    labels: Uint8Array.from(rows, (i) => s.labels[i]),
    inMask: selectColumns(s.inMask, s.nModels, s.nRows, rows),
    ...(s.population ? { population: s.population } : {}),
  };
}

/**
 * The server's view of site `site` for every fleet model: candidate rows = the site's pool rows, member bit =
 * the model's inclusion mask on the row (mask ∧ site, as the candidates are the site's rows).
 */
export function siteUpdateSignals(
  view: { nModels: number; before: Float32Array; after: Float32Array; inMask: Uint8Array },
  labels: Uint8Array,
  siteOfPoolRow: Int32Array,
  site: number,
): { signals: SiteUpdateSignals; rows: Int32Array } {
  const n = labels.length;
  if (siteOfPoolRow.length !== n) throw new DpauditError(`site update: ${siteOfPoolRow.length} site labels for ${n} pool rows`);
  const rows = siteRows(siteOfPoolRow, site);
  if (rows.length === 0) throw new DpauditError(`site update: site ${site} has no training-pool rows`);
  const M = view.nModels;
  return {
    rows,
    signals: {
      nModels: M,
      nRows: rows.length,
      before: selectColumns(view.before, M, n, rows),
      after: selectColumns(view.after, M, n, rows),
      labels: Uint8Array.from(rows, (i) => labels[i]),
      inMask: selectColumns(view.inMask, M, n, rows),
    },
  };
}

export interface UpdateAttackOptions {
  variance?: VarianceMode;
  centre?: CentreMode;
  offline?: OfflineConvention;
}

/**
 * Run an update attack: every fleet model in turn is the target, the other K its shadow updates; scores and
 * membership pooled over targets (length M·n, target-major), as attacks/run.ts does for the final model.
 */
export function runUpdateAttack(name: UpdateAttackName, s: SiteUpdateSignals, options: UpdateAttackOptions = {}): AttackResult {
  if (!isUpdateAttackName(name))
    throw new DpauditError(`unknown update attack ${JSON.stringify(name)} (${UPDATE_ATTACK_NAMES.join(', ')})`);
  const M = s.nModels;
  const n = s.nRows;
  if (s.inMask.length !== M * n) throw new DpauditError(`site update: inMask has length ${s.inMask.length}, expected M·n = ${M * n}`);
  const d = lossDifference(s.before, s.after, s.labels, M);
  for (let k = 0; k < d.length; k++) if (!Number.isFinite(d[k])) throw new DpauditError(`site update: loss difference ${k} is not finite`);
  const conventions: Record<string, string | number> = {
    signal:
      'd = ℓ(θ_before, x) − ℓ(θ_after, x), ℓ = softplus(−φ); θ_before = global model sent to the site in the last round, θ_after = the site’s local model',
    candidates: 'the audited site’s training-pool rows; member = the target model’s inclusion mask on the row',
    pooling: `each of the ${M} models is the target once, the other ${M - 1} are its shadow updates; scores pooled over targets`,
  };
  const scores = new Float64Array(M * n);
  const diagnostics = { fallbackIn: 0, fallbackOut: 0, flooredSigma: 0 };
  if (name === 'update-loss') {
    conventions.score = 'd (the loss decrease of the record under the update)';
    scores.set(d);
  } else {
    if (M < 2) throw new DpauditError(`${name} needs at least one shadow update (nModels ≥ 2), got nModels = ${M}`);
    const variance = resolveVariance(options.variance ?? 'auto', M - 1);
    const centre = options.centre ?? 'mean';
    const online = name === 'update-lira';
    const offline = options.offline ?? 'paper';
    conventions.score = liraScoreConvention(online, offline, 'd', 'the shadow updates');
    conventions.variance = variance;
    conventions.centre = centre;
    conventions.sigmaFloor = SIGMA_FLOOR;
    liraPerTarget(d, s.inMask, n, M, { online, variance, centre, convention: offline }, (t, r) => {
      scores.set(r.scores, t * n);
      diagnostics.fallbackIn += r.fallbackIn;
      diagnostics.fallbackOut += r.fallbackOut;
      diagnostics.flooredSigma += r.flooredSigma;
    });
  }
  const convention = Object.entries(conventions)
    .map(([k, v]) => `${k}: ${v}`)
    .join('; ');
  return { attack: name, scores, isMember: Uint8Array.from(s.inMask), convention, conventions, diagnostics, tunedA: null };
}
