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
  const hidden = summarizeAttack(res, n, { delta: 1e-5, seed: ['t'], groups, minGroupSize: 1, suppressBelow: 11 });
  // Two groups only: overall − A would give B back, so A is hidden too (complementary) and no worst AUC is shown.
  assert.equal(hidden.groups[0].worstAuc, null);
  assert.ok(hidden.groups[0].cells.every((c) => c.suppressed));
  // Three groups (A 20, C 20 unseparated; B 5 separated): B and the smaller shown cell are hidden, the worst
  // AUC comes from the remaining cell only (0.5), never from B (1).
  const n3 = 45;
  const groups3 = [{ name: 'g', codes: Int32Array.from({ length: n3 }, (_, i) => (i < 20 ? 0 : i < 25 ? 1 : 2)), levels: ['A', 'B', 'C'] }];
  const res3: AttackResult = {
    ...res,
    scores: Float64Array.from({ length: n3 }, (_, i) => (i >= 20 && i < 25 ? (i % 2 ? 1 : -1) : 0)),
    isMember: Uint8Array.from({ length: n3 }, (_, i) => i % 2),
  };
  const h3 = summarizeAttack(res3, n3, { delta: 1e-5, seed: ['t'], groups: groups3, minGroupSize: 1, suppressBelow: 11 });
  assert.deepEqual(
    h3.groups[0].cells.map((c) => c.suppressed),
    [true, true, false],
  );
  assert.equal(h3.groups[0].worstAuc, 0.5);
  const shown = summarizeAttack(res, n, { delta: 1e-5, seed: ['t'], groups, minGroupSize: 1, suppressBelow: 0 });
  assert.equal(shown.groups[0].worstAuc, 1);
});
