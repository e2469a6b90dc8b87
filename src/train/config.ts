import type { Argv } from 'yargs';
import { DpauditError } from '../errors.js';
import type { AccountantName } from '../privacy/types.js';
import type { ModelKind } from '../model/spec.js';
import type { OptimizerName } from './optimizer.js';

/** Training hyperparameters shared by every arm (REFERENCE §1: arms share optimiser, lr, epochs, batches). */
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
}

/** Defaults chosen by measurement on the shipped datasets (README, "Training defaults"). */
export const trainDefaults: TrainConfig = {
  model: 'mlp',
  hidden: [64, 64],
  epochs: 20,
  batchSize: 256,
  clip: 1,
  lr: 0.005,
  optimizer: 'adam',
  momentum: 0.9,
  delta: 1e-5,
  accountant: 'prv',
  secureNoise: false,
};

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

export function trainOptions<T>(y: Argv<T>): Argv<T & TrainArgs> {
  return y
    .option('model', { type: 'string', choices: ['logreg', 'mlp'], describe: `model (default ${trainDefaults.model})` })
    .option('hidden', { type: 'string', describe: `MLP hidden widths (default ${trainDefaults.hidden.join(',')})` })
    .option('epochs', { type: 'number', describe: `epochs; steps T = ceil(epochs / q) (default ${trainDefaults.epochs})` })
    .option('batch-size', { type: 'number', describe: `expected batch size B, q = B/N (default ${trainDefaults.batchSize})` })
    .option('clip', { type: 'number', describe: `clipping norm C (default ${trainDefaults.clip})` })
    .option('lr', { type: 'number', describe: `learning rate (default ${trainDefaults.lr})` })
    .option('optimizer', {
      type: 'string',
      choices: ['sgd', 'momentum', 'adam'],
      describe: `optimiser (default ${trainDefaults.optimizer})`,
    })
    .option('momentum', { type: 'number', describe: 'momentum for --optimizer momentum (default 0.9)' })
    .option('delta', { type: 'number', describe: `target δ (default ${trainDefaults.delta})` })
    .option('accountant', {
      type: 'string',
      choices: ['rdp', 'prv'],
      describe: `privacy accountant (default ${trainDefaults.accountant}; RDP is reported beside it)`,
    })
    .option('secure-noise', {
      type: 'boolean',
      describe: 'draw DP noise from node:crypto instead of the seeded generator',
    })
    .option('privacy-unit', {
      type: 'string',
      choices: ['record', 'patient'],
      describe: 'what ε protects: one row, or all rows of one --id (default patient when ids repeat, else record)',
    }) as unknown as Argv<T & TrainArgs>;
}

function positive(name: string, v: number | undefined, fallback: number, integer = false): number {
  if (v === undefined) return fallback;
  if (!Number.isFinite(v) || v <= 0 || (integer && !Number.isInteger(v))) {
    throw new DpauditError(`must be a positive ${integer ? 'integer' : 'number'}, got ${v}`, { location: { option: name } });
  }
  return v;
}

export function parseHidden(v: string | number | number[] | undefined): number[] {
  if (v === undefined) return trainDefaults.hidden;
  const parts = Array.isArray(v)
    ? v
    : String(v)
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== '')
        .map(Number);
  if (parts.length === 0 || parts.some((n) => !Number.isInteger(n) || n <= 0)) {
    throw new DpauditError(`expects positive integer widths such as 64,64, got ${JSON.stringify(v)}`, { location: { option: 'hidden' } });
  }
  return parts as number[];
}

export function resolveTrainConfig(a: TrainArgs, overrides: Partial<TrainConfig> = {}): TrainConfig {
  const d = { ...trainDefaults, ...overrides };
  const delta = a.delta ?? d.delta;
  if (!(delta > 0 && delta < 1)) throw new DpauditError(`must be in (0, 1), got ${delta}`, { location: { option: 'delta' } });
  const momentum = a.momentum ?? d.momentum;
  if (!(momentum >= 0 && momentum < 1)) throw new DpauditError(`must be in [0, 1), got ${momentum}`, { location: { option: 'momentum' } });
  return {
    model: (a.model as ModelKind | undefined) ?? d.model,
    hidden: a.hidden === undefined ? d.hidden : parseHidden(a.hidden),
    epochs: positive('epochs', a.epochs, d.epochs),
    batchSize: positive('batch-size', a.batchSize, d.batchSize, true),
    clip: positive('clip', a.clip, d.clip),
    lr: positive('lr', a.lr, d.lr),
    optimizer: (a.optimizer as OptimizerName | undefined) ?? d.optimizer,
    momentum,
    delta,
    accountant: (a.accountant as AccountantName | undefined) ?? d.accountant,
    secureNoise: a.secureNoise ?? d.secureNoise,
    // Absent unless requested, so that options hashes of earlier runs stay as they were.
    ...privacyUnitField(a.privacyUnit ?? d.privacyUnit),
  };
}

function privacyUnitField(v: string | undefined): { privacyUnit?: 'record' | 'patient' } {
  if (v === undefined) return {};
  if (v !== 'record' && v !== 'patient')
    throw new DpauditError(`expects record or patient, got ${JSON.stringify(v)}`, { location: { option: 'privacy-unit' } });
  return { privacyUnit: v };
}
