import { test } from 'node:test';
import assert from 'node:assert/strict';
import { percentileInterval, quantileSorted, strataOf, stratifiedWeights } from '../../metrics/bootstrap.js';
import { Rng } from '../../src/random/rng.js';

test('stratified weights keep every stratum size and only pick rows of the stratum', () => {
  const stratum = Int32Array.from([0, 1, 0, 2, 1, 0, 0, 2, 1, 1, 0]);
  const strata = strataOf(stratum, 4); // stratum 3 is empty
  assert.deepEqual([...strata.starts], [0, 5, 9, 11, 11]);
  const w = new Int32Array(stratum.length);
  const rng = new Rng(1);
  for (let r = 0; r < 50; r++) {
    stratifiedWeights(rng, strata, w);
    const sums = [0, 0, 0];
    for (let i = 0; i < w.length; i++) sums[stratum[i]] += w[i];
    assert.deepEqual(sums, [5, 4, 2]);
  }
});

test('percentile interval: type-7 quantiles, NaN replicates skipped, null when none defined', () => {
  const v = Float64Array.from({ length: 101 }, (_, i) => 100 - i); // 0..100 reversed
  assert.deepEqual(percentileInterval(v, 0.5), { lower: 25, upper: 75, replicates: 101 });
  const i90 = percentileInterval(v, 0.9)!;
  assert.ok(Math.abs(i90.lower - 5) < 1e-9 && Math.abs(i90.upper - 95) < 1e-9);
  assert.equal(quantileSorted([1, 2], 2, 0.25), 1.25);
  assert.deepEqual(percentileInterval([NaN, 3, NaN, 1, 2], 0.5), { lower: 1.5, upper: 2.5, replicates: 3 });
  assert.equal(percentileInterval([NaN, NaN], 0.95), null);
});

test('stratified weights: the same draws as index() per row of each stratum in turn (the seeded stream)', () => {
  const stratum = Int32Array.from({ length: 257 }, (_, i) => (i * 7) % 5);
  const strata = strataOf(stratum, 5);
  const a = new Rng(['w', 3]);
  const b = new Rng(['w', 3]);
  const w = new Int32Array(stratum.length);
  const scratch = new Int32Array(stratum.length);
  for (let r = 0; r < 20; r++) {
    stratifiedWeights(a, strata, w, r % 2 === 0 ? scratch : undefined);
    const naive = new Int32Array(stratum.length);
    for (let k = 0; k < 5; k++) {
      const m = strata.starts[k + 1] - strata.starts[k];
      for (let d = 0; d < m; d++) naive[strata.rows[strata.starts[k] + b.index(m)]]++;
    }
    assert.deepEqual([...w], [...naive]);
  }
  assert.equal(a.nextU32(), b.nextU32());
});

test('countIndices adds exactly the draws of index(n) and leaves the generator where index() would', () => {
  const a = new Rng(['c', 1]);
  const b = new Rng(['c', 1]);
  for (const n of [1, 2, 3, 1000, 65537, 2 ** 21]) {
    const out = new Int32Array(n + 4);
    a.countIndices(n, 300, out, 4);
    const naive = new Int32Array(n + 4);
    for (let d = 0; d < 300; d++) naive[4 + b.index(n)]++;
    assert.deepEqual(out, naive);
  }
  assert.equal(a.next(), b.next());
});
