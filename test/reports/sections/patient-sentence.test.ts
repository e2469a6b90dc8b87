import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ArmResult } from '../../../src/results/types.js';
import { epsilonForPatient, oddsFactor } from '../../../reports/sections/summary.js';
import { fixture } from '../fixture.js';

const dpArm = (): ArmResult => {
  const a = fixture().arms.find((x) => x.kind === 'dp' && x.epsilon !== null);
  assert.ok(a);
  return structuredClone(a);
};

test('odds factor: e^ε written out, grouped, or as a power of ten beyond a million', () => {
  assert.equal(oddsFactor(1), '2.72');
  assert.equal(oddsFactor(Math.log(2)), '2.00');
  assert.equal(oddsFactor(8), '2,981');
  assert.equal(oddsFactor(7.97), Math.round(Math.exp(7.97)).toLocaleString('en-US'));
  // e^80 = 5.540622384... × 10^34
  assert.equal(oddsFactor(80), '5.5 × 10^34');
  // beyond the largest double: e^800 = 10^347.4
  assert.equal(oddsFactor(800), '10^347');
});

test('patient sentence: the factor is e^ε at the ε the model spends, and both ε are named when they differ', () => {
  const a = dpArm();
  a.epsilon = 8;
  a.privacy.epsilon = 7.97;
  a.privacy.delta = 1e-5;
  const s = epsilonForPatient(a);
  assert.match(s, /^What ε = 8 \(this model spends ε = 7\.97 of it\) means for a patient: whether or not their record was used /);
  assert.ok(s.includes(`factor of ${Math.round(Math.exp(7.97)).toLocaleString('en-US')} in the odds`), s);
  assert.ok(!s.includes('2,981'), 'not e^8');
  assert.match(s, /δ = 0\.00001\)\.$/);
  a.privacy.epsilon = 8;
  assert.match(epsilonForPatient(a), /^What ε = 8 means for a patient: .* factor of 2,981 in the odds/);
});

test('patient sentence: all of a patient’s records under the patient unit; the group ε of the patient with most records under the record unit', () => {
  const a = dpArm();
  a.epsilon = 1;
  a.privacy.epsilon = 1;
  a.privacy.privacyUnit = 'patient';
  a.privacy.patientEpsilon = undefined;
  assert.match(epsilonForPatient(a), /whether or not their records \(all of them\) were used .* factor of 2\.72 in the odds/);
  a.privacy.privacyUnit = 'record';
  a.privacy.patientEpsilon = {
    largest: { k: 16, epsilon: 9.5, accountant: 'prv', generic: { epsilon: 16, delta: 1 } },
    median: { k: 5, epsilon: 3.1, accountant: 'prv', generic: { epsilon: 5, delta: 1e-3 } },
  };
  const s = epsilonForPatient(a);
  assert.match(s, /whether or not their record was used/);
  assert.match(
    s,
    /This protects one record: patients repeat in these data, and a patient with 16 records is protected only as a group of 16 \(for such a patient the factor is up to 13,360 \(ε = 9\.5\)\)\.$/,
  );
  assert.equal(Math.round(Math.exp(9.5)), 13360);
  a.privacy.patientEpsilon.largest = { k: 16, epsilon: null, accountant: 'none', generic: { epsilon: 16, delta: 1 } };
  assert.match(epsilonForPatient(a), /no finite bound for such a patient at δ = /);
  // No guarantee: no sentence.
  a.epsilon = null;
  a.privacy.epsilon = null;
  assert.equal(epsilonForPatient(a), '');
});
