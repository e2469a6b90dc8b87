import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eceBin } from '../../../metrics/fairness/ece.js';
import { computeFairness } from '../../../metrics/fairness/report.js';
import { attribute } from './fixture.js';

test('bin index = number of inner edges j/10 strictly below the score', () => {
  assert.equal(eceBin(0), 0);
  assert.equal(eceBin(0.1), 0);
  assert.equal(eceBin(0.1000001), 1);
  assert.equal(eceBin(0.3), 2); // ceil(0.3·10) − 1 would give 3
  assert.equal(eceBin(0.6), 5);
  assert.equal(eceBin(0.7), 6); // ceil(0.7·10) − 1 would give 7
  assert.equal(eceBin(0.95), 9);
  assert.equal(eceBin(1), 9);
});

test('ECE with scores on bin edges 0.1, 0.3, 0.6, 0.7, by hand', () => {
  // bins: [0,.1] {.05 y0, .1 y1} → |1 − .15| = .85; (.1,.2] {.15 y0} → .15; (.2,.3] {.3 y1} → .7;
  // (.3,.4] {.4 y0} → .4; (.5,.6] {.55 y1, .6 y0} → |1 − 1.15| = .15; (.6,.7] {.65 y1, .7 y0} → .35
  const s = [0.05, 0.1, 0.15, 0.3, 0.4, 0.55, 0.6, 0.65, 0.7];
  const y = [0, 1, 0, 1, 0, 1, 0, 1, 0];
  const r = computeFairness(
    {
      yTrue: Uint8Array.from(y),
      yPred: Uint8Array.from(s, (v) => (v >= 0.5 ? 1 : 0)),
      yScore: Float64Array.from(s),
      groups: [
        attribute(
          'g',
          s.map((_, i) => (i % 2 ? 'x' : 'y')),
          ['x', 'y'],
        ),
      ],
    },
    { bootstrap: 0, suppressBelow: 0 },
  );
  assert.ok(Math.abs((r.overall.ece as number) - 2.6 / 9) < 1e-12, `ece ${r.overall.ece}`);
  // group x = rows 1, 3, 5, 7: scores .1 .3 .55 .65, all y = 1: bins 0, 2, 5, 6 each alone
  const x = r.groupings[0].groups[0];
  assert.ok(!('suppressed' in x));
  assert.ok(Math.abs((x.metrics.ece as number) - (0.9 + 0.7 + 0.45 + 0.35) / 4) < 1e-12);
});
