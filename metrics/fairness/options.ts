import { DpauditError } from '../../src/errors.js';
import type { GroupAttribute } from '../../src/data/types.js';
import type { FairnessOptions } from './types.js';
import { defaultOf, specOf } from '../../src/options/registry.js';
import { checkValue } from '../../src/options/validate.js';
import { renumberPatients, type PatientIds } from '../cluster-bootstrap.js';

/** Options with defaults applied and checked (defaults from the option registry; ciLevel 0.95). */
export interface ResolvedOptions {
  minGroupSize: number;
  reference: Record<string, string>;
  bootstrap: number;
  seed: number;
  suppressBelow: number;
  ciLevel: number;
  /** Patient ids of the rows renumbered once (patient bootstrap, patients per cell), else null. */
  patients: PatientIds | null;
}

/** Option `name` of `dpaudit fairness`, checked against the option registry, or its default. */
function fairnessOption(name: 'min-group-size' | 'bootstrap' | 'seed' | 'suppress-below', v: number | undefined): number {
  const spec = specOf(name, 'fairness');
  if (!spec) throw new Error(`option ${name} is not an option of fairness`);
  return (checkValue(spec, v) as number | undefined) ?? (defaultOf(name, 'fairness') as number);
}

/** Defaults and checks from the option registry (the same as `dpaudit fairness`), plus ciLevel (library only). */
export function resolveOptions(o: FairnessOptions): ResolvedOptions {
  const ciLevel = o.ciLevel ?? 0.95;
  if (!(ciLevel > 0 && ciLevel < 1)) throw new DpauditError(`must be in (0, 1), got ${ciLevel}`, { location: { option: 'ci-level' } });
  return {
    minGroupSize: fairnessOption('min-group-size', o.minGroupSize),
    reference: o.reference ?? {},
    bootstrap: fairnessOption('bootstrap', o.bootstrap),
    seed: fairnessOption('seed', o.seed),
    suppressBelow: fairnessOption('suppress-below', o.suppressBelow),
    ciLevel,
    patients: o.patients ? renumberPatients(o.patients) : null,
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
