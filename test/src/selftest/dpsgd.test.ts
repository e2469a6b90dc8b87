import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testTf } from '../../helpers/backend.js';
import { judgeDpsgd, oneRunDecision, runDpsgdSelftest } from '../../../src/selftest/dpsgd.js';
import { dpsgdSelftestConfig, embeddedSelftestData } from '../../../src/selftest/dpsgd-setup.js';
import { auditOneRun } from '../../../metrics/one-run-audit.js';

const tf = await testTf();
const quiet = { info() {}, verbose() {}, warn() {}, debug() {} } as unknown as Parameters<typeof embeddedSelftestData>[2];

test('DP-SGD pipeline self-test (short CI configuration): noise off and clipping off are caught at ε = 1, the correct trainer is not', async () => {
  const { options, maxRows } = dpsgdSelftestConfig('short', 1);
  const ds = embeddedSelftestData(Math.min(maxRows, 1000), 1, quiet);
  const r = await runDpsgdSelftest(tf, ds, {
    ...options,
    epsilons: [1],
    faults: ['none', 'noise-off', 'clip-off'],
    correctSeeds: 1,
    noiseOffSeeds: 1,
    seeds: 1,
  });
  const [correct, off, clip] = r.cells;
  // Clipping off: the gradient canaries' raw norm 100·C passes unclipped, so the audit catches it too.
  assert.equal(clip.fault, 'clip-off');
  assert.equal(clip.detected, 1);
  assert.deepEqual(clip.fired, { snj: 1, fdpCurve: 1 });
  assert.equal(correct.fault, 'none');
  assert.equal(correct.detected, 0);
  assert.equal(correct.untestable, 0);
  assert.equal(off.fault, 'noise-off');
  assert.equal(off.detected, 1);
  // Noise off: every top-1 % guess is right, so the bound reaches its ceiling; the correct trainer stays below ε.
  assert.ok(Math.abs(off.meanEpsilonLb - off.ceiling) < 1e-9);
  assert.ok(correct.meanEpsilonLb < 1 && correct.meanFdpEpsilonLb < 1);
  assert.equal(r.falseFail.runs, 1);
  const v = judgeDpsgd(r);
  assert.equal(v.pass, true);
  assert.equal(v.checks.length, 3);
  assert.match(v.checks[2].what, /^clipping off at claimed ε = 1: detected in 1\/1 runs$/);
});

test('one-run decision: a run whose tests cannot fail at the claimed ε is untestable, never a pass', () => {
  const m = 1000;
  const scores = Float64Array.from({ length: m }, (_, j) => (j % 2 ? 10 + j : -j));
  const included = Uint8Array.from({ length: m }, (_, j) => j % 2);
  const a = auditOneRun(scores, included, { delta: 1e-5, canaryKind: 'gradient', claimedEpsilon: 8, profile: null });
  assert.equal(a.v, a.r); // perfect separation
  assert.deepEqual(oneRunDecision(a), { detected: false, untestable: true, fired: [] });
  const b = auditOneRun(scores, included, { delta: 1e-5, canaryKind: 'ood', claimedEpsilon: 1, profile: null });
  assert.deepEqual(oneRunDecision(b), { detected: true, untestable: false, fired: ['snj'] });
});
