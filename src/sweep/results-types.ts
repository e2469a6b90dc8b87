/**
 * results.json, schema version 1: everything the report and the gate show. No row-level data and no
 * per-example scores; subgroup cells with 0 < n < suppressBelow appear as { values, suppressed: true }.
 * Nested fairness and attack objects are the outputs of metrics/fairness and metrics/attack-summary.
 */
import type { PrivacyPlan } from '../train/plan.js';

export const RESULTS_SCHEMA_VERSION = 1;

export interface Interval {
  lo: number | null;
  hi: number | null;
}

/**
 * A number of the first seed's release model with its bootstrap CI (same model), and the mean and standard
 * deviation over all seeds (DP noise is a second source of randomness; null with one seed).
 */
export interface Estimate {
  value: number | null;
  ci?: Interval;
  seedMean?: number | null;
  seedSd?: number | null;
}

/** Spread over seeds of the fairness results (seeds > 1): per grouping, between-group disparities and per-group metrics. */
export interface FairnessSeedSpread {
  seeds: number;
  groupings: {
    attributes: string[];
    disparities: Record<string, { mean: number | null; sd: number | null }>;
    groups: (
      | { values: Record<string, string>; sd: Record<string, number | null> }
      | { values: Record<string, string>; suppressed: true }
    )[];
  }[];
}

export interface UtilityMetrics {
  auc: Estimate;
  accuracy: Estimate;
  brier: Estimate;
  balancedAccuracy: Estimate;
  /** Decision threshold picked on the validation split. */
  threshold: number;
}

/** The privacy accounting of an arm as planned and trained (src/train/plan.ts), without the arm id. */
export type PrivacyAccounting = Omit<PrivacyPlan, 'arm'>;

/** ε lower bounds and the violation check, as metrics/ writes them. */
export type { EpsilonBound } from '../../metrics/empirical-epsilon.js';
export type { ViolationCheck } from '../../metrics/overlay.js';

export interface ArmResult {
  /** "nondp", "cliponly" or "dp@ε". */
  arm: string;
  kind: 'nondp' | 'cliponly' | 'dp';
  epsilon: number | null;
  privacy: PrivacyAccounting;
  utility: UtilityMetrics;
  /** metrics/fairness FairnessReport of the release model on the test split, first seed (CIs by bootstrap). */
  fairness: unknown;
  /** Spread of the fairness results over seeds (null with one seed). */
  fairnessSeedSpread?: FairnessSeedSpread | null;
  /** "Who pays for privacy": metrics/fairness delta report vs nondp (DP and cliponly arms). */
  whoPays: unknown | null;
  /** Per attack: metrics/attack-summary AttackSummary objects (pooled over targets and seeds). */
  attacks: unknown[];
  /** One-run canary audit (Steinke–Nasr–Jagielski) result, or null when disabled. */
  oneRun: unknown | null;
  /** Per-group reliability curves (10 bins) for the report; suppressed cells omitted. */
  calibration: { group: Record<string, string>; bins: { meanScore: number; fracPositive: number; n: number }[] }[];
  /** Theory overlay curve TPR_max(FPR) from the accountant's profile (DP arms), log-spaced FPRs. */
  overlay: { fpr: number; tprMax: number }[] | null;
  seeds: number;
  timing: { trainSeconds: number; modelsTrained: number };
}

/** Status of a built-in check: `untestable` when the check could not fail (nothing measured, no power). */
export type VerdictStatus = 'pass' | 'warn' | 'fail' | 'untestable';

/** One built-in check of the verdict strip (report top, summary.md first lines). */
export interface VerdictCheck {
  id: string;
  status: VerdictStatus;
  /** One plain-language line: what is checked and what was found. */
  summary: string;
}

/** Paired difference of a DP or clip-only arm against non-DP (same test rows, same bootstrap resamples). */
export interface PairedDelta {
  arm: string;
  epsilon: number | null;
  /** metric(arm) − metric(nondp). */
  delta: number | null;
  ci: Interval | null;
}

/** The worst per-group loss of an arm vs non-DP for one metric (groups with n ≥ minGroupSize, not suppressed). */
export interface GroupLoss {
  arm: string;
  epsilon: number | null;
  metric: 'tpr' | 'fpr' | 'ece';
  /** "age = 60-69"; null when no group had a defined value. */
  group: string | null;
  /** Loss (positive = worse under DP): nondp − arm for TPR, arm − nondp for FPR and ECE. */
  loss: number | null;
  /** Paired-bootstrap interval of the loss. */
  ci: Interval | null;
  /** Value in the non-DP model and in the arm. */
  baseline: number | null;
  value: number | null;
}

export interface ResultsV1 {
  schemaVersion: 1;
  tool: { name: 'dpaudit'; version: string };
  createdAt: string;
  /** The audit record: ties the report to its inputs. */
  audit: { dataSha256: string; configSha256: string; lockfileSha256: string | null; dpauditVersion: string; commandLine: string };
  backend: { name: string; simd: boolean | null; tfjsVersion: string };
  config: Record<string, unknown>;
  dataset: {
    file: string;
    rows: number;
    label: string;
    positiveLabel: string;
    positiveRate: number;
    sensitive: string[];
    features: string[];
    encodedFeatures: number;
    splits: { train: number; validation: number; test: number };
    droppedMissingLabel: number;
    duplicateRows: number;
    /** Subgroup sizes (inspect-style groupings with suppression). */
    groups: unknown[];
    warnings: string[];
    preprocessing: string[];
  };
  conventions: Record<string, string>;
  arms: ArmResult[];
  recommendation: {
    epsilon: number | null;
    reason: string;
    tolerances: {
      aucFraction: number;
      disparityIncrease: number;
      /** Largest allowed sensitivity (TPR) loss of any group vs non-DP (absent in older results). */
      groupTprLoss?: number;
      /** Largest allowed calibration-error (ECE) increase of any group vs non-DP (absent in older results). */
      groupEceIncrease?: number;
    };
    pareto: { arm: string; epsilon: number | null; auc: number | null; disparity: number | null }[];
    /** What `pareto[].disparity` measures. */
    disparityMeasure?: string;
    /** Per arm (clip-only and DP): paired ΔAUC vs non-DP with its paired-bootstrap CI. */
    pairedAuc?: PairedDelta[];
    /** Per arm and metric (tpr, fpr, ece): the group that loses most vs non-DP. */
    groupLosses?: GroupLoss[];
    /** DP arms whose paired ΔAUC CI overlaps the recommended arm's (not distinguishable from it by AUC). */
    indistinguishable?: string[];
    /** Absolute disparity per arm (largest between-group equal-opportunity or equalized-odds difference, any grouping). */
    absoluteDisparity?: {
      arm: string;
      epsilon: number | null;
      measure: string;
      grouping: string;
      value: number | null;
      ci: Interval | null;
    }[];
  };
  /** The built-in checks (always run; a policy gate adds `gate`). */
  verdict?: { checks: VerdictCheck[] };
  warnings: string[];
  suppressBelow: number;
  notDifferentiallyPrivateNotice: string;
  timing: { totalSeconds: number; jobs: number };
  gate?: unknown;
}
