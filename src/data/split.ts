import { Rng, deriveSeed } from '../random/rng.js';
import type { SplitIndices } from './types.js';
import { iota } from './typed.js';

export interface SplitOptions {
  /** Fraction of rows in the test split (0 < f < 1). */
  testFraction: number;
  /** Fraction of the non-test rows in the validation split (0 ≤ f < 1). */
  validationFraction: number;
  /** Root seed; the stream is `deriveSeed(seed, 'split')`. */
  seed: number;
  /** Unit (e.g. patient id) per row, 0..G−1: all rows of a unit land in the same split. Default: each row is its own unit. */
  unitOfRow?: Int32Array;
}

/**
 * Deterministic seeded split (docs/methods.md#data) into test, validation and training pool, stratified by label
 * and grouped by unit. Units are stratified by their majority label (ties count as positive). Within each
 * stratum the units are shuffled (one stream for both strata, negatives first) and taken in order: a unit
 * goes to test while the rows already in test are fewer than round(testFraction · rows of the stratum);
 * of the rest, a unit goes to validation while its rows are fewer than round(validationFraction · rest);
 * the remainder is the training pool. Without units this gives exactly those counts per stratum.
 */
export function splitRows(y: Uint8Array, opts: SplitOptions): SplitIndices {
  const n = y.length;
  const unitOfRow = opts.unitOfRow ?? iota(n);
  let nUnits = 0;
  for (let i = 0; i < n; i++) if (unitOfRow[i] + 1 > nUnits) nUnits = unitOfRow[i] + 1;
  const size = new Int32Array(nUnits);
  const pos = new Int32Array(nUnits);
  for (let i = 0; i < n; i++) {
    size[unitOfRow[i]]++;
    pos[unitOfRow[i]] += y[i];
  }
  const rng = new Rng(deriveSeed(opts.seed, 'split'));
  const where = new Uint8Array(nUnits); // 0 train, 1 validation, 2 test
  for (const label of [0, 1]) {
    const units: number[] = [];
    let rows = 0;
    for (let u = 0; u < nUnits; u++) {
      if (size[u] === 0) continue;
      const majority = 2 * pos[u] >= size[u] ? 1 : 0;
      if (majority === label) {
        units.push(u);
        rows += size[u];
      }
    }
    rng.shuffle(units);
    const testTarget = Math.round(opts.testFraction * rows);
    let k = 0;
    let inTest = 0;
    while (k < units.length && inTest < testTarget) {
      where[units[k]] = 2;
      inTest += size[units[k]];
      k++;
    }
    const valTarget = Math.round(opts.validationFraction * (rows - inTest));
    let inVal = 0;
    while (k < units.length && inVal < valTarget) {
      where[units[k]] = 1;
      inVal += size[units[k]];
      k++;
    }
  }
  const counts = [0, 0, 0];
  for (let i = 0; i < n; i++) counts[where[unitOfRow[i]]]++;
  const out = [new Int32Array(counts[0]), new Int32Array(counts[1]), new Int32Array(counts[2])];
  const fill = [0, 0, 0];
  for (let i = 0; i < n; i++) {
    const s = where[unitOfRow[i]];
    out[s][fill[s]++] = i;
  }
  return { train: out[0], validation: out[1], test: out[2] };
}
