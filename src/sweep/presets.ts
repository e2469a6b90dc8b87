import type { TrainConfig } from '../train/config.js';

/**
 * Sweep presets. `test` is for the project's own tests (tiny), `quick` for CI gates, `standard` the
 * default audit, `thorough` more seeds and reference models. Flags and config values override them.
 */
export type PresetName = 'test' | 'quick' | 'standard' | 'thorough';

export interface Preset {
  epsilons: number[];
  referenceModels: number;
  seeds: number;
  bootstrap: number;
  canaries: number;
  /** Gradient canaries m (cheap: they ride on the release model's run). */
  gradientCanaries: number;
  /** Subsample the dataset to at most this many rows (stratified within each split), or null. */
  maxRows: number | null;
  train: Partial<TrainConfig>;
}

export const presets: Record<PresetName, Preset> = {
  test: {
    epsilons: [1, 8],
    referenceModels: 2,
    seeds: 1,
    bootstrap: 100,
    canaries: 100,
    gradientCanaries: 20000,
    maxRows: 1500,
    train: { epochs: 3 },
  },
  quick: {
    epsilons: [1, 4, 8],
    referenceModels: 4,
    seeds: 1,
    bootstrap: 200,
    canaries: 300,
    gradientCanaries: 50000,
    maxRows: null,
    train: { epochs: 10 },
  },
  standard: {
    epsilons: [0.5, 1, 2, 4, 8],
    referenceModels: 16,
    seeds: 1,
    bootstrap: 1000,
    canaries: 500,
    gradientCanaries: 100000,
    maxRows: null,
    train: {},
  },
  thorough: {
    epsilons: [0.25, 0.5, 1, 2, 4, 8, 16],
    referenceModels: 32,
    seeds: 3,
    bootstrap: 2000,
    canaries: 1000,
    gradientCanaries: 100000,
    maxRows: null,
    train: {},
  },
};
