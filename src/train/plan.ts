import { DpauditError } from '../errors.js';
import { calibrateNoise, deltaWarning } from '../privacy/calibrate.js';
import { epsilonFor } from '../privacy/registry.js';
import type { TrainConfig } from './config.js';
import type { FederationMode, FederationPlan } from './federated/types.js';

export type PrivacyUnitKind = 'record' | 'patient';

/** ε of a group of k rows under a record-level arm: the accountant's (tighter) value and the generic conversion. */
export interface GroupPrivacyResult {
  k: number;
  epsilon: number | null;
  accountant: string;
  generic: { epsilon: number; delta: number };
}

/**
 * An arm of the paired comparison (docs/methods.md#arms). Federated arms (docs/methods.md#federated): FedAvg over
 * sites without DP (`fed-none`), with DP-SGD at every site (`fed-local@ε`) or with server-side DP-FedAvg
 * (`fed-server@ε`).
 */
export type Arm =
  | { kind: 'nondp' }
  | { kind: 'cliponly' }
  | { kind: 'dp'; epsilon: number }
  | { kind: 'fed'; mode: 'none' }
  | { kind: 'fed'; mode: 'local-dp' | 'server-dp'; epsilon: number };

const FED_PREFIX: Record<FederationMode, string> = { none: 'fed-none', 'local-dp': 'fed-local', 'server-dp': 'fed-server' };

export function armId(a: Arm): string {
  if (a.kind === 'fed') return a.mode === 'none' ? FED_PREFIX.none : `${FED_PREFIX[a.mode]}@${a.epsilon}`;
  return a.kind === 'dp' ? `dp@${a.epsilon}` : a.kind;
}

export function parseArmId(id: string): Arm {
  if (id === 'nondp' || id === 'cliponly') return { kind: id };
  if (id === FED_PREFIX.none) return { kind: 'fed', mode: 'none' };
  const m = /^(dp|fed-local|fed-server)@(.+)$/.exec(id);
  if (m && Number.isFinite(Number(m[2])) && Number(m[2]) > 0) {
    const epsilon = Number(m[2]);
    if (m[1] === 'dp') return { kind: 'dp', epsilon };
    return { kind: 'fed', mode: m[1] === 'fed-local' ? 'local-dp' : 'server-dp', epsilon };
  }
  throw new DpauditError(`unknown arm ${JSON.stringify(id)} (nondp, cliponly, dp@ε, fed-none, fed-local@ε or fed-server@ε)`);
}

/** The mechanism of one arm: the sampling rate, steps and noise of every model it trains. */
export interface PrivacyPlan {
  arm: string;
  sampleRate: number;
  steps: number;
  /** Training-pool size N the rate refers to, in privacy units (rows, or patients when the unit is the patient). */
  n: number;
  /**
   * What one unit of the guarantee is (docs/methods.md#privacy-unit): `record` — one row; `patient` — all
   * rows of one id (user-level DP-SGD, q and T in patients).
   */
  privacyUnit: PrivacyUnitKind;
  /** Patients of the training pool (data with repeated ids only). */
  poolUnits?: { units: number; rows: number; maxRows: number; medianRows: number };
  /**
   * Record-level arms on data whose patients repeat: the ε a patient with the largest and the median row
   * count gets (train/privacy-unit.ts, docs/methods.md#user-level-dp).
   */
  patientEpsilon?: { largest: GroupPrivacyResult; median: GroupPrivacyResult };
  /**
   * Patient unit only: the expected batch B (in patients) and how it was chosen — `given` (--batch-size),
   * or `from-units` (the default batch size would sample too large a share of the patients: B chosen from
   * the number of patients, docs/methods.md#user-level-dp).
   */
  batchSize?: { value: number; rule: 'given' | 'from-units'; note: string };
  noiseMultiplier: number;
  clip: number | null;
  /** Target ε (DP arms). */
  targetEpsilon: number | null;
  /** Achieved ε by the configured accountant (∞ for nondp/cliponly). */
  epsilon: number | null;
  accountant: string;
  /** ε by RDP, reported beside the PRV value. */
  epsilonRdp: number | null;
  rdpOrder: number | null;
  delta: number;
  deltaTimesN: number;
  warnings: string[];
  /**
   * Federated arms only (docs/methods.md#federated): sites, per-site mechanisms and the arm's accounting. The
   * top-level fields then describe the mechanism that guards a record of the audited site (config.auditSite),
   * so that code reading q, T, σ and ε (canary tests, progress, costs) stays right: local-dp — that site's
   * local DP-SGD over all rounds (q_s, R·T_s, σ_s, clip C), `epsilon` the headline ε (max over sites);
   * server-dp — the site-level mechanism (q = p, T = R, σ, clip S), `epsilon` the site-level ε, which bounds
   * a record's too; none — that site's q_s and R·T_s, no noise, ε null.
   */
  federation?: FederationPlan;
}

export function samplingFor(cfg: TrainConfig, n: number): { sampleRate: number; steps: number } {
  if (n <= 0) throw new DpauditError('the training pool is empty');
  const sampleRate = Math.min(1, cfg.batchSize / n);
  // T = ⌈epochs / q⌉ = ⌈epochs·N / B⌉, computed from the integers so that an exact quotient is not rounded up
  // by floating-point error (e.g. N = 856, B = 16, 2 epochs: 107 steps, not 108).
  const exact = (cfg.epochs * Math.max(n, cfg.batchSize)) / cfg.batchSize;
  return { sampleRate, steps: Math.max(1, Math.ceil(exact - 1e-9 * exact)) };
}

/**
 * The plan of one arm over a pool of n privacy units (rows for `record`, patients for `patient`: then
 * q = B/N_patients and T = ⌈epochs·N_patients/B⌉, docs/methods.md#user-level-dp).
 */
export function planArm(arm: Arm, cfg: TrainConfig, n: number, privacyUnit: PrivacyUnitKind = 'record'): PrivacyPlan {
  if (arm.kind === 'fed')
    throw new DpauditError(`${armId(arm)} is a federated arm: plan it with planFederatedArm (train/federated/plan.ts)`);
  const { sampleRate, steps } = samplingFor(cfg, n);
  const warnings: string[] = [];
  const base = {
    arm: armId(arm),
    sampleRate,
    steps,
    n,
    privacyUnit,
    delta: cfg.delta,
    deltaTimesN: cfg.delta * n,
    accountant: cfg.accountant,
  };
  if (arm.kind !== 'dp') {
    return {
      ...base,
      noiseMultiplier: 0,
      clip: arm.kind === 'cliponly' ? cfg.clip : null,
      targetEpsilon: null,
      epsilon: null,
      epsilonRdp: null,
      rdpOrder: null,
      warnings,
    };
  }
  const w = deltaWarning(cfg.delta, n);
  if (w) warnings.push(w);
  const cal = calibrateNoise({ targetEpsilon: arm.epsilon, delta: cfg.delta, sampleRate, steps, accountant: cfg.accountant });
  const rdp = epsilonFor({ noiseMultiplier: cal.noiseMultiplier, sampleRate, steps, delta: cfg.delta, accountant: 'rdp' });
  return {
    ...base,
    noiseMultiplier: cal.noiseMultiplier,
    clip: cfg.clip,
    targetEpsilon: arm.epsilon,
    epsilon: cal.epsilon,
    epsilonRdp: rdp.epsilon,
    rdpOrder: rdp.order ?? null,
    warnings,
  };
}
