import { sigmoid } from '../../attacks/signals.js';
import type { FairnessOptions } from '../../metrics/fairness/types.js';
import { chooseThreshold } from '../../metrics/operating-point.js';
import type { PreparedDataset } from '../data/types.js';
import type { ModelsJobOutput } from './job.js';
import type { SweepOptions } from './options.js';

/**
 * What the fairness engine needs of an arm, shared by the centralised fairness section and the federated
 * per-site utility so both resample the same unit.
 */

/**
 * The fairness and utility intervals resample patients when the privacy unit is the patient, and whenever
 * patients repeat in the data (their rows are not independent, whatever the unit of the guarantee).
 */
export function patientBootstrap(ds: Pick<PreparedDataset, 'units' | 'ids'>, plan: { privacyUnit: string }): boolean {
  return ds.units.kind === 'patient' && (plan.privacyUnit === 'patient' || ds.ids?.repeated === true);
}

/**
 * Fairness options of an arm's test-split intervals (docs/methods.md#bootstrap): sizes, bootstrap, seed and
 * suppression of the sweep, and the patient of each test row when whole patients are resampled. The reference
 * group is left to the caller (it names sensitive attributes, which a site grouping does not have).
 */
export function fairnessOptions(
  opts: Pick<SweepOptions, 'minGroupSize' | 'bootstrap' | 'rootSeed' | 'suppressBelow'>,
  ds: Pick<PreparedDataset, 'units' | 'ids' | 'splits'>,
  plan: { privacyUnit: string },
): FairnessOptions {
  return {
    minGroupSize: opts.minGroupSize,
    bootstrap: opts.bootstrap,
    seed: opts.rootSeed,
    suppressBelow: opts.suppressBelow,
    // Rows of one patient are not independent: the intervals resample whole patients (docs/methods.md#bootstrap).
    ...(patientBootstrap(ds, plan) ? { patients: Int32Array.from(ds.splits.test, (i) => ds.units.unitOfRow[i]) } : {}),
  };
}

/** Probabilities of a release model's test logits and its predictions at a threshold (p ≥ threshold). */
export function predictionsAt(testLogits: ArrayLike<number>, threshold: number): { prob: Float64Array; pred: Uint8Array } {
  const prob = Float64Array.from(testLogits, sigmoid);
  const pred = Uint8Array.from(prob, (p) => (p >= threshold ? 1 : 0));
  return { prob, pred };
}

export interface ReleasePreds {
  threshold: number;
  prob: Float64Array;
  pred: Uint8Array;
}

/** A release model's test predictions at the operating point chosen on the validation split (0.5 without one). */
export function releasePredictions(
  opts: Pick<SweepOptions, 'operatingPoint'>,
  ds: Pick<PreparedDataset, 'splits' | 'y'>,
  out: ModelsJobOutput,
): ReleasePreds {
  const yVal = Uint8Array.from(ds.splits.validation, (i) => ds.y[i]);
  const pVal = Float64Array.from(out.release.validationLogits, sigmoid);
  const threshold = yVal.length > 0 ? chooseThreshold(opts.operatingPoint, yVal, pVal) : 0.5;
  return { threshold, ...predictionsAt(out.release.testLogits, threshold) };
}
