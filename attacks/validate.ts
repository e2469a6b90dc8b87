import { DpauditError } from '../src/errors.js';
import type { FleetSignals } from './types.js';

/** Check the shapes and values of FleetSignals; throws DpauditError naming the first problem. */
export function validateFleet(s: FleetSignals, needPopulation = false): void {
  const M = s.nModels;
  const n = s.nRows;
  if (!Number.isInteger(M) || M < 1) throw new DpauditError(`fleet: nModels must be a positive integer, got ${M}`);
  if (!Number.isInteger(n) || n < 1) throw new DpauditError(`fleet: nRows must be a positive integer, got ${n}`);
  if (s.logits.length !== M * n) throw new DpauditError(`fleet: logits has length ${s.logits.length}, expected M·n = ${M * n}`);
  if (s.inMask.length !== M * n) throw new DpauditError(`fleet: inMask has length ${s.inMask.length}, expected M·n = ${M * n}`);
  if (s.labels.length !== n) throw new DpauditError(`fleet: labels has length ${s.labels.length}, expected n = ${n}`);
  checkBinary(s.labels, 'labels');
  checkBinary(s.inMask, 'inMask');
  checkFinite(s.logits, 'logits');
  if (s.population !== undefined) {
    const p = s.population;
    if (!Number.isInteger(p.nRows) || p.nRows < 1)
      throw new DpauditError(`fleet: population.nRows must be a positive integer, got ${p.nRows}`);
    if (p.logits.length !== M * p.nRows)
      throw new DpauditError(`fleet: population.logits has length ${p.logits.length}, expected M·nPop = ${M * p.nRows}`);
    if (p.labels.length !== p.nRows) throw new DpauditError(`fleet: population.labels has length ${p.labels.length}, expected ${p.nRows}`);
    checkBinary(p.labels, 'population.labels');
    checkFinite(p.logits, 'population.logits');
  } else if (needPopulation) {
    throw new DpauditError('RMIA needs the population (held-out test split logits of every fleet model)');
  }
}

function checkBinary(a: Uint8Array, what: string): void {
  for (let k = 0; k < a.length; k++) if (a[k] > 1) throw new DpauditError(`fleet: ${what}[${k}] = ${a[k]} is not 0/1`);
}

function checkFinite(a: Float32Array, what: string): void {
  for (let k = 0; k < a.length; k++) if (!Number.isFinite(a[k])) throw new DpauditError(`fleet: ${what}[${k}] = ${a[k]} is not finite`);
}
