import type { PreparedDataset } from '../data/types.js';
import { Rng } from '../random/rng.js';

/**
 * Deterministic subsample of each split (same fraction in each, stratified by label) so that the whole
 * dataset has at most `maxRows` rows; used by the `test` preset. Returns a dataset with new splits only
 * (rows outside every split are simply never used).
 */
export function subsampleSplits(ds: PreparedDataset, maxRows: number | null, rootSeed: number): PreparedDataset {
  const total = ds.splits.train.length + ds.splits.validation.length + ds.splits.test.length;
  if (maxRows === null || total <= maxRows) return ds;
  const f = maxRows / total;
  const pick = (rows: Int32Array, name: string): Int32Array => {
    const rng = Rng.from(rootSeed, 'subsample', name);
    const out: number[] = [];
    for (const label of [0, 1]) {
      const cls = Array.from(rows).filter((i) => ds.y[i] === label);
      rng.shuffle(cls);
      out.push(...cls.slice(0, Math.round(cls.length * f)));
    }
    return Int32Array.from(out.sort((a, b) => a - b));
  };
  return {
    ...ds,
    splits: {
      train: pick(ds.splits.train, 'train'),
      validation: pick(ds.splits.validation, 'validation'),
      test: pick(ds.splits.test, 'test'),
    },
  };
}
