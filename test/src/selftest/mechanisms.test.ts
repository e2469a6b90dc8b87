import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sampleAudit, sampleCanaries } from '../../../src/selftest/mechanisms.js';
import { Rng } from '../../../src/random/rng.js';

test('randomized response keeps the bit with probability e^ε/(1 + e^ε)', () => {
  const { scores, isMember } = sampleAudit({ kind: 'randomized-response', epsilon: 1 }, 20000, new Rng(1));
  let kept = 0;
  for (let k = 0; k < scores.length; k++) if (scores[k] === isMember[k]) kept++;
  const p = Math.E / (1 + Math.E);
  const sd = Math.sqrt((p * (1 - p)) / scores.length);
  assert.ok(Math.abs(kept / scores.length - p) < 5 * sd);
});

test('Gaussian mechanism: IN mean μ, OUT mean 0, unit variance', () => {
  const { scores, isMember } = sampleAudit({ kind: 'gaussian', mu: 2 }, 20000, new Rng(2));
  const mean = (side: number): number => {
    let s = 0;
    let c = 0;
    scores.forEach((v, k) => {
      if (isMember[k] === side) (s += v), c++;
    });
    return s / c;
  };
  assert.ok(Math.abs(mean(1) - 2) < 0.05 && Math.abs(mean(0)) < 0.05);
});

test('canaries are included with probability ½', () => {
  const { included } = sampleCanaries({ kind: 'gaussian', mu: 1 }, 10000, new Rng(3));
  const frac = included.reduce((a, b) => a + b, 0) / included.length;
  assert.ok(Math.abs(frac - 0.5) < 0.03);
});
