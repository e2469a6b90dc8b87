import { test } from 'node:test';
import assert from 'node:assert/strict';
import { poissonBatch } from '../../../src/train/poisson.js';
import { Rng } from '../../../src/random/rng.js';

test('Poisson batch sizes have mean qN and variance qN(1−q)', () => {
  const N = 1000;
  const q = 0.05;
  const rows = Int32Array.from({ length: N }, (_, i) => i);
  const rng = new Rng(['poisson-test']);
  const steps = 4000;
  let s = 0;
  let s2 = 0;
  const hits = new Float64Array(N);
  for (let t = 0; t < steps; t++) {
    const b = poissonBatch(rows, q, rng);
    s += b.length;
    s2 += b.length * b.length;
    for (let k = 0; k < b.length; k++) hits[b[k]]++;
    for (let k = 1; k < b.length; k++) assert.ok(b[k] > b[k - 1], 'rows are distinct and in order');
  }
  const mean = s / steps;
  const variance = s2 / steps - mean * mean;
  const expMean = q * N;
  const expVar = q * N * (1 - q);
  assert.ok(Math.abs(mean - expMean) < 4 * Math.sqrt(expVar / steps), `mean ${mean} vs ${expMean}`);
  assert.ok(Math.abs(variance / expVar - 1) < 0.1, `variance ${variance} vs ${expVar}`);
  // every row is included with probability q (first and last rows included: no edge bias)
  const rate0 = hits[0] / steps;
  const rateLast = hits[N - 1] / steps;
  for (const r of [rate0, rateLast]) assert.ok(Math.abs(r - q) < 4 * Math.sqrt((q * (1 - q)) / steps), `edge inclusion rate ${r}`);
});

test('empty batches occur at the Binomial rate and q = 1 takes every row', () => {
  const rows = Int32Array.from({ length: 20 }, (_, i) => i);
  const rng = new Rng(['poisson-empty']);
  const q = 0.05;
  let empty = 0;
  const steps = 20000;
  for (let t = 0; t < steps; t++) if (poissonBatch(rows, q, rng).length === 0) empty++;
  const p0 = (1 - q) ** 20;
  assert.ok(Math.abs(empty / steps - p0) < 4 * Math.sqrt((p0 * (1 - p0)) / steps), `empty rate ${empty / steps} vs ${p0}`);
  assert.deepEqual(Array.from(poissonBatch(rows, 1, rng)), Array.from(rows));
});
