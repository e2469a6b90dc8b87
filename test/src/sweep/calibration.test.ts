import { test } from 'node:test';
import assert from 'node:assert/strict';
import { calibrationCurves } from '../../../src/sweep/analyze.js';

test('calibration curves drop bins and groups with fewer rows than the suppression threshold', () => {
  // 40 rows: 39 with score 0.15 (bin 1), one row alone in bin 9 with score 0.97
  const n = 40;
  const prob = Float64Array.from({ length: n }, (_, i) => (i === 0 ? 0.97 : 0.15));
  const y = Uint8Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 1 : 0));
  const groups = [{ name: 'g', codes: Int32Array.from({ length: n }, (_, i) => (i < 35 ? 0 : 1)), levels: ['big', 'small'] }];
  const curves = calibrationCurves(y, prob, groups, 11);
  const overall = curves.find((c) => Object.keys(c.group).length === 0);
  assert.ok(overall);
  assert.deepEqual(
    overall.bins.map((b) => b.n),
    [39],
    'the lone high-score row is not published',
  );
  assert.ok(!JSON.stringify(curves).includes('0.97'));
  assert.deepEqual(
    curves.map((c) => c.group.g ?? 'overall'),
    ['overall', 'big'],
    'the 5-row group is left out',
  );
  // with suppression off every bin and group is shown
  const open = calibrationCurves(y, prob, groups, 0);
  assert.equal(open.length, 3);
  assert.deepEqual(
    open[0].bins.map((b) => b.n),
    [39, 1],
  );
});
