import { test } from 'node:test';
import assert from 'node:assert/strict';
import { computeFairness } from '../../../metrics/fairness/report.js';
import { computeFairnessDeltas } from '../../../metrics/fairness/deltas.js';
import type { GroupEntry } from '../../../metrics/fairness/types.js';

/**
 * The nhis case in small: groups A (40 rows, TPR 0.75), B (40, TPR 0.5), D (30, TPR 0.6) and a tiny cell C
 * (5 rows, TPR 0). Without care the published between-group equal-opportunity difference is
 * 0.75 − 0 = TPR(A), from which a reader learns that the hidden cell's TPR is 0.
 */
function nhisLike() {
  const spec = [
    { level: 0, n: 40, pos: 20, tp: 15 },
    { level: 1, n: 40, pos: 20, tp: 10 },
    { level: 2, n: 5, pos: 4, tp: 0 },
    { level: 3, n: 30, pos: 20, tp: 12 },
  ];
  const yTrue: number[] = [];
  const yPred: number[] = [];
  const codes: number[] = [];
  for (const s of spec) {
    for (let i = 0; i < s.n; i++) {
      const pos = i < s.pos;
      yTrue.push(pos ? 1 : 0);
      yPred.push(pos ? (i < s.tp ? 1 : 0) : i % 3 === 0 ? 1 : 0);
      codes.push(s.level);
    }
  }
  return {
    yTrue: Uint8Array.from(yTrue),
    yPred: Uint8Array.from(yPred),
    groups: [{ name: 'race', codes: Int32Array.from(codes), levels: ['A', 'B', 'C', 'D'] }],
  };
}

test('an aggregate that would equal a hidden cell value is not published (hidden and complementary cells are left out)', () => {
  const input = nhisLike();
  const open = computeFairness(input, { bootstrap: 0, suppressBelow: 0, minGroupSize: 0 });
  // the leak without suppression: the difference equals TPR(A) − TPR(C) = 0.75 − 0
  assert.equal(open.groupings[0].disparities.betweenGroups.equalOpportunityDifference, 0.75);
  const r = computeFairness(input, { bootstrap: 20, suppressBelow: 11, minGroupSize: 0 });
  const g = r.groupings[0];
  const shown = g.groups.filter((x): x is GroupEntry => !('suppressed' in x));
  // C is hidden (5 rows); D, the smallest other group, too (overall − A − B − D would give C back)
  assert.deepEqual(
    shown.map((x) => x.values.race),
    ['A', 'B'],
  );
  // every aggregate is computed from the shown groups only (naive recomputation)
  const tprs = shown.map((x) => x.metrics.tpr as number);
  assert.equal(g.disparities.betweenGroups.equalOpportunityDifference, Math.max(...tprs) - Math.min(...tprs));
  assert.equal(g.disparities.betweenGroups.equalOpportunityRatio, Math.min(...tprs) / Math.max(...tprs));
  const o = r.overall.tpr as number;
  assert.equal(g.disparities.toOverall.equalOpportunityDifference, Math.max(...tprs.map((t) => Math.abs(t - o))));
  assert.deepEqual(g.worst.tpr.values, { race: 'B' });
  assert.equal(g.worst.tpr.value, 0.5);
  // no published disparity or worst value equals C's TPR 0 or lets it be read off as max − value
  for (const v of Object.values(g.disparities).flatMap((d) => Object.values(d))) assert.notEqual(v, 0.75);
  assert.ok(g.disparitiesCi !== undefined);
  // the deltas hide the same cells
  const d = computeFairnessDeltas(input.yTrue, { yPred: input.yPred }, { yPred: input.yPred }, input.groups, {
    bootstrap: 0,
    suppressBelow: 11,
  });
  assert.deepEqual(
    d.groupings[0].groups.map((x) => 'suppressed' in x),
    [false, false, true, true],
  );
});

test('suppression off: nothing hidden, nothing complementary', () => {
  const r = computeFairness(nhisLike(), { bootstrap: 0, suppressBelow: 0, minGroupSize: 0 });
  assert.ok(r.groupings[0].groups.every((x) => !('suppressed' in x)));
});
