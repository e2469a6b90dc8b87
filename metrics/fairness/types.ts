import type { GroupAttribute } from '../../src/data/types.js';
import type { Interval } from '../bootstrap.js';

/**
 * Public types of the fairness output (docs/methods.md#fairness-metrics) and the metric / disparity key lists.
 * Every number that is undefined (zero denominator, one class, no scores) is `null`, never 0 or NaN.
 */

/** Metric keys of one group, in output order. The first eight are counts. */
export const METRIC_KEYS = [
  'count',
  'nPos',
  'nNeg',
  'nPredPos',
  'tp',
  'fp',
  'tn',
  'fn',
  'baseRate',
  'selectionRate',
  'tpr',
  'fpr',
  'tnr',
  'fnr',
  'precision',
  'npv',
  'accuracy',
  'balancedAccuracy',
  'rocAuc',
  'brier',
  'ece',
] as const;
export type MetricKey = (typeof METRIC_KEYS)[number];

/** Index of each metric in a metric vector (same order as METRIC_KEYS). */
export const M = Object.fromEntries(METRIC_KEYS.map((k, i) => [k, i])) as { readonly [K in MetricKey]: number };

/** The rate metrics (everything but the counts): these get bootstrap intervals and deltas. */
export const RATE_KEYS = METRIC_KEYS.slice(8) as readonly RateKey[];
export type RateKey = Exclude<MetricKey, 'count' | 'nPos' | 'nNeg' | 'nPredPos' | 'tp' | 'fp' | 'tn' | 'fn'>;

/** Metrics that need y_score. */
export const SCORE_KEYS: readonly RateKey[] = ['rocAuc', 'brier', 'ece'];

/** Loss convention of "who pays for privacy": lower is better for these, higher is better for LOSS_HIGHER_IS_BETTER. */
export const LOSS_LOWER_IS_BETTER: readonly RateKey[] = ['fpr', 'fnr', 'brier', 'ece'];
export const LOSS_HIGHER_IS_BETTER: readonly RateKey[] = ['tpr', 'tnr', 'precision', 'npv', 'accuracy', 'balancedAccuracy', 'rocAuc'];

export type Metrics = { [K in MetricKey]: K extends 'count' ? number : number | null };

export const DISPARITY_KEYS = [
  'demographicParityDifference',
  'demographicParityRatio',
  'equalizedOddsDifference',
  'equalizedOddsRatio',
  'equalOpportunityDifference',
  'equalOpportunityRatio',
  'accuracyDifference',
  'accuracyRatio',
] as const;
export type DisparityKey = (typeof DISPARITY_KEYS)[number];
export type Disparity = { [K in DisparityKey]: number | null };

export const DISPARITY_VARIANTS = [
  'betweenGroups',
  'toOverall',
  'toReference',
  'betweenGroupsExcludingSmall',
  'toOverallExcludingSmall',
  'toReferenceExcludingSmall',
] as const;
export type DisparityVariant = (typeof DISPARITY_VARIANTS)[number];

export const WORST_KEYS = ['accuracy', 'tpr', 'rocAuc', 'balancedAccuracy'] as const;
export type WorstKey = (typeof WORST_KEYS)[number];

/** Percentile bootstrap interval; `replicates` = number of resamples in which the statistic was defined. */
export type { Interval };

export type GroupValues = Record<string, string>;

export interface GroupFlags {
  /** n < minGroupSize (empty cells included). */
  smallGroup: boolean;
  /** n = 0. */
  empty: boolean;
  /** Metrics that are null because of a zero denominator or a single class (score metrics without scores are not listed). */
  undefined: RateKey[];
}

export interface GroupEntry {
  values: GroupValues;
  metrics: Metrics;
  /** Distinct patients in the cell (patient ids given; metrics.count is rows). */
  patients?: number;
  /** Bootstrap intervals of the rate metrics (absent when the bootstrap is off); null where never defined. */
  ci?: { [K in RateKey]: Interval | null };
  flags: GroupFlags;
}

/** A cell with 0 < n < suppressBelow: neither its count nor its metrics are shown. */
export interface SuppressedGroup {
  values: GroupValues;
  suppressed: true;
}

export interface WorstGroup {
  value: number | null;
  /** The group attaining the minimum; null when no group has a defined value. When that group is suppressed, value and values are null and `suppressed` is set. */
  values: GroupValues | null;
  suppressed?: true;
  ci?: Interval | null;
}

export interface GroupingReport {
  attributes: string[];
  reference: GroupValues;
  /** "named" when given by --reference, "largest" otherwise. */
  referenceSource: 'named' | 'largest';
  groups: (GroupEntry | SuppressedGroup)[];
  worst: { [K in WorstKey]: WorstGroup };
  worstExcludingSmall: { [K in WorstKey]: WorstGroup };
  disparities: { [V in DisparityVariant]: Disparity };
  disparitiesCi?: { [V in DisparityVariant]: { [K in DisparityKey]: Interval | null } };
  /** Per metric, how many groups had a null value and were skipped by the aggregates (only metrics with skips). */
  skippedNull: Partial<Record<RateKey, number>>;
}

export interface BootstrapInfo {
  resamples: number;
  seed: number;
  level: number;
  method: string;
  /** Present when whole patients were resampled (the patient bootstrap); absent: rows. */
  unit?: 'patient';
  /** Number of patients among the rows (patient bootstrap only). */
  patients?: number;
}

export interface FairnessReport {
  overall: Metrics;
  overallCi?: { [K in RateKey]: Interval | null };
  groupings: GroupingReport[];
  minGroupSize: number;
  suppressBelow: number;
  bootstrap: BootstrapInfo | null;
  conventions: Record<string, string>;
  notes: string[];
}

export interface FairnessInput {
  yTrue: Uint8Array;
  yPred: Uint8Array;
  yScore?: Float64Array | Float32Array;
  groups: GroupAttribute[];
}

export interface FairnessOptions {
  /** Groups below this size are flagged and left out of the *ExcludingSmall aggregates (default 30). */
  minGroupSize?: number;
  /** Reference group per attribute, e.g. { sex: "F" }; a grouping uses it when every one of its attributes is named. */
  reference?: Record<string, string>;
  /** Bootstrap resamples (default 1000; 0 = off). */
  bootstrap?: number;
  /** Root seed (default 1). */
  seed?: number;
  /** Cells with 0 < n < k are written as suppressed (default 11; 0 = off). */
  suppressBelow?: number;
  /** Two-sided interval level (default 0.95). */
  ciLevel?: number;
  /**
   * Patient id of every row when the privacy unit is the patient: the intervals then come from the
   * stratified patient (cluster) bootstrap, which resamples whole patients (docs/methods.md#bootstrap).
   */
  patients?: ArrayLike<number>;
}

/** Predictions of one model on the rows of a FairnessInput (for the deltas). */
export interface PredictionSet {
  yPred: Uint8Array;
  yScore?: Float64Array | Float32Array;
}

export type RateRecord = { [K in RateKey]: number | null };

export interface DeltaGroupEntry {
  values: GroupValues;
  count: number;
  /** Distinct patients in the cell (patient ids given). */
  patients?: number;
  /** dp − baseline. */
  delta: RateRecord;
  /** Loss = baseline − dp for higher-is-better metrics, dp − baseline for fpr, fnr, brier, ece; null for baseRate and selectionRate. */
  loss: RateRecord;
  /** Paired-bootstrap interval of delta. */
  ci?: { [K in RateKey]: Interval | null };
  flags: { smallGroup: boolean; empty: boolean };
}

export interface DeltaGroupingReport {
  attributes: string[];
  groups: (DeltaGroupEntry | SuppressedGroup)[];
  /** Per loss metric, the (unsuppressed) groups whose loss exceeds the overall loss. */
  exceedsOverall: Partial<Record<RateKey, GroupValues[]>>;
  /** Per loss metric, how many suppressed groups exceed the overall loss (their identity is not shown). */
  suppressedExceeding: Partial<Record<RateKey, number>>;
}

export interface DeltaReport {
  overall: { delta: RateRecord; loss: RateRecord; ci?: { [K in RateKey]: Interval | null } };
  groupings: DeltaGroupingReport[];
  bootstrap: BootstrapInfo | null;
  conventions: Record<string, string>;
  notes: string[];
}
