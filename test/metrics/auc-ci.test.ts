import { test } from 'node:test';
import assert from 'node:assert/strict';
import normalCdf from '@stdlib/stats-base-dists-normal-cdf';
import { aucBootstrapCi } from '../../metrics/auc-ci.js';
import { Rng } from '../../src/random/rng.js';

function data(seed: number, n: number): { s: Float64Array; m: Uint8Array } {
  const rng = new Rng(seed);
  const s = new Float64Array(2 * n);
  const m = new Uint8Array(2 * n);
  for (let i = 0; i < 2 * n; i++) {
    m[i] = i % 2;
    s[i] = rng.normal() + m[i];
  }
  return { s, m };
}

test('bootstrap CI: seeded, covers the true AUC, width close to the Hanley–McNeil normal approximation', () => {
  const { s, m } = data(4, 2000);
  const a = aucBootstrapCi(s, m, new Rng(9), { replicates: 400 })!;
  const b = aucBootstrapCi(s, m, new Rng(9), { replicates: 400 })!;
  assert.deepEqual(a, b);
  const A = normalCdf(1 / Math.SQRT2, 0, 1);
  assert.ok(a.lower < A && A < a.upper, `${a.lower} ${a.upper} vs ${A}`);
  const q1 = A / (2 - A);
  const q2 = (2 * A * A) / (1 + A);
  const se = Math.sqrt((A * (1 - A) + 1999 * (q1 - A * A) + 1999 * (q2 - A * A)) / (2000 * 2000));
  const width = a.upper - a.lower;
  assert.ok(Math.abs(width - 2 * 1.96 * se) < 0.25 * 2 * 1.96 * se, `width ${width} vs ${2 * 1.96 * se}`);
  assert.match(a.method, /bootstrap/);
});

test('null without both classes; perfect separation gives [1, 1]', () => {
  assert.equal(aucBootstrapCi([1, 2], [1, 1], new Rng(1)), null);
  const ci = aucBootstrapCi([0, 1, 2, 3], [0, 0, 1, 1], new Rng(1), { replicates: 50 })!;
  assert.equal(ci.lower, 1);
  assert.equal(ci.upper, 1);
});
