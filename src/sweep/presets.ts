import { defaultOf, presetNames, type PresetName } from '../options/registry.js';
import type { TrainConfig } from '../train/config.js';

export type { PresetName };

/**
 * Sweep presets. `test` is for the project's own tests (tiny), `quick` for CI gates, `standard` the
 * default audit, `thorough` more seeds and reference models. Flags and config values override them.
 * The per-preset values of options live in the option registry (src/options/defs/*.ts, `presets`);
 * only the row cap, which is not an option, is set here.
 */
export interface Preset {
  epsilons: number[];
  referenceModels: number;
  seeds: number;
  bootstrap: number;
  canaries: number;
  /** Subsample the dataset to at most this many rows (stratified within each split), or null. */
  maxRows: number | null;
  train: Partial<TrainConfig>;
}

const maxRows: Record<PresetName, number | null> = { test: 1500, quick: null, standard: null, thorough: null };

function preset(p: PresetName): Preset {
  return {
    epsilons: [...defaultOf('epsilons', 'sweep', p)],
    referenceModels: defaultOf('reference-models', 'sweep', p),
    seeds: defaultOf('seeds', 'sweep', p),
    bootstrap: defaultOf('bootstrap', 'sweep', p),
    canaries: defaultOf('canaries', 'sweep', p),
    maxRows: maxRows[p],
    train: { epochs: defaultOf('epochs', 'sweep', p) },
  };
}

export const presets: Record<PresetName, Preset> = Object.fromEntries(presetNames.map((p) => [p, preset(p)])) as Record<PresetName, Preset>;
