import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RdpAccountant } from '../../../src/privacy/rdp-accountant.js';

test('history merges identical consecutive steps; ε matches the reference value', () => {
  const a = new RdpAccountant();
  for (let i = 0; i < 14063; i++) a.step(1.1, 256 / 60000);
  assert.deepEqual(a.history, [{ noiseMultiplier: 1.1, sampleRate: 256 / 60000, steps: 14063 }]);
  const r = a.epsilon(1e-5);
  assert.equal(r.accountant, 'rdp');
  assert.ok(Math.abs(r.epsilon - 2.597) < 0.005);
  assert.equal(r.order, 8.1);
});

test('profile δ(ε) is non-increasing and round-trips with epsilon(δ)', () => {
  const a = new RdpAccountant();
  a.step(1, 0.01, 1000);
  const p = a.profile();
  let prev = Infinity;
  for (let e = 0; e <= 10; e += 0.1) {
    const d = p.delta(e);
    assert.ok(d <= prev && d >= 0 && d <= 1);
    prev = d;
  }
  for (const delta of [1e-4, 1e-6]) {
    const eps = a.epsilon(delta).epsilon;
    assert.ok(Math.abs(p.delta(eps) - delta) < 1e-9 * delta);
  }
  assert.throws(() => p.delta(-1));
});

test('bad steps are DpauditErrors', () => {
  const a = new RdpAccountant();
  assert.throws(() => a.step(-1, 0.1), /noise multiplier/);
  assert.throws(() => a.step(1, 1.5), /sample rate/);
  assert.throws(() => a.step(1, 0.1, 2.5), /steps/);
  assert.throws(() => a.epsilon(0), /delta/);
});
