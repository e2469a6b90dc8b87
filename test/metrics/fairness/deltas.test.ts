import { test } from 'node:test';
import assert from 'node:assert/strict';
import { computeFairnessDeltas, lossOf } from '../../../metrics/fairness/deltas.js';
import type { DeltaGroupEntry } from '../../../metrics/fairness/types.js';
import { smallCase } from './fixture.js';

const close = (a: number | null | undefined, b: number, what: string) =>
  assert.ok(a !== null && a !== undefined && Math.abs(a - b) < 1e-12, `${what}: ${a} vs ${b}`);

test('loss convention: higher-is-better flips the sign, fpr/fnr/brier/ece keep it, rates without a direction have none', () => {
  assert.equal(lossOf('accuracy', -0.1), 0.1);
  assert.equal(lossOf('fpr', 0.1), 0.1);
  assert.equal(lossOf('ece', -0.05), -0.05);
  assert.equal(lossOf('selectionRate', 0.2), null);
  assert.equal(lossOf('tpr', null), null);
});

test('deltas by hand: a perfect baseline against the small case', () => {
  const c = smallCase();
  const baseline = { yPred: c.yTrue.slice(), yScore: Float64Array.from(c.yTrue, (y) => (y ? 0.9 : 0.1)) };
  const r = computeFairnessDeltas(c.yTrue, baseline, { yPred: c.yPred, yScore: c.yScore }, c.groups, { bootstrap: 0, suppressBelow: 0 });
  // baseline accuracy 1 everywhere; dp accuracy F 4/7, M 3/5, overall 7/12
  close(r.overall.delta.accuracy, 7 / 12 - 1, 'overall Δaccuracy');
  close(r.overall.loss.accuracy, 5 / 12, 'overall loss');
  const sex = r.groupings[0];
  const F = sex.groups[0] as DeltaGroupEntry;
  const M = sex.groups[1] as DeltaGroupEntry;
  close(F.delta.accuracy, 4 / 7 - 1, 'F Δaccuracy');
  close(M.loss.accuracy, 2 / 5, 'M loss');
  assert.equal(F.delta.baseRate, 0);
  assert.equal(F.loss.selectionRate, null);
  // F loses 3/7 > 5/12 > 2/5 = M
  assert.deepEqual(sex.exceedsOverall.accuracy, [{ sex: 'F' }]);
  // fpr goes 0 → 1/2 in F, M and overall: equal loss is not "exceeding"
  close(F.loss.fpr, 0.5, 'F fpr loss');
  assert.equal(sex.exceedsOverall.fpr, undefined);
  // intersection: F-b has no positives, so its tpr delta is null and it is never compared
  const fb = r.groupings[2].groups[1] as DeltaGroupEntry;
  assert.equal(fb.delta.tpr, null);
  assert.ok(!(r.groupings[2].exceedsOverall.tpr ?? []).some((v) => v.sex === 'F' && v.age === 'b'));
});

test('paired bootstrap: same resamples for both sets (Δ baseRate is exactly 0), deterministic, suppression applies', () => {
  const c = smallCase();
  const baseline = { yPred: c.yTrue.slice(), yScore: Float64Array.from(c.yTrue, (y) => (y ? 0.9 : 0.1)) };
  const run = () =>
    computeFairnessDeltas(c.yTrue, baseline, { yPred: c.yPred, yScore: c.yScore }, c.groups, { bootstrap: 300, seed: 9, suppressBelow: 3 });
  const r = run();
  assert.deepEqual(r, run());
  assert.deepEqual(r.overall.ci?.baseRate, { lower: 0, upper: 0, replicates: 300 });
  const ci = r.overall.ci?.accuracy;
  assert.ok(ci && ci.lower < 7 / 12 - 1 + 1e-12 && ci.upper > 7 / 12 - 1 - 1e-12 && ci.upper < 0);
  const inter = r.groupings[2].groups;
  assert.deepEqual(inter[1], { values: { sex: 'F', age: 'b' }, suppressed: true });
  assert.equal(r.bootstrap?.method.startsWith('paired'), true);
});
