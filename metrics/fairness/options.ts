import { DpauditError } from '../../src/errors.js';
import type { GroupAttribute } from '../../src/data/types.js';
import type { FairnessOptions } from './types.js';

/** Options with defaults applied and checked (docs/methods.md#fairness-metrics): minGroupSize 30, bootstrap 1000, seed 1, suppressBelow 11, ciLevel 0.95. */
export interface ResolvedOptions {
  minGroupSize: number;
  reference: Record<string, string>;
  bootstrap: number;
  seed: number;
  suppressBelow: number;
  ciLevel: number;
}

function nonNegInt(v: number, option: string): number {
  if (!Number.isInteger(v) || v < 0) throw new DpauditError(`must be a non-negative integer, got ${v}`, { location: { option } });
  return v;
}

export function resolveOptions(o: FairnessOptions): ResolvedOptions {
  const ciLevel = o.ciLevel ?? 0.95;
  if (!(ciLevel > 0 && ciLevel < 1)) throw new DpauditError(`must be in (0, 1), got ${ciLevel}`, { location: { option: 'ci-level' } });
  const seed = o.seed ?? 1;
  if (!Number.isInteger(seed)) throw new DpauditError(`must be an integer, got ${seed}`, { location: { option: 'seed' } });
  return {
    minGroupSize: nonNegInt(o.minGroupSize ?? 30, 'min-group-size'),
    reference: o.reference ?? {},
    bootstrap: nonNegInt(o.bootstrap ?? 1000, 'bootstrap'),
    seed,
    suppressBelow: nonNegInt(o.suppressBelow ?? 11, 'suppress-below'),
    ciLevel,
  };
}

/** Check a prediction set against the row count: binary labels and predictions, scores finite in [0, 1]. */
export function checkPredictions(what: string, n: number, yPred: Uint8Array, yScore?: ArrayLike<number>): void {
  if (yPred.length !== n) throw new DpauditError(`${what}: yPred has ${yPred.length} rows, expected ${n}`);
  for (let i = 0; i < n; i++) if (yPred[i] > 1) throw new DpauditError(`${what}: yPred[${i}] = ${yPred[i]} is not 0 or 1`);
  if (yScore !== undefined) {
    if (yScore.length !== n) throw new DpauditError(`${what}: yScore has ${yScore.length} rows, expected ${n}`);
    for (let i = 0; i < n; i++) {
      const s = yScore[i];
      if (!(s >= 0 && s <= 1)) throw new DpauditError(`${what}: yScore[${i}] = ${s} is not a probability in [0, 1]`);
    }
  }
}

export function checkLabelsAndGroups(yTrue: Uint8Array, groups: readonly GroupAttribute[]): void {
  const n = yTrue.length;
  for (let i = 0; i < n; i++) if (yTrue[i] > 1) throw new DpauditError(`yTrue[${i}] = ${yTrue[i]} is not 0 or 1`);
  for (const g of groups) {
    if (g.codes.length !== n) throw new DpauditError(`group attribute ${g.name} has ${g.codes.length} rows, expected ${n}`);
    for (let i = 0; i < n; i++) {
      const c = g.codes[i];
      if (c < -1 || c >= g.levels.length) throw new DpauditError(`group attribute ${g.name}: code ${c} at row ${i} is out of range`);
    }
  }
  const names = new Set(groups.map((g) => g.name));
  if (names.size !== groups.length)
    throw new DpauditError('sensitive attributes must have distinct names', { location: { option: 'sensitive' } });
}
