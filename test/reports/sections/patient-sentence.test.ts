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

test('odds factor: e^ε written out, grouped, or from a million on as a power of ten', () => {
  assert.equal(oddsFactor(1), '2.72');
  assert.equal(oddsFactor(Math.log(2)), '2.00');
  assert.equal(oddsFactor(8), '2,981');
  assert.equal(oddsFactor(7.97), Math.round(Math.exp(7.97)).toLocaleString('en-US'));
  // e^80 = 5.540622384... × 10^34
  assert.equal(oddsFactor(80), '5.5 × 10^34');
  // e^16.1 = 9,820,849.5...: 9.8 × 10^6; e^16.117 = 9,989,... rounds to 10.0, written 1.0 × 10^7
  assert.equal(oddsFactor(16.1), '9.8 × 10^6');
  assert.ok(Math.exp(16.117) > 9.95e6 && Math.exp(16.117) < 1e7);
  assert.equal(oddsFactor(16.117), '1.0 × 10^7');
  // beyond the largest double: e^800 = 10^347.4
  assert.equal(oddsFactor(800), '10^347');
});

test('patient sentence: the factor is e^ε at the ε the model spends when it is more than 1 % below the target, and both ε are named', () => {
  const a = dpArm();
  a.epsilon = 1;
  a.privacy.epsilon = 0.9;
  a.privacy.delta = 1e-5;
  const s = epsilonForPatient(a);
  assert.match(s, /^What ε = 1 \(this model spends ε = 0\.9 of it\) means for a patient: whether or not their record was used /);
  assert.ok(s.includes(`by at most a factor of ${Math.exp(0.9).toFixed(2)}, plus at most δ = 0.00001.`), s);
  assert.equal(Math.exp(0.9).toFixed(2), '2.46');
  // Within 1 % of the target: the target and its factor (e^8 = 2,981 bounds e^7.97 = 2,893 too).
  a.epsilon = 8;
  a.privacy.epsilon = 7.97;
  const near = epsilonForPatient(a);
  assert.match(near, /^What ε = 8 means for a patient: .* factor of 2,981, plus at most δ/);
  assert.doesNotMatch(near, /spends/);
  a.privacy.epsilon = 8;
  assert.match(epsilonForPatient(a), /^What ε = 8 means for a patient: .* factor of 2,981,/);
  // Above the target (calibration prevents it): both named, and the factor of the certified ε.
  a.privacy.epsilon = 8.1;
  assert.match(epsilonForPatient(a), /^What ε = 8 \(this model spends ε = 8\.1 of it\) .* factor of 3,294,/);
  assert.equal(Math.round(Math.exp(8.1)), 3294);
});

test('patient sentence: all of a patient’s records under the patient unit; the group ε of the patient with most records under the record unit', () => {
  const a = dpArm();
  a.epsilon = 1;
  a.privacy.epsilon = 1;
  a.privacy.privacyUnit = 'patient';
  a.privacy.patientEpsilon = undefined;
  assert.match(epsilonForPatient(a), /whether or not their records \(all of them\) were used .* factor of 2\.72,/);
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
