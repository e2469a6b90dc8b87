import { test } from 'node:test';
import assert from 'node:assert/strict';
import { computeFairness } from '../../../metrics/fairness/report.js';
import type { GroupEntry, GroupingReport, SuppressedGroup } from '../../../metrics/fairness/types.js';
import { smallCase } from './fixture.js';

const close = (a: number | null, b: number, what: string) => {
  assert.notEqual(a, null, `${what} is null`);
  assert.ok(Math.abs((a as number) - b) < 1e-12, `${what}: ${a} vs ${b}`);
};

function entry(g: GroupingReport, values: Record<string, string>): GroupEntry {
  const e = g.groups.find((x) => JSON.stringify(x.values) === JSON.stringify(values));
  assert.ok(e && !('suppressed' in e), `group ${JSON.stringify(values)}`);
  return e as GroupEntry;
}

const opts = { bootstrap: 0, suppressBelow: 0, minGroupSize: 0 };

test('groupings: each attribute and the intersection, in Cartesian order with the empty cell listed', () => {
  const r = computeFairness(smallCase(), opts);
  assert.deepEqual(
    r.groupings.map((g) => g.attributes),
    [['sex'], ['age'], ['sex', 'age']],
  );
  assert.deepEqual(
    r.groupings[2].groups.map((g) => `${g.values.sex}-${g.values.age}`),
    ['F-a', 'F-b', 'F-c', 'M-a', 'M-b', 'M-c'],
  );
  assert.equal(r.overall.count, 12);
  assert.equal(r.bootstrap, null);
});

test('group F by hand: counts, rates, balanced accuracy, AUC, Brier', () => {
  const r = computeFairness(smallCase(), opts);
  const m = entry(r.groupings[0], { sex: 'F' }).metrics;
  assert.deepEqual([m.count, m.nPos, m.nNeg, m.nPredPos, m.tp, m.fp, m.tn, m.fn], [7, 3, 4, 4, 2, 2, 2, 1]);
  close(m.baseRate, 3 / 7, 'baseRate');
  close(m.selectionRate, 4 / 7, 'selectionRate');
  close(m.tpr, 2 / 3, 'tpr');
  close(m.fpr, 1 / 2, 'fpr');
  close(m.tnr, 1 / 2, 'tnr');
  close(m.fnr, 1 / 3, 'fnr');
  close(m.precision, 1 / 2, 'precision');
  close(m.npv, 2 / 3, 'npv');
  close(m.accuracy, 4 / 7, 'accuracy');
  close(m.balancedAccuracy, 7 / 12, 'balancedAccuracy');
  // positives .9, .4, .95 vs negatives .2, .6, .1, .7: 4 + 2 + 4 of 12 pairs
  close(m.rocAuc, 10 / 12, 'rocAuc');
  close(m.brier, (0.01 + 0.04 + 0.36 + 0.36 + 0.01 + 0.49 + 0.0025) / 7, 'brier');
});

test('ties count ½ in AUC (group M: positives .8 .8 .3, negatives .8 .3)', () => {
  const r = computeFairness(smallCase(), opts);
  const m = entry(r.groupings[0], { sex: 'M' }).metrics;
  // pairs: (.8,.8) ½, (.8,.3) 1, twice; (.3,.8) 0, (.3,.3) ½ → 3.5 / 6
  close(m.rocAuc, 3.5 / 6, 'rocAuc');
});

test('undefined metrics are null and listed: no positives, one class, one row, empty cell', () => {
  const r = computeFairness(smallCase(), opts);
  const inter = r.groupings[2];
  const fb = entry(inter, { sex: 'F', age: 'b' });
  assert.equal(fb.metrics.tpr, null);
  assert.equal(fb.metrics.fnr, null);
  assert.equal(fb.metrics.rocAuc, null);
  close(fb.metrics.balancedAccuracy, 1 / 2, 'balancedAccuracy over the class present');
  assert.deepEqual(fb.flags.undefined, ['tpr', 'fnr', 'rocAuc']);
  const fc = entry(inter, { sex: 'F', age: 'c' });
  assert.deepEqual(fc.flags.undefined, ['fpr', 'tnr', 'npv', 'rocAuc']);
  assert.equal(fc.metrics.tpr, 1);
  const mc = entry(inter, { sex: 'M', age: 'c' });
  assert.equal(mc.metrics.count, 0);
  assert.equal(mc.flags.empty, true);
  assert.equal(mc.flags.undefined.length, 13);
  for (const [k, v] of Object.entries(mc.metrics)) {
    if (['count', 'nPos', 'nNeg', 'nPredPos', 'tp', 'fp', 'tn', 'fn'].includes(k)) assert.equal(v, 0, k);
    else assert.equal(v, null, k);
  }
  // F-b's null tpr (and F-c's null fpr...) are skipped by the aggregates and counted; the empty cell is not counted
  assert.equal(inter.skippedNull.tpr, 1);
  assert.equal(inter.skippedNull.fpr, 2); // F-c and M-b have no negatives
  assert.equal(inter.skippedNull.rocAuc, 3); // F-b, F-c, M-b
  assert.ok(r.notes.some((n) => n.includes('skip')));
});

test('disparities of sex by hand (F: sel 4/7, acc 4/7; M: sel 3/5, acc 3/5; overall 7/12; tpr and fpr equal)', () => {
  const r = computeFairness(smallCase(), opts);
  const g = r.groupings[0];
  assert.deepEqual(g.reference, { sex: 'F' });
  assert.equal(g.referenceSource, 'largest');
  const b = g.disparities.betweenGroups;
  close(b.demographicParityDifference, 3 / 5 - 4 / 7, 'dp diff');
  close(b.demographicParityRatio, 20 / 21, 'dp ratio');
  close(b.equalizedOddsDifference, 0, 'eo diff');
  close(b.equalizedOddsRatio, 1, 'eo ratio');
  close(b.equalOpportunityDifference, 0, 'eop diff');
  close(b.accuracyDifference, 1 / 35, 'acc diff');
  close(b.accuracyRatio, 20 / 21, 'acc ratio');
  const o = g.disparities.toOverall;
  close(o.demographicParityDifference, 1 / 60, 'dp to overall');
  close(o.demographicParityRatio, 35 / 36, 'dp ratio to overall'); // min(48/49, 35/36)
  const ref = g.disparities.toReference;
  close(ref.demographicParityDifference, 1 / 35, 'dp to reference');
  close(ref.demographicParityRatio, 20 / 21, 'dp ratio to reference');
  close(g.worst.accuracy.value, 4 / 7, 'worst accuracy');
  assert.deepEqual(g.worst.accuracy.values, { sex: 'F' });
});

test('excluding small groups and a named reference', () => {
  const r = computeFairness(smallCase(), { ...opts, minGroupSize: 6, reference: { sex: 'M' } });
  const g = r.groupings[0];
  assert.equal(entry(g, { sex: 'M' }).flags.smallGroup, true);
  assert.equal(entry(g, { sex: 'F' }).flags.smallGroup, false);
  assert.equal(g.disparities.betweenGroupsExcludingSmall.demographicParityDifference, null); // one group left
  close(g.disparities.toOverallExcludingSmall.demographicParityDifference, 1 / 84, 'F to overall');
  assert.equal(g.disparities.toReferenceExcludingSmall.accuracyRatio, null); // the reference M is small
  assert.deepEqual(g.reference, { sex: 'M' });
  assert.equal(g.referenceSource, 'named');
  close(g.disparities.toReference.accuracyRatio, 20 / 21, 'acc ratio to M');
  assert.deepEqual(g.worstExcludingSmall.accuracy.values, { sex: 'F' });
  // the intersection is not fully named: its reference is the largest cell
  assert.equal(r.groupings[2].referenceSource, 'largest');
  assert.deepEqual(r.groupings[2].reference, { sex: 'F', age: 'a' });
  assert.throws(() => computeFairness(smallCase(), { ...opts, reference: { sex: 'X' } }), /option --reference/);
  assert.throws(() => computeFairness(smallCase(), { ...opts, reference: { race: 'A' } }), /option --reference/);
});

test('worst group of the intersection; zero reference value gives a null ratio', () => {
  const r = computeFairness(smallCase(), { ...opts, reference: { sex: 'M', age: 'b' } });
  const g = r.groupings[2];
  assert.equal(g.worst.tpr.value, 0);
  assert.deepEqual(g.worst.tpr.values, { sex: 'M', age: 'b' });
  // M-b: tpr 0 → ratio to it undefined, difference = max |g − 0| = 1
  assert.equal(g.disparities.toReference.equalOpportunityRatio, null);
  assert.equal(g.disparities.toReference.equalOpportunityDifference, 1);
  // betweenGroups tpr: values F-a .5, F-c 1, M-a 1, M-b 0 (F-b null, M-c empty skipped) → ratio 0, difference 1
  assert.equal(g.disparities.betweenGroups.equalOpportunityRatio, 0);
  assert.equal(g.disparities.betweenGroups.equalOpportunityDifference, 1);
});

test('suppression: 0 < n < k and complementary cells show neither count nor metrics; empty cells stay; aggregates skip them', () => {
  const r = computeFairness(smallCase(), { ...opts, suppressBelow: 3 });
  const inter = r.groupings[2];
  const byKey = new Map(inter.groups.map((x) => [`${x.values.sex}-${x.values.age}`, x]));
  // primary: F-b (2), F-c (1), M-b (1); complementary: M-a (sex=M minus M-a would give M-b back), then F-a (age=a minus F-a gives M-a)
  for (const k of ['F-a', 'F-b', 'F-c', 'M-a', 'M-b'])
    assert.deepEqual(byKey.get(k), { values: byKey.get(k)!.values, suppressed: true } satisfies SuppressedGroup);
  assert.equal((byKey.get('M-c') as GroupEntry).metrics.count, 0);
  assert.equal(inter.worst.tpr.values, null);
  assert.equal(inter.worst.tpr.value, null);
  // age: c (1 row) primary, b (3 rows) complementary (overall − a − b would give c); the worst TPR is a's 0.75, not b's 0
  const age = r.groupings[1];
  assert.deepEqual(
    age.groups.map((g) => 'suppressed' in g),
    [false, true, true],
  );
  assert.deepEqual(age.worst.tpr, { value: 0.75, values: { age: 'a' } });
  assert.equal(age.disparities.betweenGroups.equalOpportunityDifference, null); // one shown group
  // overall values still use every row
  assert.equal(r.overall.count, 12);
  close(r.groupings[0].disparities.betweenGroups.accuracyDifference, 1 / 35, 'acc diff');
  const text = JSON.stringify(inter.groups.filter((x) => 'suppressed' in x));
  assert.ok(!text.includes('count') && !text.includes('metrics'));
});

test('no scores: rocAuc, brier, ece null and not listed as undefined; y_pred-only metrics still computed', () => {
  const c = smallCase();
  const r = computeFairness({ yTrue: c.yTrue, yPred: c.yPred, groups: c.groups }, opts);
  assert.equal(r.overall.rocAuc, null);
  assert.equal(r.overall.ece, null);
  close(r.overall.accuracy, 7 / 12, 'accuracy');
  assert.deepEqual(entry(r.groupings[0], { sex: 'F' }).flags.undefined, []);
  assert.ok(r.notes.some((n) => n.includes('no scores')));
});

test('bad input throws DpauditError', () => {
  const c = smallCase();
  assert.throws(() => computeFairness({ ...c, yTrue: Uint8Array.from(c.yTrue, (v, i) => (i === 3 ? 2 : v)) }, opts), /yTrue\[3\] = 2/);
  assert.throws(() => computeFairness({ ...c, yScore: Float64Array.from(c.yScore, (v, i) => (i === 1 ? 1.5 : v)) }, opts), /yScore\[1\]/);
  assert.throws(() => computeFairness({ ...c, yPred: c.yPred.subarray(1) }, opts), /rows/);
  assert.throws(() => computeFairness(c, { bootstrap: -1 }), /option --bootstrap/);
});
