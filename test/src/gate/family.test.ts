import { test } from 'node:test';
import assert from 'node:assert/strict';
import { holm, testableFamily, testableFamilyLevels } from '../../../src/gate/family.js';

/** Naive Holm: reject H_(i) iff for all j ≤ i, p_(j) ≤ α/(k − j + 1) (1-based). */
function naive(p: number[], alpha: number): boolean[] {
  const k = p.length;
  const idx = p.map((_, i) => i).sort((a, b) => p[a] - p[b] || a - b);
  const rej = new Array(k).fill(false);
  for (let i = 0; i < k; i++) {
    let all = true;
    for (let j = 0; j <= i; j++) if (!(p[idx[j]] <= alpha / (k - j))) all = false;
    rej[idx[i]] = all;
  }
  return rej;
}

test('Holm agrees with the naive step-down on random p-values', () => {
  let seed = 7;
  const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (let trial = 0; trial < 200; trial++) {
    const k = 1 + (trial % 9);
    const p = Array.from({ length: k }, () => rnd() ** 3 * 0.1);
    assert.deepEqual(
      holm(p, 0.05).map((x) => x.rejected),
      naive(p, 0.05),
    );
  }
});

test('Holm hand case: 0.01, 0.04, 0.03 at α = 0.05', () => {
  // sorted 0.01 ≤ 0.0167 reject; 0.03 ≤ 0.025? no → stop.
  assert.deepEqual(
    holm([0.01, 0.04, 0.03], 0.05).map((x) => x.rejected),
    [true, false, false],
  );
  assert.deepEqual(holm([], 0.05), []);
});

test('testableFamilyLevels: members are judged at α/k of the final family, a test that left at the α/k it left at', () => {
  // α = 0.025, best p-values 0.001, 0.02, 0.02: k = 3 gives 0.025/3, the two at 0.02 leave; k = 1 keeps the first at 0.025.
  // The two that left stay out although 0.02 ≤ 0.025: their level is 0.025/3.
  const tests = [0.001, 0.02, 0.02].map((b) => ({ bestPValue: b, testable: null }));
  const r = testableFamilyLevels(tests, 0.025);
  assert.deepEqual(r.inFamily, [true, false, false]);
  assert.deepEqual(r.level, [0.025, 0.025 / 3, 0.025 / 3]);
  assert.deepEqual(testableFamily(tests, 0.025), r.inFamily);
});
