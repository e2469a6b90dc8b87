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
  assert.equal(c.where, 'dp@4');
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
