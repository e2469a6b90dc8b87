import { test } from 'node:test';
import assert from 'node:assert/strict';
import { privatizedGradient } from '../../../src/train/stack.js';

test('privatizedGradient equals (sum + noise) / expected batch size coordinate by coordinate, bit for bit, in all four cases', () => {
  const n = 37;
  const sum = new Float32Array(n);
  const noise = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    sum[i] = i % 5 === 0 ? -0 : Math.fround(Math.sin(i) * 3);
    noise[i] = i % 7 === 0 ? -0 : Math.fround(Math.cos(i * 1.3));
  }
  const B = 57.31;
  for (const s of [sum, null]) {
    for (const z of [noise, null]) {
      const out = privatizedGradient(new Float64Array(n).fill(Number.NaN), s, z, B);
      for (let i = 0; i < n; i++) {
        const want = ((s ? s[i] : 0) + (z ? z[i] : 0)) * (1 / B);
        assert.ok(Object.is(out[i], want), `sum ${s ? 'yes' : 'no'}, noise ${z ? 'yes' : 'no'}, i = ${i}: ${out[i]} vs ${want}`);
      }
    }
  }
});
