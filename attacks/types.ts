/**
 * Input and output contract of the membership-inference attacks (docs/methods.md#attack-design). The fleet trainer
 * produces FleetSignals: M = K + 1 models trained on independent inclusion masks over the n rows of the
 * training pool. Each model in turn is the target and the other K its reference models; attack scores
 * (higher = member) are pooled over all targets.
 */
import type { UpdateAttackName } from './site-update.js';

export interface FleetSignals {
  /** M = K + 1. */
  nModels: number;
  /** n training-pool rows. */
  nRows: number;
  /** M·n, model-major: logits[m*n + i] = logit of model m on row i. */
  logits: Float32Array;
  /** n, 0/1. */
  labels: Uint8Array;
  /** M·n, 1 if row i was in model m's training set. */
  inMask: Uint8Array;
  /** Held-out test split (never trained on), for RMIA: logits M·nPop, model-major. */
  population?: { nRows: number; logits: Float32Array; labels: Uint8Array };
}

export const ATTACK_NAMES = ['loss', 'confidence', 'mentr', 'lira-online', 'lira-offline', 'rmia-online', 'rmia-offline'] as const;
export type AttackName = (typeof ATTACK_NAMES)[number];

/** LiRA variance: one global σ per side ("fixed") or per row ("per-example"); "auto" = fixed when K < 64. */
export type VarianceMode = 'auto' | 'fixed' | 'per-example';
export type CentreMode = 'mean' | 'median';
/** LiRA offline: paper Φ((φ − μ_out)/σ_out) or reference code −log N(φ; μ_out, σ_out²). */
export type OfflineConvention = 'paper' | 'reference-code';

export interface AttackOptions {
  variance?: VarianceMode;
  centre?: CentreMode;
  offline?: OfflineConvention;
  /** RMIA γ (default 1). */
  gamma?: number;
  /** RMIA offline a; when absent it is tuned on the reference models of each target. */
  rmiaA?: number;
  /** Grid for tuning a (default 0, 0.1, …, 1). */
  aGrid?: readonly number[];
}

/** Degenerate cases met while scoring, summed over targets ((target, row) pairs). */
export interface AttackDiagnostics {
  /** Rows with no IN reference value (fell back to the global IN mean/std of the target's references). */
  fallbackIn: number;
  /** Rows with no OUT reference value (fell back to the global OUT mean/std). */
  fallbackOut: number;
  /** Standard deviations raised to the floor. */
  flooredSigma: number;
}

export interface AttackResult {
  /** A final-model attack, or an attack on one site's federated update (attacks/site-update.ts). */
  attack: AttackName | UpdateAttackName;
  /** Pooled over targets, length M·n: scores[t*n + i] = score of row i against target t. Never written out. */
  scores: Float64Array;
  /** Length M·n: 1 if row i was in target t's training set. */
  isMember: Uint8Array;
  /** Human-readable statement of every convention used. */
  convention: string;
  /** The same, as named switches. */
  conventions: Record<string, string | number>;
  diagnostics: AttackDiagnostics;
  /** RMIA offline: the a chosen for each target (null when not tuned). */
  tunedA: number[] | null;
}
