/**
 * The federated seam (docs/methods.md#federated): what a federated arm is, how its records are spread over
 * sites, what its accounting says, and what a trainer returns so that the server's view of one site's update
 * can be attacked. The data layer assigns sites (src/data/sites.ts), the plan layer accounts
 * (train/federated/plan.ts), the trainer runs FedAvg (train/federated/fedavg.ts), the sweep attacks and reports.
 * Names here are shared by the training side and the audit side: extend, do not rename.
 */

/**
 * `none` — FedAvg without DP (federation only); `local-dp` — every site runs DP-SGD on its own records (record or
 * patient unit); `server-dp` — DP-FedAvg: sites sampled at rate p, each site's update clipped to S, Gaussian noise
 * N(0, σ²S²) on the sum (site-level guarantee).
 */
export type FederationMode = 'none' | 'local-dp' | 'server-dp';
export const FEDERATION_MODES: readonly FederationMode[] = ['none', 'local-dp', 'server-dp'];

// How the records are spread over sites, and the site of every row: declared in the data layer (which assigns
// sites), re-exported here under the seam's names.
export type { SiteAssignment, SiteSource } from '../../data/site-types.js';
import type { SiteSource } from '../../data/site-types.js';

/** FedAvg settings shared by every federated arm of a run. */
export interface FederationConfig {
  rounds: number;
  localEpochs: number;
  /** Fraction p of sites taking part in a round (Poisson-sampled per round under server-dp; else every site when 1). */
  siteRate: number;
  /** Clip S of one site's update (server-dp). */
  updateClip: number;
  /** The site whose update the server-side attacker observes (index into SiteAssignment.names). */
  auditSite: number;
}

/** One site's local mechanism in a federated arm. */
export interface SitePlan {
  site: number;
  name: string;
  /** Training-pool rows (or patients, under the patient unit) of the site. */
  n: number;
  /** Training-pool rows of the site (equal to n under the record unit); the FedAvg weight w_s ∝ rows. */
  rows: number;
  /** Local Poisson rate q_s = min(1, B / n_s) and local steps per round T_s = ⌈E·n_s / B⌉. */
  sampleRate: number;
  stepsPerRound: number;
  /** Local DP-SGD noise multiplier σ_s (local-dp; 0 otherwise). */
  noiseMultiplier: number;
  /** ε of one record (or patient) of this site over all R·T_s local steps (local-dp), else null. */
  epsilon: number | null;
}

/** The federated part of a PrivacyPlan (absent for centralised arms). */
export interface FederationPlan {
  mode: FederationMode;
  config: FederationConfig;
  /**
   * How the sites were formed: with the run's seed, enough for any worker to rebuild the same SiteAssignment
   * from the prepared dataset (src/data/sites.ts), and part of the job cache key through the plan.
   */
  source: SiteSource;
  sites: SitePlan[];
  /** Server-dp: σ of the noise N(0, σ²S²) added to the sum of clipped site updates; 0 otherwise. */
  serverNoiseMultiplier: number;
  /**
   * What the arm's headline ε protects: `record` / `patient` (local-dp: max over sites, parallel composition over
   * disjoint sites), `site` (server-dp: one site's whole dataset). Null ε for `none`.
   */
  level: 'record' | 'patient' | 'site' | null;
  epsilon: number | null;
  /** Server-dp: the record-level consequence (a record changes only its own site's update, so ε_record ≤ ε_site). */
  recordEpsilon: number | null;
  /** Plain-words caveats (e.g. "4 sites: a site-level ε needs noise of the size of the whole update"). */
  notes: string[];
}

/**
 * What a federated trainer returns beside the global model's logits: the audited site's view as the server
 * sees it in the last round — logits (model-major over the job's score rows, like TrainResult.logits) of the
 * global model the site started from and of the site's local model θ + Δ_s it sent back (before any server
 * clipping or noise). Per-example values: memory and cache only.
 */
export interface SiteUpdateView {
  site: number;
  round: number;
  before: Float32Array;
  after: Float32Array;
}
