import { test } from 'node:test';
import assert from 'node:assert/strict';
import { summarizeAttack } from '../../metrics/attack-summary.js';
import type { AttackResult } from '../../attacks/types.js';
import { Rng } from '../../src/random/rng.js';

function result(mu: number, n = 4000): AttackResult {
  const rng = new Rng(['family', mu]);
  const isMember = Uint8Array.from({ length: n }, (_, i) => i % 2);
  const scores = Float64Array.from(isMember, (m) => rng.normal() + (m ? mu : 0));
  return {
    attack: 'loss',
    scores,
    isMember,
    convention: 't',
    conventions: {},
    diagnostics: { fallbackIn: 0, fallbackOut: 0, flooredSigma: 0 },
    tunedA: null,
  };
}

test('violation check at a family-wise level: Bonferroni over attacks × arms, named in the method', () => {
  const theory = { kind: 'eps-delta' as const, epsilon: 1, delta: 1e-5 };
  // a mechanism leaking far more than ε = 1 (Gaussian shift 4) is flagged at both levels
  const broken = result(4);
  const single = summarizeAttack(broken, broken.scores.length, { delta: 1e-5, seed: ['s'], theory });
  const family = summarizeAttack(broken, broken.scores.length, {
    delta: 1e-5,
    seed: ['s'],
    theory,
    violationAlpha: 0.05 / 28,
    violationFamily: '28 checks',
  });
  assert.equal(single.violation?.violated, true);
  assert.equal(family.violation?.violated, true);
  assert.match(family.violation?.method ?? '', /family-wise: α = 0.05 split over 28 checks/);
  // the corrected check is never more eager: its lower TPR bound at the worst point is no higher
  assert.ok((family.violation?.worstPoint?.tprLb ?? 0) <= (single.violation?.worstPoint?.tprLb ?? 0) + 1e-12);
  // a mechanism within its guarantee (shift 0.5 ≈ ε well below 1 at these rates) is not flagged
  const ok = result(0.5);
  assert.equal(
    summarizeAttack(ok, ok.scores.length, { delta: 1e-5, seed: ['s'], theory, violationAlpha: 0.05 / 28 }).violation?.violated,
    false,
  );
});
