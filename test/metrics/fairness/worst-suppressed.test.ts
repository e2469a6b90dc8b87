import { test } from 'node:test';
import assert from 'node:assert/strict';
import { computeFairness } from '../../../metrics/fairness/index.js';
import { summarizeAttack } from '../../../metrics/attack-summary.js';
import type { AttackResult } from '../../../attacks/types.js';

// Group A: 20 rows, all predicted right. Group B: 5 rows, all predicted wrong (accuracy 0).
const n = 25;
const yTrue = Uint8Array.from({ length: n }, (_, i) => i % 2);
const yPred = Uint8Array.from({ length: n }, (_, i) => (i < 20 ? i % 2 : 1 - (i % 2)));
const groups = [{ name: 'g', codes: Int32Array.from({ length: n }, (_, i) => (i < 20 ? 0 : 1)), levels: ['A', 'B'] }];

test('a suppressed worst group is left out of the worst-group value (and with two groups both are hidden)', () => {
  // Two groups only: overall − A would give B back, so A is hidden too (complementary) and no worst group is shown.
  const r = computeFairness({ yTrue, yPred, groups }, { bootstrap: 50, suppressBelow: 11, minGroupSize: 1 });
  const w = r.groupings[0].worst.accuracy;
  assert.equal(w.value, null);
  assert.equal(w.values, null);
  assert.ok(!w.ci);
  assert.ok(r.groupings[0].groups.every((g) => 'suppressed' in g));
  // without suppression the same worst group is shown with its accuracy 0
  const open = computeFairness({ yTrue, yPred, groups }, { bootstrap: 0, suppressBelow: 0, minGroupSize: 1 });
  assert.equal(open.groupings[0].worst.accuracy.value, 0);
  assert.deepEqual(open.groupings[0].worst.accuracy.values, { g: 'B' });
});

test('attack per-group worst AUC leaves suppressed cells out', () => {
  // one target (M = 1): rows of B are perfectly separated (AUC 1), rows of A are not separated (AUC 0.5)
  const scores = Float64Array.from({ length: n }, (_, i) => (i < 20 ? 0 : i % 2 ? 1 : -1));
  const isMember = Uint8Array.from({ length: n }, (_, i) => i % 2);
  const res: AttackResult = {
    attack: 'loss',
    scores,
    isMember,
    convention: 'test',
    conventions: {},
    diagnostics: { fallbackIn: 0, fallbackOut: 0, flooredSigma: 0 },
    tunedA: null,
  };
  const hidden = summarizeAttack(res, n, { delta: 1e-5, seed: ['t'], bootstrap: 10, groups, minGroupSize: 1, suppressBelow: 11 });
  assert.equal(hidden.groups[0].worstAuc, 0.5);
  const shown = summarizeAttack(res, n, { delta: 1e-5, seed: ['t'], bootstrap: 10, groups, minGroupSize: 1, suppressBelow: 0 });
  assert.equal(shown.groups[0].worstAuc, 1);
});
