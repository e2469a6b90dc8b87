import { test } from 'node:test';
import assert from 'node:assert/strict';
import stdlibErfc from '@stdlib/math-base-special-erfc';
import { erfc } from '../../../src/math/erfc.js';
import { Rng } from '../../../src/random/rng.js';

test('erfc gives the bits of @stdlib erfc on every branch (dense grid, random arguments, edges)', () => {
  const rng = new Rng(3);
  const xs: number[] = [
    0, -0, 1e-300, -1e-300, 1e-17, 0.25, 0.84375, -0.84375, 1.25, -1.25, 2.857142857142857, -6, -6.0000001, 27.999, 28, -28, 40,
  ];
  xs.push(Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, Number.MIN_VALUE, -Number.MIN_VALUE);
  for (let x = -30; x <= 30; x += 1 / 1024) xs.push(x);
  for (let i = 0; i < 400000; i++) {
    const scale = [1, 3, 8, 30][i % 4];
    xs.push((rng.next() * 2 - 1) * scale);
  }
  let mismatches = 0;
  for (const x of xs) if (!Object.is(erfc(x), stdlibErfc(x))) mismatches++;
  assert.equal(mismatches, 0);
  assert.ok(Number.isNaN(erfc(Number.NaN)));
  // Independent values (erfc(1) and erfc(3) to 17 digits) and the reflection erfc(−x) = 2 − erfc(x).
  assert.ok(Math.abs(erfc(1) - 0.15729920705028513) < 1e-16);
  assert.ok(Math.abs(erfc(3) / 2.209049699858544e-5 - 1) < 1e-14);
  assert.ok(Math.abs(erfc(-0.7) - (2 - erfc(0.7))) < 1e-15);
});
