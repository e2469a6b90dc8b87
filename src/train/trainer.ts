import type { EncoderState } from '../data/types.js';
import type { PrivacyUnits } from '../data/units.js';
import type { ModelSpec } from '../model/spec.js';
import type { SeedPart } from '../random/rng.js';
import type { TrainConfig } from './config.js';
import type { PrivacyPlan } from './plan.js';
import type { StackProgress, StepKernel } from './stack.js';
import type { GradientCanaryRun } from './gradient-canaries.js';
import type { FederationPlan, SiteUpdateView } from './federated/types.js';

/**
 * The trainer seam: whoever trains (dpaudit's own tfjs DP-SGD, or an external program through the
 * trainer protocol) receives exactly the same materialised job inputs and returns per-example logits on
 * the requested rows and the facts of its run. Everything else (splits, masks, canaries, accounting,
 * attacks, fairness) is independent of the trainer.
 */

/** The seeds of one model: seed parts of dpaudit's own streams, and one integer for external trainers. */
export interface ModelSeeds {
  init: SeedPart[];
  batches: SeedPart[];
  noise: SeedPart[];
  /** A 32-bit seed derived from the same parts (external trainers seed their own generators with it). */
  seed: number;
}

export interface JobModel {
  /** Position of the model in the job (row of the logits matrix). */
  index: number;
  /** Name of the model in the job: 'release', 'canary' or the fleet position. */
  name: string;
  seeds: ModelSeeds;
  /** Rows (indices into the job's rows) this model trains on. */
  trainRows: Int32Array;
  /**
   * White-box gradient canaries this model carries inside DP-SGD (docs/methods.md#gradient-canaries): m canaries
   * drawn from `seed`. Only dpaudit's own trainer supports them; others leave TrainResult.gradientCanaries unset.
   */
  gradientCanaries?: { m: number; seed: SeedPart[] };
}

/** dpaudit's encoding of every job row (the encoder is fitted on the training pool). */
export interface JobFeatures {
  /** Row-major nRows × d float32. */
  X: Float32Array;
  d: number;
  encoder: EncoderState;
}

/**
 * The inputs of one job, built in one place (train/materialise.ts). Job rows are the prepared dataset's
 * rows 0..n−1 followed by synthetic rows (canaries).
 */
export interface JobInputs {
  jobId: string;
  nRows: number;
  /** 0/1 label of every job row. */
  labels: Uint8Array;
  /** 1-based data row of the input CSV for every job row, −1 for synthetic rows. */
  csvRows: Int32Array;
  /** Encoded features; null in manifest mode (the trainer loads its own inputs through csvRows). */
  features: JobFeatures | null;
  units: PrivacyUnits;
  models: JobModel[];
  /** Rows on which every model is scored. */
  scoreRows: Int32Array;
  plan: PrivacyPlan;
  train: TrainConfig;
  /**
   * Federated arms (docs/methods.md#federated): the arm's federation plan (the same object as plan.federation)
   * and the site of every job row. Synthetic rows (input-space canaries) are placed at the audited site, whose
   * update the server-side attacker observes.
   */
  federation?: { plan: FederationPlan; siteOfRow: Int32Array };
}

/** What one model's run actually did, as its trainer reports it. */
export interface ModelRunFacts {
  index: number;
  steps: number;
  sampling: string;
  sampleRate: number;
  noiseMultiplier: number;
  /** Clipping norm C; null when the run did not clip. */
  maxGradNorm: number | null;
  meanBatchSize: number;
  emptySteps: number;
  optimizerSteps: number;
  /** ε the trainer states for its own run, when it says. */
  epsilon?: number | null;
}

export interface TrainResult {
  /** Logits of class 1, model-major: logits[m · scoreRows.length + k] is model m on scoreRows[k]. */
  logits: Float32Array;
  facts: ModelRunFacts[];
  /** Library (and version) that trained, as reported. */
  library: string;
  /** The model spec and parameters of every model (in-process trainers only). */
  spec?: ModelSpec;
  params?: Float32Array[];
  /** The release model's gradient canaries (in-process trainer only; absent when none were requested). */
  gradientCanaries?: GradientCanaryRun;
  /**
   * Federated arms: the audited site's last update as the server sees it (logits model-major over scoreRows,
   * like `logits`). Per-example values: memory and cache only.
   */
  siteUpdate?: SiteUpdateView;
  /** Engines that computed the per-example gradients (dpaudit's own trainer; see train/stack.ts StepKernel). */
  kernels?: StepKernel[];
}

export interface Trainer {
  /** Short name for messages ("dpaudit tfjs", "external: python3 t.py"). */
  readonly name: string;
  /** What identifies this trainer in the job cache key (null: dpaudit's own trainer). */
  readonly cacheIdentity: unknown;
  train(inputs: JobInputs, onStep?: (p: StackProgress) => void): Promise<TrainResult>;
}
