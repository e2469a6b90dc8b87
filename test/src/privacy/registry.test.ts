import { test } from 'node:test';
import assert from 'node:assert/strict';
import { accountantNames, createAccountant, epsilonFor, isAccountantName } from '../../../src/privacy/registry.js';

test('registry: names, factories and the EpsilonResult of each accountant', () => {
  assert.deepEqual([...accountantNames], ['rdp', 'prv']);
  assert.ok(isAccountantName('prv') && !isAccountantName('gdp'));
  for (const name of accountantNames) assert.equal(createAccountant(name).name, name);
  const rdp = epsilonFor({ noiseMultiplier: 1, sampleRate: 0.01, steps: 1000, delta: 1e-5, accountant: 'rdp' });
  assert.equal(rdp.order, 7.8);
  assert.ok(Math.abs(rdp.epsilon - 2.1) < 0.005);
  const prv = epsilonFor({ noiseMultiplier: 1, sampleRate: 0.01, steps: 1000, delta: 1e-5, accountant: 'prv' });
  assert.equal(prv.order, undefined);
  assert.ok(prv.epsilon < rdp.epsilon);
});

test('epsilonFor validates its inputs with errors naming the option', () => {
  const base = { noiseMultiplier: 1, sampleRate: 0.01, steps: 10, delta: 1e-5, accountant: 'rdp' as const };
  assert.throws(() => epsilonFor({ ...base, sampleRate: 0 }), /option --sample-rate/);
  assert.throws(() => epsilonFor({ ...base, sampleRate: 1.01 }), /option --sample-rate/);
  assert.throws(() => epsilonFor({ ...base, noiseMultiplier: -0.1 }), /option --noise-multiplier/);
  assert.throws(() => epsilonFor({ ...base, steps: 2.5 }), /option --steps/);
  assert.throws(() => epsilonFor({ ...base, delta: 1 }), /option --delta/);
  assert.equal(epsilonFor({ ...base, noiseMultiplier: 0 }).epsilon, Infinity);
  assert.equal(epsilonFor({ ...base, sampleRate: 1, noiseMultiplier: 2 }).epsilon > 0, true);
});
