import { defaultOf, type ChoiceOf } from '../options/registry.js';
import { validateOptions } from '../options/validate.js';
import type { AccountantName } from '../privacy/types.js';
import type { ModelKind } from '../model/spec.js';
import type { OptimizerName } from './optimizer.js';

/** Training hyperparameters shared by every arm (docs/methods.md#arms: arms share optimiser, lr, epochs, batches). */
export interface TrainConfig {
  model: ModelKind;
  hidden: number[];
  epochs: number;
  batchSize: number;
  clip: number;
  lr: number;
  optimizer: OptimizerName;
  momentum: number;
  delta: number;
  accountant: AccountantName;
  secureNoise: boolean;
  /**
   * Requested privacy unit (--privacy-unit); absent: `patient` when --id is given and ids repeat, else
   * `record` (resolved against the dataset by train/privacy-unit.ts).
   */
  privacyUnit?: 'record' | 'patient';
  /**
   * True when the batch size was given (flag, config file, library call or a caller's override), absent when
   * it is the registry default: with the patient as the unit a default batch size is chosen from the number
   * of patients instead (train/privacy-unit.ts, docs/methods.md#user-level-dp).
   */
  batchSizeGiven?: true;
}

// The registry's allowed values must be exactly the implemented ones (a compile error otherwise).
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const sameChoices: [
  Same<ModelKind, ChoiceOf<'model'>>,
  Same<OptimizerName, ChoiceOf<'optimizer'>>,
  Same<AccountantName, ChoiceOf<'accountant'>>,
  Same<NonNullable<TrainConfig['privacyUnit']>, ChoiceOf<'privacy-unit'>>,
] = [true, true, true, true];
void sameChoices;

/** Defaults chosen by measurement on the shipped datasets (README, "Training defaults"); declared in the option registry. */
export const trainDefaults: TrainConfig = {
  model: defaultOf('model'),
  hidden: [...defaultOf('hidden')],
  epochs: defaultOf('epochs'),
  batchSize: defaultOf('batch-size'),
  clip: defaultOf('clip'),
  lr: defaultOf('lr'),
  optimizer: defaultOf('optimizer'),
  momentum: defaultOf('momentum'),
  delta: defaultOf('delta'),
  accountant: defaultOf('accountant'),
  secureNoise: defaultOf('secure-noise'),
};

/** Training options as given (flags, config file or library call); checked against the registry by resolveTrainConfig. */
export interface TrainArgs {
  model?: string;
  hidden?: string | number | number[];
  epochs?: number;
  batchSize?: number;
  clip?: number;
  lr?: number;
  optimizer?: string;
  momentum?: number;
  delta?: number;
  accountant?: string;
  secureNoise?: boolean;
  privacyUnit?: string;
}

/** MLP hidden widths from "64,64", 64 or [64, 64]. */
export function parseHidden(v: string | number | number[] | undefined): number[] {
  if (v === undefined) return trainDefaults.hidden;
  return (validateOptions('train', { hidden: v }).hidden as number[] | undefined) ?? trainDefaults.hidden;
}

/** Apply defaults (< `overrides`, e.g. a preset's) and check every value against the option registry. */
export function resolveTrainConfig(args: TrainArgs, overrides: Partial<TrainConfig> = {}): TrainConfig {
  const a = validateOptions('train', args);
  const d = { ...trainDefaults, ...overrides };
  return {
    model: (a.model as ModelKind | undefined) ?? d.model,
    hidden: (a.hidden as number[] | undefined) ?? d.hidden,
    epochs: a.epochs ?? d.epochs,
    batchSize: a.batchSize ?? d.batchSize,
    clip: a.clip ?? d.clip,
    lr: a.lr ?? d.lr,
    optimizer: (a.optimizer as OptimizerName | undefined) ?? d.optimizer,
    momentum: a.momentum ?? d.momentum,
    delta: a.delta ?? d.delta,
    accountant: (a.accountant as AccountantName | undefined) ?? d.accountant,
    secureNoise: a.secureNoise ?? d.secureNoise,
    // Absent unless requested, so that options hashes of earlier runs stay as they were.
    ...privacyUnitField(a.privacyUnit ?? d.privacyUnit),
    ...(a.batchSize !== undefined || overrides.batchSize !== undefined || d.batchSizeGiven ? { batchSizeGiven: true as const } : {}),
  };
}

function privacyUnitField(v: string | undefined): { privacyUnit?: 'record' | 'patient' } {
  return v === undefined ? {} : { privacyUnit: v as 'record' | 'patient' };
}
