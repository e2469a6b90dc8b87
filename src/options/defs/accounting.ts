import type { OptionSpec } from '../types.js';

/**
 * Inputs of `dpaudit epsilon` and `dpaudit calibrate` (δ and the accountant are shared with training: see
 * train.ts). Listed before the training options so that their checks run first. The privacy module checks the
 * same ranges again for library callers of epsilonFor() and calibrateNoise().
 */
export const accountingSpecs = [
  {
    name: 'sample-rate',
    type: 'number',
    min: 0,
    minExclusive: true,
    max: 1,
    config: false,
    commands: ['epsilon', 'calibrate'],
    help: 'Poisson sampling rate q = B/N (required)',
  },
  {
    name: 'noise-multiplier',
    type: 'number',
    min: 0,
    config: false,
    commands: ['epsilon'],
    help: 'noise multiplier σ (required)',
  },
  {
    name: 'steps',
    type: 'number',
    integer: true,
    min: 1,
    config: false,
    commands: ['epsilon', 'calibrate'],
    help: 'number of steps T (required)',
  },
  {
    name: 'target-epsilon',
    type: 'number',
    min: 0,
    minExclusive: true,
    config: false,
    commands: ['calibrate'],
    help: 'target ε (required)',
  },
] as const satisfies readonly OptionSpec[];
