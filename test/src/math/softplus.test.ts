import { test } from 'node:test';
import assert from 'node:assert/strict';
import { addSoftplusAffine, softplusTabled as softplus } from '../../../src/math/softplus.js';

// Independent reference: softplus by the direct formula in two stable branches.
const ref = (d: number) => (d > 0 ? d + Math.log(1 + Math.exp(-d)) : Math.log(1 + Math.exp(d)));

test('softplus table: within 2e-11 of log(1 + e^d) on a dense grid inside the table and exact outside it', () => {
  let worst = 0;
  for (let k = -40000; k <= 40000; k++) {
    const d = k * 0.00091; // not aligned with the grid spacing
    worst = Math.max(worst, Math.abs(softplus(d) - ref(d)));
  }
  assert.ok(worst < 2e-11, `max error ${worst}`);
  for (const d of [-700, -60, -32.5, 32.5, 60, 700])
    assert.ok(Math.abs(softplus(d) - ref(d)) <= 1e-15 * Math.max(1, Math.abs(d)), `d = ${d}`);
  // Far tails: e^d for very negative d (relative accuracy), d for large d.
  assert.ok(Math.abs(softplus(-50) / Math.exp(-50) - 1) < 1e-12);
  assert.equal(softplus(800), 800);
});

test('addSoftplusAffine adds base + softplus(c + k·x) elementwise, only for j < n', () => {
  const x = Float64Array.from([-3, -0.25, 0, 0.7, 5, 100]);
  const acc = Float64Array.from([1, 2, 3, 4, 5, 6]);
  addSoftplusAffine(acc, x, -0.1, 0.3, 1.7, 5);
  for (let j = 0; j < 5; j++) assert.ok(Math.abs(acc[j] - (j + 1 + -0.1 + ref(0.3 + 1.7 * x[j]))) < 1e-10, `j = ${j}`);
  assert.equal(acc[5], 6);
});

test('softplus table is monotone and convex between grid points (no interpolation wiggle)', () => {
  let prev = softplus(-32);
  let prevSlope = 0;
  for (let k = 1; k <= 64 * 200; k++) {
    const d = -32 + k / 200;
    const v = softplus(d);
    assert.ok(v > prev, `not increasing at ${d}`);
    const slope = (v - prev) * 200;
    assert.ok(slope >= prevSlope - 1e-7, `slope falls at ${d}`);
    prev = v;
    prevSlope = slope;
  }
});
