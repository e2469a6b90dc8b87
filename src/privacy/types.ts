import type { ComposedPrvTable } from './prv/composed.js';
/**
 * Accountant interface (modelled on Opacus: one interface, a registry of implementations).
 * An accountant composes steps of the Poisson-subsampled Gaussian mechanism.
 */
export type AccountantName = 'rdp' | 'prv';

export interface MechanismStep {
  /** Noise multiplier σ (std of the noise divided by the clipping norm). */
  noiseMultiplier: number;
  /** Poisson sampling rate q = B/N. */
  sampleRate: number;
  /** Number of identical steps composed. */
  steps: number;
}

export interface EpsilonResult {
  epsilon: number;
  delta: number;
  accountant: AccountantName;
  /** Optimal RDP order α (RDP only). */
  order?: number;
  /** PRV: the discretisation/truncation error already added to ε (ε is an upper bound). */
  error?: number;
}

/** δ(ε) of the composed mechanism (a privacy profile). Non-increasing in ε. */
export interface PrivacyProfile {
  /** Upper bound on δ for the given ε ≥ 0. */
  delta(epsilon: number): number;
  /** Convention label, e.g. "rdp-conversion" or "prv-numerical (upper bound)". */
  method: string;
  /**
   * The profile as data, when it is costly to recompute (PRV: the composed distribution): a worker thread
   * given it rebuilds the same δ(ε) with `profileFromTable` instead of composing again.
   */
  table?: () => ProfileTable;
}

/** A numerically composed profile as structured-cloneable data (see PrivacyProfile.table). */
export interface ProfileTable {
  accountant: 'prv';
  composed: ComposedPrvTable;
}

export interface Accountant {
  readonly name: AccountantName;
  /** Record `steps` steps of the subsampled Gaussian mechanism (default 1). */
  step(noiseMultiplier: number, sampleRate: number, steps?: number): void;
  /** The history of recorded steps. */
  readonly history: readonly MechanismStep[];
  /** ε for a target δ (an upper bound). */
  epsilon(delta: number): EpsilonResult;
  /** The privacy profile δ(ε) of everything recorded so far. */
  profile(): PrivacyProfile;
}
