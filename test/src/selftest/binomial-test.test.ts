import { test } from 'node:test';
import assert from 'node:assert/strict';
import binomialPmf from '@stdlib/stats-base-dists-binomial-pmf';
import { binomialUpperPValue } from '../../../src/selftest/binomial-test.js';

test('P[Bin(n, p0) ≥ k] equals the direct pmf sum', () => {
  for (const [k, n] of [
    [0, 100],
    [5, 100],
    [11, 100],
    [20, 200],
    [200, 200],
  ]) {
    let s = 0;
    for (let j = k; j <= n; j++) s += binomialPmf(j, n, 0.05);
    assert.ok(Math.abs(binomialUpperPValue(k, n, 0.05) - s) < 1e-12, `${k}/${n}`);
  }
  // 11 of 100 rejects rate ≤ 0.05 at level 0.01? P ≈ 0.0115 → not rejected; 12 of 100 → rejected.
  assert.ok(binomialUpperPValue(11, 100, 0.05) > 0.01);
  assert.ok(binomialUpperPValue(12, 100, 0.05) < 0.01);
});
