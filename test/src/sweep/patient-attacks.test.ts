import { test } from 'node:test';
import assert from 'node:assert/strict';
import { aggregateToPatients, poolPatients } from '../../../src/sweep/patient-attacks.js';
import { patientUnits } from '../../../src/data/units.js';
import type { AttackResult } from '../../../attacks/types.js';

const result = (attack: AttackResult['attack'], scores: number[], isMember: number[]): AttackResult => ({
  attack,
  scores: Float64Array.from(scores),
  isMember: Uint8Array.from(isMember),
  convention: 'c',
  conventions: {},
  diagnostics: { fallbackIn: 0, fallbackOut: 0, flooredSigma: 0 },
  tunedA: null,
});

// 5 pool rows of patients 7, 3, 7, 9, 3 (pool = job rows 1..5)
const unitOfRow = Int32Array.from([0, 7, 3, 7, 9, 3]);
const ds = {
  units: patientUnits(unitOfRow),
  ids: { distinct: 4, repeated: true },
  splits: { train: Int32Array.from([1, 2, 3, 4, 5]), validation: new Int32Array(0), test: new Int32Array(0) },
};

test('patient scores: mean of the rows (loss, RMIA…) and sum of log-likelihood ratios (LiRA online), membership per patient', () => {
  const p = poolPatients(ds);
  assert.ok(p);
  assert.equal(p.count, 3); // patients in order of first pool row: 7, 3, 9
  assert.deepEqual([...p.index], [0, 1, 0, 2, 1]);
  // two targets
  const scores = [1, 2, 3, 4, 6, 10, 20, 30, 40, 50];
  const member = [1, 0, 1, 1, 0, 0, 1, 0, 0, 1];
  const mean = aggregateToPatients(result('loss', scores, member), 5, p);
  assert.deepEqual([...mean.scores], [(1 + 3) / 2, (2 + 6) / 2, 4, (10 + 30) / 2, (20 + 50) / 2, 40]);
  assert.deepEqual([...mean.isMember], [1, 0, 1, 0, 1, 0]);
  const llr = aggregateToPatients(result('lira-online', scores, member), 5, p);
  assert.deepEqual([...llr.scores], [4, 8, 4, 40, 70, 40]);
  assert.equal(llr.conventions.patientScore, 'sum-llr');
});

test('rows of one patient with different membership are refused (masks must be over patients)', () => {
  const p = poolPatients(ds);
  assert.ok(p);
  assert.throws(() => aggregateToPatients(result('loss', [1, 2, 3, 4, 5], [1, 0, 0, 1, 0]), 5, p), /differ in membership/);
});

test('no patient level without repeated ids', () => {
  assert.equal(poolPatients({ ...ds, ids: { distinct: 5, repeated: false } }), null);
});
