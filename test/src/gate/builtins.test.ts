import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateGate } from '../../../src/gate/evaluate.js';
import { BUILTIN_IDS } from '../../../src/gate/builtins.js';
import type { GateResult } from '../../../src/gate/types.js';
import type { ResultsV1 } from '../../../src/results/types.js';
import { armOf, fixture, policyOf } from './fixture.js';

const ALL_ON = {};
const run = (r: ResultsV1, builtins: Record<string, boolean> = ALL_ON): GateResult => evaluateGate(r, policyOf([], builtins));
const byId = (g: GateResult, id: string) => {
  const c = g.checks.find((x) => x.id === id);
  if (!c) throw new Error(`no check ${id}`);
  return c;
};
type AttackLike = { epsilonBounds: { method: string; epsilonLb: number }[]; violation: Record<string, unknown> };
const attacksOf = (r: ResultsV1, arm: string) => armOf(r, arm).attacks as AttackLike[];

test('built-ins are present by default and pass on the fixture; GDP bounds and GDP violations are ignored', () => {
  // dp@1 has GDP ε_lb 5.0 and 4.0 > claimed 0.99, and a GDP-method violation on "loss": none of it is gated.
  const g = run(fixture());
  assert.deepEqual(
    g.checks.map((c) => [c.id, c.status]),
    [
      [BUILTIN_IDS.oneRunEpsilon, 'PASS'],
      [BUILTIN_IDS.clopperPearsonEpsilon, 'PASS'],
      [BUILTIN_IDS.overlayViolation, 'PASS'],
    ],
  );
  assert.equal(byId(g, BUILTIN_IDS.oneRunEpsilon).items.length, 3);
  assert.equal(byId(g, BUILTIN_IDS.clopperPearsonEpsilon).items.length, 6);
  assert.ok(byId(g, BUILTIN_IDS.overlayViolation).notes.some((n) => /dp@1 · loss: no violation check/.test(n)));
  assert.equal(g.exitCode, 0);
});

test('one-run ε_lb above the claimed ε fails (exit 1)', () => {
  const r = fixture();
  (armOf(r, 'dp@4').oneRun as { epsilonLb: number }).epsilonLb = 4.2; // claimed 3.98
  const g = run(r);
  const c = byId(g, BUILTIN_IDS.oneRunEpsilon);
  assert.equal(c.status, 'FAIL');
  assert.equal(c.where, 'dp@4 · one-run');
  assert.equal(c.actual?.value, 4.2);
  assert.equal(c.threshold, 3.98);
  assert.equal(c.thresholdText, '≤ claimed ε (3.98)');
  assert.equal(g.exitCode, 1);
});

test('Clopper–Pearson ε_lb above the claimed ε only warns (assumes independent trials)', () => {
  const r = fixture();
  attacksOf(r, 'dp@1')[0].epsilonBounds[0].epsilonLb = 1.3; // claimed 0.99
  const g = run(r);
  const c = byId(g, BUILTIN_IDS.clopperPearsonEpsilon);
  assert.equal(c.status, 'WARN');
  assert.equal(c.severity, 'warn');
  assert.equal(c.where, 'dp@1 · lira-online · clopper-pearson-split');
  assert.equal(g.exitCode, 0);
  assert.equal(evaluateGate(r, policyOf([], ALL_ON), { failOnWarn: true }).exitCode, 1);
});

test('a theory-overlay violation fails', () => {
  const r = fixture();
  attacksOf(r, 'dp@8')[1].violation = {
    violated: true,
    method: 'bonferroni',
    worstPoint: { fpr: 0.01, tpr: 0.3, fprUb: 0.012, tprLb: 0.25, tprMax: 0.2 },
    thresholdsTested: 100,
  };
  const c = byId(run(r), BUILTIN_IDS.overlayViolation);
  assert.equal(c.status, 'FAIL');
  assert.equal(c.where, 'dp@8 · loss');
  assert.equal(c.actualText, 'violated at FPR_ub 0.012: TPR_lb 0.25 > TPR_max 0.2 (bonferroni)');
});

test('built-ins can be switched off one by one', () => {
  const r = fixture();
  (armOf(r, 'dp@4').oneRun as { epsilonLb: number }).epsilonLb = 4.2;
  const g = run(r, { oneRunEpsilon: false });
  assert.deepEqual(
    g.checks.map((c) => c.id),
    [BUILTIN_IDS.clopperPearsonEpsilon, BUILTIN_IDS.overlayViolation],
  );
  assert.equal(g.status, 'PASS');
  assert.equal(run(r, { oneRunEpsilon: false, clopperPearsonEpsilon: false, overlayViolation: false }).checks.length, 0);
});

test('a missing one-run audit is a WARN (not measured), never a silent pass', () => {
  const r = fixture();
  for (const a of r.arms) a.oneRun = null;
  const c = byId(run(r), BUILTIN_IDS.oneRunEpsilon);
  assert.equal(c.status, 'WARN');
  assert.match(c.message, /dp@1: no one-run audit/);
});

test('a one-run check whose ceiling is not above the claimed ε is untestable: WARN naming the m it needs, never PASS', () => {
  const r = fixture();
  const o = armOf(r, 'dp@4').oneRun as Record<string, unknown>;
  Object.assign(o, { ceiling: 3.5, epsilonLb: 0, snj: { testable: false, neededM: 20000 }, pValue: 1 });
  const c = byId(run(r), BUILTIN_IDS.oneRunEpsilon);
  assert.equal(c.status, 'WARN');
  const item = c.items.find((i) => i.where === 'dp@4 · one-run');
  assert.equal(item?.status, 'unresolved');
  assert.match(item?.reason ?? '', /^untestable: ceiling 3\.5 ≤ claimed ε 3\.98, the check cannot fail; needs m ≥ 20000 canaries/);
  // Legacy results without testability: the ceiling alone decides.
  const r2 = fixture();
  (armOf(r2, 'dp@8').oneRun as Record<string, unknown>).ceiling = 2.9;
  const c2 = byId(run(r2), BUILTIN_IDS.oneRunEpsilon);
  assert.equal(c2.status, 'WARN');
  assert.match(c2.message, /untestable/);
});

test('testable one-run tests share α = 0.025 by Holm over arms × methods (stated in the notes)', () => {
  const r = fixture();
  // Three testable tests with p-values 0.004, 0.012, 0.02: Holm levels 0.025/3, 0.025/2, 0.025/1.
  const set = (arm: string, p: number) =>
    Object.assign(armOf(r, arm).oneRun as Record<string, unknown>, { ceiling: 9, pValue: p, snj: { testable: true, neededM: null } });
  set('dp@1', 0.004);
  set('dp@4', 0.012);
  set('dp@8', 0.02);
  let c = byId(run(r), BUILTIN_IDS.oneRunEpsilon);
  // 0.004 ≤ 0.00833, 0.012 ≤ 0.0125, 0.02 ≤ 0.025: all rejected.
  assert.equal(c.status, 'FAIL');
  assert.equal(c.items.filter((i) => i.status === 'fail').length, 3);
  assert.ok(c.notes.some((n) => /Holm over 3 testable test\(s\)/.test(n)));
  // 0.013 > 0.0125 stops the step-down: only the smallest is rejected (Bonferroni would reject it too).
  set('dp@4', 0.013);
  c = byId(run(r), BUILTIN_IDS.oneRunEpsilon);
  assert.deepEqual(
    c.items.map((i) => [i.where, i.status]),
    [
      ['dp@1 · one-run', 'fail'],
      ['dp@4 · one-run', 'pass'],
      ['dp@8 · one-run', 'pass'],
    ],
  );
  // Nothing below 0.025/3: PASS even though each p is below 0.05 on its own.
  set('dp@1', 0.01);
  assert.equal(byId(run(r), BUILTIN_IDS.oneRunEpsilon).status, 'PASS');
});

test('plan-conformance: absent without an external trainer; FAIL showing plan and trainer values; PASS when the report matches', () => {
  assert.ok(!run(fixture()).checks.some((c) => c.id === BUILTIN_IDS.planConformance));
  const planned = { steps: 100, sampling: 'poisson', sampleRate: 0.05, noiseMultiplier: 1.25, maxGradNorm: 1 };
  const r = fixture();
  r.trainer = {
    command: ['python3', 't.py'],
    version: null,
    libraries: ['torch 2'],
    conforms: false,
    arms: [
      {
        arm: 'nondp',
        planned: { ...planned, noiseMultiplier: 0, maxGradNorm: null },
        models: 5,
        epsilon: null,
        trainerEpsilon: null,
        mismatches: [],
      },
      {
        arm: 'dp@1',
        planned,
        models: 5,
        epsilon: 0.99,
        trainerEpsilon: { min: 1.2, max: 1.2 },
        mismatches: [
          { job: 's0/dp@1/models', model: 0, field: 'noiseMultiplier', planned: 1.25, reported: 0.5 },
          { job: 's0/dp@1/models', model: 1, field: 'noiseMultiplier', planned: 1.25, reported: 0.5 },
        ],
      },
    ],
  };
  const c = byId(run(r), BUILTIN_IDS.planConformance);
  assert.equal(c.status, 'FAIL');
  const dp = c.items.find((i) => i.arm === 'dp@1');
  assert.equal(dp?.status, 'fail');
  assert.match(
    dp?.actualText ?? '',
    /noiseMultiplier: plan 1\.25, trainer 0\.5 \(2 value\(s\) differ\); trainer's ε 1\.2 beside dpaudit's 0\.99/,
  );
  assert.equal(c.items.find((i) => i.arm === 'nondp')?.status, 'pass');
  r.trainer.arms[1].mismatches = [];
  assert.equal(byId(run(r), BUILTIN_IDS.planConformance).status, 'PASS');
  assert.ok(!run(r, { planConformance: false }).checks.some((c2) => c2.id === BUILTIN_IDS.planConformance));
});

test('an untestable p-valued one-run test is worded by its best p-value and the level it runs at, even when its ceiling exceeds the claim', () => {
  const r = fixture();
  // Ceiling 4.3 > claimed 3.98, but the only p-valued test has best p-value 0.03 > 0.025 (family of one at α 0.025).
  const o = armOf(r, 'dp@4').oneRun as Record<string, unknown>;
  Object.assign(o, { ceiling: 4.3, epsilonLb: 1, pValue: 0.5, bestPValue: 0.03, snj: { testable: true, neededM: null } });
  const c = byId(run(r), BUILTIN_IDS.oneRunEpsilon);
  assert.equal(c.status, 'WARN');
  const item = c.items.find((i) => i.where === 'dp@4 · one-run');
  assert.equal(item?.status, 'unresolved');
  const reason = item?.reason ?? '';
  assert.match(reason, /^untestable: a perfect attack reaches p = 0\.03 at best, above the level 0\.025 this check runs at/);
  assert.doesNotMatch(reason, /ceiling 4\.3 ≤ claimed ε/);
});
