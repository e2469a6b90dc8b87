import { test } from 'node:test';
import assert from 'node:assert/strict';
import { computeFairness, computeFairnessDeltas } from '../../metrics/fairness/index.js';
import type { ResultsV1 } from '../../src/results/types.js';
import { whoPaysRows } from '../../reports/specs/who-pays.js';
import { whoLosesWhat } from '../../reports/sections/summary.js';
import { recommend } from '../../src/sweep/recommend.js';

// A group of 200 patients, 40 with the outcome. Non-DP: 30 of 40 positives found (TPR 0.75) with 30 false
// alarms among 160 negatives (accuracy (30 + 130) / 200 = 0.80). DP: predicts fewer positives — 20 of 40
// found (TPR 0.50), 5 false alarms (accuracy (20 + 155) / 200 = 0.875). Accuracy RISES while sensitivity FALLS.
function fixture() {
  const n = 200;
  const y = new Uint8Array(n);
  const base = new Uint8Array(n);
  const dp = new Uint8Array(n);
  for (let i = 0; i < 40; i++) {
    y[i] = 1;
    base[i] = i < 30 ? 1 : 0;
    dp[i] = i < 20 ? 1 : 0;
  }
  for (let i = 40; i < n; i++) {
    base[i] = i < 70 ? 1 : 0;
    dp[i] = i < 45 ? 1 : 0;
  }
  const groups = [{ name: 'ward', codes: new Int32Array(n), levels: ['A'] }];
  return { y, base, dp, groups };
}

/** The fixture as results: non-DP and dp@1 arms with fairness and who-pays reports. */
function sensitivityFixture(): ResultsV1 {
  const { y, base, dp, groups } = fixture();
  const opts = { bootstrap: 200, seed: 3, suppressBelow: 0, minGroupSize: 30 };
  const deltas = computeFairnessDeltas(y, { yPred: base }, { yPred: dp }, groups, opts);
  const mkArm = (arm: string, kind: 'nondp' | 'dp', eps: number | null, yPred: Uint8Array) => ({
    arm,
    kind,
    epsilon: eps,
    privacy: { epsilon: eps, delta: 1e-5 },
    utility: { auc: { value: 0.8 } },
    fairness: computeFairness({ yTrue: y, yPred, groups: groups }, { ...opts, bootstrap: 0 }),
    whoPays: kind === 'dp' ? deltas : null,
    attacks: [],
  });
  const results = {
    arms: [mkArm('nondp', 'nondp', null, base), mkArm('dp@1', 'dp', 1, dp)],
    suppressBelow: 0,
  } as unknown as ResultsV1;
  return results;
}

test('who pays shows a sensitivity loss where accuracy rises and TPR falls', () => {
  const { y, base, dp, groups } = fixture();
  const opts = { bootstrap: 200, seed: 3, suppressBelow: 0, minGroupSize: 30 };
  const deltas = computeFairnessDeltas(y, { yPred: base }, { yPred: dp }, groups, opts);
  const g = deltas.groupings[0].groups[0] as { delta: Record<string, number> };
  // Independent hand computation of the fixture.
  assert.ok(Math.abs(g.delta.accuracy - (0.875 - 0.8)) < 1e-12, 'accuracy rises by 0.075');
  assert.ok(Math.abs(g.delta.tpr - (0.5 - 0.75)) < 1e-12, 'sensitivity falls by 0.25');
  const results = sensitivityFixture();
  const rows = whoPaysRows(results);
  const sens = rows.find((r) => r.metric.startsWith('Sensitivity'));
  assert.ok(sens, 'a sensitivity panel row exists');
  assert.ok(Math.abs(sens.harm - 0.25) < 1e-12, 'drawn as a harm of +0.25 (above 0 = worse)');
  assert.ok(sens.lo !== null && sens.lo > 0, 'its paired CI lies above 0');
  assert.equal(sens.significant, true);
  assert.ok(!rows.some((r) => /accuracy/i.test(r.metric)), 'accuracy is not a who-pays panel');
  // The recommendation rejects the arm for its sensitivity loss although accuracy rose, and the lead says so.
  results.recommendation = recommend(results.arms, () => ({}), { aucFraction: 0.9, disparityIncrease: 0.05 });
  assert.equal(results.recommendation.epsilon, null);
  assert.match(results.recommendation.reason, /sensitivity of ward = A falls by 0\.250/);
  const lead = whoLosesWhat(results, results.arms[1]).join(' ');
  assert.match(lead, /sensitivity 75\.0 % → 50\.0 %, 25\.0 points lost/);
});

test('group tolerances are options: --max-group-tpr-loss above the loss accepts the arm, and the report states the tolerance', async () => {
  const { validateOptions } = await import('../../src/options/validate.js');
  const { defaultOf } = await import('../../src/options/registry.js');
  const { buildSummary } = await import('../../reports/sections/summary.js');
  assert.equal(defaultOf('max-group-tpr-loss'), 0.05);
  assert.equal(defaultOf('max-group-ece-increase'), 0.05);
  assert.throws(() => validateOptions('sweep', { maxGroupTprLoss: 2 }), /--max-group-tpr-loss/);
  assert.throws(() => validateOptions('sweep', { maxGroupEceIncrease: -0.1 }), /--max-group-ece-increase/);
  assert.deepEqual(validateOptions('sweep', { maxGroupTprLoss: 0.3 }), { maxGroupTprLoss: 0.3 });
  // Same fixture as above: ward A loses 0.25 of sensitivity at ε = 1.
  const results = sensitivityFixture();
  results.recommendation = recommend(results.arms, () => ({}), {
    aucFraction: 0.9,
    disparityIncrease: 0.05,
    groupTprLoss: 0.3,
    groupEceIncrease: 1,
  });
  assert.equal(results.recommendation.epsilon, 1, 'a 0.25 loss is within a 0.30 tolerance');
  assert.equal(results.recommendation.tolerances.groupTprLoss, 0.3);
  const s = buildSummary(results);
  assert.match(s.tolerances, /losing more than 0\.30 of sensitivity/);
  assert.match(s.tolerances, /--max-group-tpr-loss/);
  results.recommendation = recommend(results.arms, () => ({}), { aucFraction: 0.9, disparityIncrease: 0.05, groupTprLoss: 0.2 });
  assert.equal(results.recommendation.epsilon, null, 'a 0.25 loss exceeds a 0.20 tolerance');
});
