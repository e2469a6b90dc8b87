import { test } from 'node:test';
import assert from 'node:assert/strict';
import { calibrateNoise, deltaWarning } from '../../../src/privacy/calibrate.js';
import { epsilonFor } from '../../../src/privacy/registry.js';
import { DpauditError } from '../../../src/errors.js';

test('RDP calibration: ε ≤ target, within 1 %, and a 2 % smaller σ misses the target', () => {
  for (const [target, q, steps] of [
    [1, 0.01, 1000],
    [8, 0.05, 600],
    [3, 256 / 60000, 14063],
  ]) {
    const r = calibrateNoise({ targetEpsilon: target, delta: 1e-5, sampleRate: q, steps, accountant: 'rdp' });
    assert.ok(r.epsilon <= target && r.epsilon >= 0.99 * target, `target ${target}: ε ${r.epsilon}`);
    const check = epsilonFor({ noiseMultiplier: r.noiseMultiplier, sampleRate: q, steps, delta: 1e-5, accountant: 'rdp' });
    assert.equal(check.epsilon, r.epsilon);
    const smaller = epsilonFor({ noiseMultiplier: 0.98 * r.noiseMultiplier, sampleRate: q, steps, delta: 1e-5, accountant: 'rdp' });
    assert.ok(smaller.epsilon > target);
    assert.equal(r.rdpEpsilon, r.epsilon);
  }
});

test('PRV calibration: ε ≤ target and within 1 %, smaller σ than RDP, RDP ε reported beside it', () => {
  for (const [target, q, steps] of [
    [1, 0.01, 1000],
    [8, 0.05, 600],
  ]) {
    const r = calibrateNoise({ targetEpsilon: target, delta: 1e-5, sampleRate: q, steps, accountant: 'prv' });
    assert.equal(r.accountant, 'prv');
    assert.ok(r.epsilon <= target && r.epsilon >= 0.99 * target, `target ${target}: ε ${r.epsilon}`);
    const rdp = calibrateNoise({ targetEpsilon: target, delta: 1e-5, sampleRate: q, steps, accountant: 'rdp' });
    assert.ok(r.noiseMultiplier < rdp.noiseMultiplier);
    assert.ok(r.rdpEpsilon > target, `RDP at the PRV σ: ${r.rdpEpsilon}`);
    assert.ok(r.error !== undefined && r.error > 0);
  }
});

test('impossible targets and bad inputs are DpauditErrors naming the option', () => {
  // RDP with Opacus's orders cannot certify ε ≈ 0.05 at δ = 1e-5 for any σ
  assert.throws(
    () => calibrateNoise({ targetEpsilon: 0.05, delta: 1e-5, sampleRate: 0.01, steps: 100, accountant: 'rdp' }),
    (e: unknown) => e instanceof DpauditError && /target-epsilon/.test(e.message),
  );
  // PRV cannot go below its own discretisation error
  assert.throws(
    () => calibrateNoise({ targetEpsilon: 0.001, delta: 1e-5, sampleRate: 0.01, steps: 100, accountant: 'prv' }),
    /target-epsilon/,
  );
  assert.throws(
    () => calibrateNoise({ targetEpsilon: -1, delta: 1e-5, sampleRate: 0.01, steps: 100, accountant: 'rdp' }),
    /target-epsilon/,
  );
  assert.throws(() => calibrateNoise({ targetEpsilon: 1, delta: 1e-5, sampleRate: 0.01, steps: 0, accountant: 'rdp' }), /option --steps/);
});

test('deltaWarning: a warning when δ ≥ 1/N, null otherwise', () => {
  assert.equal(deltaWarning(1e-5, 50_000), null);
  assert.match(deltaWarning(1e-4, 50_000) ?? '', /1\/N/);
  assert.match(deltaWarning(1e-3, 1000) ?? '', /N = 1000/);
});
