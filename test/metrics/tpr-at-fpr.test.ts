import { test } from 'node:test';
import assert from 'node:assert/strict';
import betaQuantile from '@stdlib/stats-base-dists-beta-quantile';
import { rocCurve } from '../../metrics/roc.js';
import { tprAtFpr, tprAtFprLevels } from '../../metrics/tpr-at-fpr.js';

test('step rule: max TPR over thresholds with FPR ≤ α, no interpolation', () => {
  // 100 non-members with scores 0..99, 10 members: 5 at 1000 (above all), 5 at 98.5 (between the top two non-members).
  const s: number[] = [];
  const m: number[] = [];
  for (let i = 0; i < 100; i++) s.push(i), m.push(0);
  for (let i = 0; i < 5; i++) s.push(1000), m.push(1);
  for (let i = 0; i < 5; i++) s.push(98.5), m.push(1);
  const c = rocCurve(s, m);
  const r = tprAtFpr(c, 0.1);
  assert.equal(r.resolved, true);
  if (!r.resolved) return;
  assert.equal(r.tpr, 1); // t = 90: FPR 10/100, TPR 1
  assert.equal(r.fpr, 0.1);
  // at α just below 1/100 only the threshold 1000 qualifies: TPR ½ (not the interpolated value toward 98.5)
  const c2 = rocCurve([...s, ...Array.from({ length: 1000 }, () => -1)], [...m, ...Array.from({ length: 1000 }, () => 0)]);
  const r2 = tprAtFpr(c2, 0.0009);
  assert.equal(r2.resolved, false);
  const r3 = tprAtFpr(c2, 0.01);
  assert.equal(r3.resolved, true);
  if (r3.resolved) {
    assert.equal(r3.tpr, 1); // 11 non-members (scores 89..99) fit in FPR ≤ 0.01 = 11/1100
    assert.equal(r3.fpr, 11 / 1100);
    assert.ok(r3.ci !== null);
    assert.equal(r3.ci!.lower, betaQuantile(0.025, 10, 1));
    assert.equal(r3.ci!.upper, 1);
  }
});

test('resolution guard: n_out · α < 10 is unresolved, not a number', () => {
  const s = Array.from({ length: 999 }, (_, i) => i);
  const m = s.map((i) => (i % 2 === 0 ? 1 : 0)); // 499 non-members
  const [a, b, c] = tprAtFprLevels(rocCurve(s, m));
  assert.equal(a.resolved, false); // 0.499
  assert.equal(b.resolved, false); // 4.99
  assert.equal(c.resolved, true); // 49.9
  assert.ok(!('tpr' in a));
  // exactly 10 resolves
  const s2 = Array.from({ length: 1010 }, (_, i) => i);
  const m2 = s2.map((i) => (i < 1000 ? 0 : 1));
  assert.equal(tprAtFpr(rocCurve(s2, m2), 0.01).resolved, true);
});
