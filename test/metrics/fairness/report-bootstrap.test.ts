import { test } from 'node:test';
import assert from 'node:assert/strict';
import { computeFairness } from '../../../metrics/fairness/report.js';
import { Rng } from '../../../src/random/rng.js';
import { attribute, smallCase } from './fixture.js';

test('bootstrap is deterministic for a seed and changes with the seed', () => {
  const c = smallCase();
  const a = computeFairness(c, { bootstrap: 200, seed: 5, suppressBelow: 0 });
  const b = computeFairness(c, { bootstrap: 200, seed: 5, suppressBelow: 0 });
  const d = computeFairness(c, { bootstrap: 200, seed: 6, suppressBelow: 0 });
  assert.deepEqual(a, b);
  assert.notDeepEqual(a.overallCi, d.overallCi);
  assert.deepEqual(a.bootstrap?.resamples, 200);
  // a group with one class never gets a defined AUC in any resample: its interval is null
  const fb = a.groupings[2].groups[1];
  assert.ok(!('suppressed' in fb) && fb.ci !== undefined);
  assert.equal(fb.ci.rocAuc, null);
  const sexF = a.groupings[0].groups[0];
  assert.ok(!('suppressed' in sexF) && sexF.ci !== undefined && sexF.ci.accuracy !== null);
  assert.ok(a.groupings[0].disparitiesCi?.betweenGroups.accuracyDifference !== undefined);
});

test('percentile intervals cover the true rate in ≥ 88 of 100 simulated datasets', () => {
  const rng = new Rng(42);
  const trueTpr = 0.7;
  const trueSel = 0.4 * 0.7 + 0.6 * 0.2;
  let coverTpr = 0;
  let coverSel = 0;
  for (let d = 0; d < 100; d++) {
    const n = 400;
    const y = new Uint8Array(n);
    const p = new Uint8Array(n);
    const g: string[] = [];
    for (let i = 0; i < n; i++) {
      y[i] = rng.bernoulli(0.4) ? 1 : 0;
      p[i] = rng.bernoulli(y[i] ? 0.7 : 0.2) ? 1 : 0;
      g.push(i % 2 ? 'A' : 'B');
    }
    const r = computeFairness(
      { yTrue: y, yPred: p, groups: [attribute('grp', g, ['A', 'B'])] },
      { bootstrap: 300, seed: d, suppressBelow: 0 },
    );
    const A = r.groupings[0].groups[0];
    assert.ok(!('suppressed' in A) && A.ci);
    const t = A.ci.tpr!;
    const s = A.ci.selectionRate!;
    if (t.lower <= trueTpr && trueTpr <= t.upper) coverTpr++;
    if (s.lower <= trueSel && trueSel <= s.upper) coverSel++;
  }
  assert.ok(coverTpr >= 88, `tpr coverage ${coverTpr}/100`);
  assert.ok(coverSel >= 88, `selectionRate coverage ${coverSel}/100`);
});

test('bootstrap: 0 disables intervals', () => {
  const r = computeFairness(smallCase(), { bootstrap: 0 });
  assert.equal(r.bootstrap, null);
  assert.equal(r.overallCi, undefined);
  assert.equal(r.groupings[0].disparitiesCi, undefined);
});
