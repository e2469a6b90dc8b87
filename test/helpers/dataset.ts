import type { DatasetOptions } from '../../src/data/types.js';

/**
 * Dataset options for tests: label column `y`, no sensitive, dropped or categorical columns, lenient and strict off,
 * min group size 0, test/validation fractions 0.3/0.15, seed 1; `extra` overrides any of them.
 */
export function datasetOptions(data: string, extra: Partial<DatasetOptions> = {}): DatasetOptions {
  return {
    data,
    label: 'y',
    sensitive: [],
    drop: [],
    categorical: [],
    lenient: false,
    strict: false,
    minGroupSize: 0,
    testFraction: 0.3,
    validationFraction: 0.15,
    seed: 1,
    ...extra,
  };
}
