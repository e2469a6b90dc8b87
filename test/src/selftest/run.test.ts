import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runSelftest } from '../../../src/selftest/run.js';
import { gdpEpsilon } from '../../../metrics/gdp.js';
import { DpauditError } from '../../../src/errors.js';

test('self-test on 15 trials: correct mechanisms pass, the broken one is flagged every time', () => {
  const r = runSelftest({ trials: 15, seed: 3 });
  assert.equal(r.pass, true);
  assert.deepEqual(
    r.mechanisms.map((m) => m.name),
    ['gaussian', 'randomized-response', 'broken-gaussian'],
  );
  const [g, rr, broken] = r.mechanisms;
  assert.ok(Math.abs(g.trueEpsilon - gdpEpsilon(1, 1e-5)) < 1e-12);
  assert.equal(rr.trueEpsilon, 1);
  assert.ok(Math.abs(broken.trueEpsilon - gdpEpsilon(4, 1e-5)) < 1e-12);
  assert.equal(broken.flagged?.events, 15);
  assert.equal(g.checks.length, 4);
  // tightness is a ratio in (0, ~1]; randomized response at n = 5000 per side should be well above ½
  assert.ok(rr.tightness.cpSplit.mean > 0.5 && rr.tightness.cpSplit.mean <= 1.2);
  assert.ok(g.tightness.oneRun.mean > 0 && g.tightness.oneRun.max <= 1);
  assert.ok(JSON.stringify(r).length > 0);
});

test('seeded: two runs agree except for timing', () => {
  const a = runSelftest({ trials: 3, seed: 9 });
  const b = runSelftest({ trials: 3, seed: 9 });
  assert.deepEqual({ ...a, seconds: 0 }, { ...b, seconds: 0 });
});

test('trials must be a positive integer', () => {
  assert.throws(() => runSelftest({ trials: 0, seed: 1 }), DpauditError);
});
