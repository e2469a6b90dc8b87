import { test } from 'node:test';
import assert from 'node:assert/strict';
import { logAdd, logErfc, logSub, logSumExp } from '../../../src/privacy/log-math.js';

test('logAdd, logSub, logSumExp against direct arithmetic', () => {
  assert.ok(Math.abs(logAdd(Math.log(2), Math.log(3)) - Math.log(5)) < 1e-15);
  assert.equal(logAdd(-Infinity, 1.5), 1.5);
  assert.ok(Math.abs(logSub(Math.log(5), Math.log(3)) - Math.log(2)) < 1e-15);
  assert.equal(logSub(2, 2), -Infinity);
  assert.throws(() => logSub(1, 2));
  assert.ok(Math.abs(logSumExp([1000, 1000]) - (1000 + Math.log(2))) < 1e-12);
  assert.ok(Math.abs(logSumExp([Math.log(1), Math.log(2), Math.log(3)]) - Math.log(6)) < 1e-15);
});

test('logErfc: exact values, and the tail series agrees with the direct form where both are valid', () => {
  assert.ok(Math.abs(logErfc(0) - 0) < 1e-15);
  assert.ok(Math.abs(logErfc(-40) - Math.log(2)) < 1e-15);
  // erfc(1) = 0.157299207050285130658779364917...
  assert.ok(Math.abs(logErfc(1) - Math.log(0.15729920705028513)) < 1e-14);
  // at x = 25 the direct form is still representable (erfc(25) ≈ 8.3e-274): compare with the series
  const direct = logErfc(25 - 1e-9);
  const series = logErfc(25);
  assert.ok(Math.abs(direct - series) < 1e-7 * Math.abs(series), `${direct} vs ${series}`);
  // far tail: finite, ~ −x² − log(x√π)
  const x = 100;
  assert.ok(Math.abs(logErfc(x) - (-x * x - Math.log(x * Math.sqrt(Math.PI)))) < 1e-4);
});
