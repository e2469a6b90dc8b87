import { resolveDatasetOptions } from '../data/options.js';
import type { Logger } from '../log/logger.js';
import { loadDataset } from '../data/dataset.js';
import type { PreparedDataset } from '../data/types.js';
import { subsampleSplits } from '../sweep/subsample.js';
import { resolveTrainConfig, type TrainConfig } from '../train/config.js';
import type { TrainerFault } from '../train/stack.js';
import type { DpsgdSelftestOptions } from './dpsgd.js';

/**
 * Configurations of the DP-SGD pipeline self-test on the embedded example. `short` runs in `dpaudit selftest`
 * and npm test (seconds); `full` is `dpaudit selftest --dpsgd full` (10 seeds per fault, 20 for the correct
 * trainer). scripts/power.ts trains with the same configuration but more seeds (20 and 40: the README's power
 * table). C = 4 so that noise not scaled by C is a visible fault; a small MLP and 1 500–3 000 rows keep each
 * training run well under a second.
 */
export type DpsgdSelftestSize = 'short' | 'full';

export function dpsgdSelftestConfig(size: DpsgdSelftestSize, seed: number): { options: DpsgdSelftestOptions; maxRows: number } {
  const train: TrainConfig = resolveTrainConfig({}, { epochs: 3, batchSize: 64, clip: 4, hidden: [16], lr: 0.01 });
  const faults: readonly TrainerFault[] =
    size === 'short'
      ? ['none', 'noise-off', 'noise-quarter', 'clip-off']
      : ['noise-off', 'none', 'noise-quarter', 'noise-unscaled', 'rate-4x', 'clip-off'];
  return {
    maxRows: size === 'short' ? 1500 : 2000,
    options: {
      seed,
      epsilons: size === 'short' ? [1, 8] : [1, 2, 4, 8],
      faults,
      seeds: size === 'short' ? 1 : 10,
      noiseOffSeeds: size === 'short' ? 1 : 10,
      noiseQuarterSeeds: size === 'short' ? 1 : 10,
      correctSeeds: size === 'short' ? 2 : 20,
      gradientCanaries: 20000,
      maxGradientCanaries: 200000,
      oodCanaries: size === 'short' ? 100 : 300,
      train,
    },
  };
}

/** The embedded example (examples/flchain.yml settings), subsampled to `maxRows` (stratified per split). */
export function embeddedSelftestData(maxRows: number, seed: number, log: Logger): PreparedDataset {
  const opts = resolveDatasetOptions({}, log);
  return subsampleSplits(loadDataset(opts, log), maxRows, seed);
}
