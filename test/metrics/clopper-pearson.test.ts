import { test } from 'node:test';
import assert from 'node:assert/strict';
import betaQuantile from '@stdlib/stats-base-dists-beta-quantile';
import binomialCdf from '@stdlib/stats-base-dists-binomial-cdf';
import { cpInterval, cpLower, cpUpper } from '../../metrics/clopper-pearson.js';
import { DpauditError } from '../../src/errors.js';

test('two-sided bounds equal Beta quantiles at known (k, n)', () => {
  for (const [k, n] of [
    [7, 20],
    [1, 1000],
    [50, 50],
    [0, 30],
    [13, 13],
  ]) {
    const iv = cpInterval(k, n, 0.05);
    assert.equal(iv.lower, k === 0 ? 0 : betaQuantile(0.025, k, n - k + 1));
    assert.equal(iv.upper, k === n ? 1 : betaQuantile(0.975, k + 1, n - k));
  }
});

test('k = 0 upper bound is the closed form 1 − (α)^{1/n}; k = n lower bound α^{1/n}', () => {
  assert.ok(Math.abs(cpUpper(0, 30, 0.05) - (1 - 0.05 ** (1 / 30))) < 1e-12);
  assert.ok(Math.abs(cpLower(30, 30, 0.05) - 0.05 ** (1 / 30)) < 1e-12);
});

test('one-sided bounds are exact: the binomial tail at the bound equals α', () => {
  // Upper bound p_u for k = 7 of 20 satisfies P[Bin(20, p_u) ≤ 7] = α.
  const pu = cpUpper(7, 20, 0.01);
  assert.ok(Math.abs(binomialCdf(7, 20, pu) - 0.01) < 1e-9);
  const pl = cpLower(7, 20, 0.01);
  assert.ok(Math.abs(1 - binomialCdf(6, 20, pl) - 0.01) < 1e-9);
});

test('invalid counts are input errors', () => {
  assert.throws(() => cpUpper(5, 4, 0.05), DpauditError);
  assert.throws(() => cpUpper(1.5, 4, 0.05), DpauditError);
  assert.throws(() => cpLower(1, 4, 0), DpauditError);
});
