import { test } from 'node:test';
import assert from 'node:assert/strict';
import { referencesOf, sideStats, SIGMA_FLOOR } from '../../attacks/reference-stats.js';
import { DpauditError } from '../../src/errors.js';

// One row, 4 models (target 3 excluded): reference values 1, 2, 10 all IN.
const values = Float64Array.from([1, 2, 10, 99]);
const inMask = Uint8Array.from([1, 1, 1, 1]);

test('median centre and spread about it with c − 1 degrees of freedom', () => {
  const s = sideStats(values, inMask, 1, referencesOf(4, 3), 1, 'median');
  assert.equal(s.mu[0], 2);
  assert.ok(Math.abs(s.sigmaPerExample[0] - Math.sqrt((1 + 0 + 64) / 2)) < 1e-12);
  assert.ok(Math.abs(s.sigmaFixed - Math.sqrt(65 / 2)) < 1e-12);
});

test('mean centre gives the unbiased sample standard deviation (ddof = 1)', () => {
  const s = sideStats(values, inMask, 1, referencesOf(4, 3), 1, 'mean');
  assert.ok(Math.abs(s.mu[0] - 13 / 3) < 1e-12);
  const m = 13 / 3;
  const ss = (1 - m) ** 2 + (2 - m) ** 2 + (10 - m) ** 2;
  assert.ok(Math.abs(s.sigmaPerExample[0] - Math.sqrt(ss / 2)) < 1e-12);
  assert.ok(Math.abs(s.sigmaFixed - Math.sqrt(ss / 2)) < 1e-12);
  // The target's own value (99) never enters.
  assert.equal(s.count, 3);
});

test('fixed σ pools Σ (v − μ_row)² over Σ (c_row − 1); a single-value row uses the global σ', () => {
  // Two rows, three references: row 0 values 1, 3 (IN), row 1 value 5 (IN, alone).
  const v = Float64Array.from([1, 5, 3, 0, 0, 0]);
  const mask = Uint8Array.from([1, 1, 1, 0, 0, 0]);
  const s = sideStats(v, mask, 2, Int32Array.from([0, 1, 2]), 1, 'mean');
  assert.ok(Math.abs(s.sigmaFixed - Math.sqrt(2 / 1)) < 1e-12); // (1−2)² + (3−2)² over 1 dof
  const g = (1 + 5 + 3) / 3;
  const gsd = Math.sqrt(((1 - g) ** 2 + (5 - g) ** 2 + (3 - g) ** 2) / 2);
  assert.ok(Math.abs(s.sigmaPerExample[1] - gsd) < 1e-12);
});

test('even count median averages the middle pair; equal values floor σ', () => {
  const s = sideStats(Float64Array.from([4, 4, 0]), Uint8Array.from([0, 0, 1]), 1, Int32Array.from([0, 1]), 0, 'median');
  assert.equal(s.mu[0], 4);
  assert.equal(s.sigmaPerExample[0], SIGMA_FLOOR);
  assert.equal(s.flooredPerExample, 1);
  assert.equal(s.flooredFixed, 1);
});

test('no value on a side at all is an input error', () => {
  assert.throws(() => sideStats(values, inMask, 1, referencesOf(4, 3), 0, 'mean'), DpauditError);
});
