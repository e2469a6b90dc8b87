import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateGate } from '../../../src/gate/evaluate.js';
import { isDpauditError } from '../../../src/errors.js';
import type { GateCheckResult } from '../../../src/gate/types.js';
import type { ResultsV1 } from '../../../src/results/types.js';
import { armOf, fixture, policyOf } from './fixture.js';

function one(check: Record<string, unknown>, results: ResultsV1 = fixture()): GateCheckResult {
  const r = evaluateGate(results, policyOf([{ id: 'c', ...check }]));
  assert.equal(r.checks.length, 1);
  return r.checks[0];
}

const auc = (arm: string, extra: Record<string, unknown> = {}) => ({ metric: 'attack.auc', arm, attack: 'lira-online', ...extra });

test('each comparator passes and fails at the right side of the threshold', () => {
  // nondp lira-online AUC = 0.62
  const cases: [string, number, string][] = [
    ['<=', 0.62, 'PASS'],
    ['<=', 0.61, 'FAIL'],
    ['<', 0.63, 'PASS'],
    ['<', 0.62, 'FAIL'],
    ['>=', 0.62, 'PASS'],
    ['>=', 0.63, 'FAIL'],
    ['>', 0.61, 'PASS'],
    ['>', 0.62, 'FAIL'],
  ];
  for (const [comparator, threshold, status] of cases) {
    const c = one({ select: auc('nondp'), comparator, threshold });
    assert.equal(c.status, status, `${comparator} ${threshold}`);
    assert.equal(c.actual?.value, 0.62);
    assert.equal(c.threshold, threshold);
  }
});

test('arm selectors: nondp, cliponly, dp@ε, every-dp, every', () => {
  const arms = (arm: string) => one({ select: auc(arm), comparator: '<=', threshold: 1 }).items.map((i) => i.arm);
  assert.deepEqual(arms('nondp'), ['nondp']);
  assert.deepEqual(arms('cliponly'), ['cliponly']);
  assert.deepEqual(arms('dp@4'), ['dp@4']);
  assert.deepEqual(arms('dp@4.0'), ['dp@4']);
  assert.deepEqual(arms('every-dp'), ['dp@1', 'dp@4', 'dp@8']);
  assert.deepEqual(arms('every'), ['nondp', 'cliponly', 'dp@1', 'dp@4', 'dp@8']);
});

test('every-dp with worst-attack and ciHigh: the worst value decides and is reported with its CI', () => {
  // DP lira AUCs 0.52, 0.54, 0.56 (± 0.01), loss 0.51, 0.53, 0.54: worst upper bound = dp@8 lira 0.57.
  const pass = one({
    select: { metric: 'attack.auc', arm: 'every-dp', attack: 'worst-attack', statistic: 'ciHigh' },
    comparator: '<=',
    threshold: 0.57,
  });
  assert.equal(pass.status, 'PASS');
  assert.equal(pass.items.length, 6);
  assert.equal(pass.where, 'dp@8 · lira-online');
  assert.deepEqual(pass.actual, { value: 0.57, estimate: 0.56, ci: { lo: 0.55, hi: 0.57 } });
  assert.equal(pass.actualText, '0.56 [0.55, 0.57]');
  assert.match(pass.sentence, /^Attack AUC \(worst attack, upper CI bound\) of every DP arm must be ≤ 0\.57$/);
  const fail = one({
    select: { metric: 'attack.auc', arm: 'every-dp', attack: 'worst-attack', statistic: 'ciHigh' },
    comparator: '<=',
    threshold: 0.55,
  });
  assert.equal(fail.status, 'FAIL');
  assert.equal(fail.where, 'dp@8 · lira-online');
  // Only dp@8 lira (0.57) is above 0.55; dp@4 lira and dp@8 loss sit exactly at 0.55 and pass.
  assert.equal(fail.items.filter((i) => i.status === 'fail').length, 1);
  assert.match(fail.message, /0\.56 \[0\.55, 0\.57\] at dp@8 · lira-online is not ≤ 0\.55 \(1 of 6 values fail\)/);
  const lows = one({
    select: { metric: 'attack.auc', arm: 'every-dp', attack: 'worst-attack', statistic: 'ciLow' },
    comparator: '>=',
    threshold: 0.5,
  });
  assert.equal(lows.status, 'PASS');
  assert.equal(lows.actual?.value, 0.5); // dp@1 loss 0.51 − 0.01: the closest to failing
});

test('group selectors: a named group, worst-group, grouping filter; suppressed and empty cells', () => {
  const named = one({ select: { metric: 'group.accuracy', arm: 'nondp', group: { sex: 'M' } }, comparator: '>=', threshold: 0.8 });
  assert.equal(named.status, 'PASS');
  assert.deepEqual(
    named.items.map((i) => i.where),
    ['nondp · sex = M'],
  );
  const worst = one({ select: { metric: 'group.accuracy', arm: 'nondp', group: 'worst-group' }, comparator: '>=', threshold: 0.75 });
  assert.equal(worst.status, 'FAIL');
  assert.equal(worst.where, 'nondp · age = old');
  assert.equal(worst.actual?.value, 0.7);
  assert.ok(worst.notes.some((n) => /1 suppressed group/.test(n)));
  assert.ok(worst.notes.some((n) => /1 empty cell/.test(n)));
  const bySex = one({
    select: { metric: 'group.accuracy', arm: 'nondp', group: 'worst-group', grouping: ['sex'] },
    comparator: '>=',
    threshold: 0.75,
  });
  assert.equal(bySex.status, 'PASS');
  assert.equal(bySex.items.length, 2);
});

test('"every reported group has ≥ 30 rows": a suppressed cell (n < 11) fails, warn severity gives WARN', () => {
  const c = one({
    select: { metric: 'group.count', arm: 'nondp', group: 'worst-group' },
    comparator: '>=',
    threshold: 30,
    severity: 'warn',
  });
  assert.equal(c.status, 'WARN');
  assert.equal(c.where, 'nondp · sex = F, age = old');
  assert.equal(c.actualText, '< 11 (suppressed)');
  // A threshold a suppressed count cannot decide (it lies in [1, 10]) is unresolved → WARN.
  const undecided = one({
    select: { metric: 'group.count', arm: 'nondp', group: { sex: 'F', age: 'old' } },
    comparator: '>=',
    threshold: 5,
  });
  assert.equal(undecided.status, 'WARN');
  assert.equal(undecided.items[0].status, 'unresolved');
  const ok = one({
    select: { metric: 'group.count', arm: 'nondp', group: 'worst-group', grouping: ['age'] },
    comparator: '>=',
    threshold: 30,
  });
  assert.equal(ok.status, 'PASS');
  assert.equal(ok.actual?.value, 40);
});

test('relative thresholds: factor × non-DP and non-DP + offset, paired by attack / grouping / group', () => {
  // utility AUC nondp 0.85; dp@4 0.82 → 0.95 × 0.85 = 0.8075
  const u = one({ select: { metric: 'utility.auc', arm: 'dp@4' }, comparator: '>=', relativeTo: 'nondp', factor: 0.95 });
  assert.equal(u.status, 'PASS');
  assert.ok(Math.abs((u.threshold ?? 0) - 0.8075) < 1e-12);
  assert.equal(u.items[0].baseline, 0.85);
  assert.equal(u.sentence, 'Test AUC of dp@4 (ε = 4) must be ≥ 0.95 × non-DP');
  const u1 = one({ select: { metric: 'utility.auc', arm: 'dp@1' }, comparator: '>=', relativeTo: 'nondp', factor: 0.95 });
  assert.equal(u1.status, 'FAIL'); // 0.78 < 0.8075
  // EO difference: dp@4 sex 0.09 vs nondp 0.05 + 0.05; age 0.10 vs 0.08 + 0.05; sex×age 0.12 vs 0.10 + 0.05
  const eo = one({
    select: { metric: 'disparity.equalizedOddsDifference', arm: 'dp@4' },
    comparator: '<=',
    relativeTo: 'nondp',
    offset: 0.05,
  });
  assert.equal(eo.status, 'PASS');
  assert.equal(eo.items.length, 3);
  assert.equal(eo.where, 'dp@4 · [sex]');
  const eo1 = one({
    select: { metric: 'disparity.equalizedOddsDifference', arm: 'dp@1', grouping: ['sex'] },
    comparator: '<=',
    relativeTo: 'nondp',
    offset: 0.05,
  });
  assert.equal(eo1.status, 'FAIL'); // 0.14 > 0.10
  assert.match(eo1.message, /0\.14 \[0\.11, 0\.17\] at dp@1 · \[sex\] is not ≤ non-DP \+ 0\.05 \(= 0\.1\)/);
  // Per-group pairing: dp@4 age=old accuracy 0.62 vs nondp 0.70 − 0.05
  const g = one({
    select: { metric: 'group.accuracy', arm: 'dp@4', group: 'worst-group' },
    comparator: '>=',
    relativeTo: 'nondp',
    offset: -0.05,
  });
  assert.equal(g.status, 'FAIL');
  assert.equal(g.where, 'dp@4 · age = old');
  assert.equal(g.items.find((i) => i.where === 'dp@4 · age = old')?.baseline, 0.7);
  // Both factor and offset.
  const both = one({ select: { metric: 'utility.auc', arm: 'dp@8' }, comparator: '>=', relativeTo: 'nondp', factor: 0.9, offset: 0.05 });
  assert.ok(Math.abs((both.threshold ?? 0) - (0.9 * 0.85 + 0.05)) < 1e-12);
  assert.equal(both.status, 'PASS');
});

test('warn vs fail severity', () => {
  const fail = one({ select: auc('nondp'), comparator: '<=', threshold: 0.6 });
  const warn = one({ select: auc('nondp'), comparator: '<=', threshold: 0.6, severity: 'warn' });
  assert.equal(fail.status, 'FAIL');
  assert.equal(warn.status, 'WARN');
  const r = evaluateGate(fixture(), policyOf([{ id: 'w', select: auc('nondp'), comparator: '<=', threshold: 0.6, severity: 'warn' }]));
  assert.equal(r.exitCode, 0);
  const strict = evaluateGate(
    fixture(),
    policyOf([{ id: 'w', select: auc('nondp'), comparator: '<=', threshold: 0.6, severity: 'warn' }]),
    { failOnWarn: true },
  );
  assert.equal(strict.exitCode, 1);
  const failing = evaluateGate(fixture(), policyOf([{ id: 'f', select: auc('nondp'), comparator: '<=', threshold: 0.6 }]));
  assert.equal(failing.status, 'FAIL');
  assert.equal(failing.exitCode, 1);
});

test('a selector matching nothing is ERROR (exit 2) unless onMissing: warn', () => {
  const sel = { metric: 'utility.auc', arm: 'dp@2' };
  const r = evaluateGate(fixture(), policyOf([{ id: 'm', select: sel, comparator: '>=', threshold: 0.5 }]));
  assert.equal(r.checks[0].status, 'ERROR');
  assert.match(r.checks[0].message, /no arm matches dp@2 \(arms: nondp, cliponly, dp@1, dp@4, dp@8\)/);
  assert.equal(r.status, 'ERROR');
  assert.equal(r.exitCode, 2);
  const w = evaluateGate(fixture(), policyOf([{ id: 'm', select: sel, comparator: '>=', threshold: 0.5, onMissing: 'warn' }]));
  assert.equal(w.checks[0].status, 'WARN');
  assert.equal(w.exitCode, 0);
  const attack = one({ select: { metric: 'attack.auc', arm: 'nondp', attack: 'rmia-online' }, comparator: '<=', threshold: 0.6 });
  assert.equal(attack.status, 'ERROR');
  assert.match(attack.message, /no attack rmia-online \(attacks: lira-online, loss\)/);
  const group = one({ select: { metric: 'group.tpr', arm: 'nondp', group: { sex: 'X' } }, comparator: '>=', threshold: 0.5 });
  assert.equal(group.status, 'ERROR');
  const grouping = one({
    select: { metric: 'disparity.accuracyDifference', arm: 'nondp', grouping: ['race'] },
    comparator: '<=',
    threshold: 0.1,
  });
  assert.equal(grouping.status, 'ERROR');
  const level = one({ select: { metric: 'attack.tprAtFpr', arm: 'nondp', attack: 'loss', fpr: 0.05 }, comparator: '<=', threshold: 0.1 });
  assert.equal(level.status, 'ERROR');
  assert.match(level.message, /levels: 0\.001, 0\.01, 0\.1/);
});

test('an unresolved metric (resolution guard) is a WARN, also with severity fail', () => {
  const c = one({
    select: { metric: 'attack.tprAtFpr', arm: 'nondp', attack: 'lira-online', fpr: 0.001 },
    comparator: '<=',
    threshold: 0.01,
  });
  assert.equal(c.status, 'WARN');
  assert.equal(c.actualText, 'unresolved');
  assert.match(c.message, /resolution guard: n_out·α = 4 < 10/);
  // The metrics/tpr-at-fpr shape (alpha = level, ci {lower, upper}) in dp@4 resolves the same way.
  const m = one({
    select: { metric: 'attack.tprAtFpr', arm: 'dp@4', attack: 'lira-online', fpr: 0.01, statistic: 'ciHigh' },
    comparator: '<=',
    threshold: 0.02,
  });
  assert.equal(m.status, 'PASS');
  assert.equal(m.actual?.estimate, 0.015);
  assert.equal(m.actual?.value, 0.0195);
  const u4 = one({ select: { metric: 'attack.tprAtFpr', arm: 'dp@4', attack: 'loss', fpr: 0.001 }, comparator: '<=', threshold: 0.01 });
  assert.equal(u4.status, 'WARN');
  // An undefined metric (null) is unresolved too: rocAuc is null in every group.
  const n = one({ select: { metric: 'group.rocAuc', arm: 'nondp', group: { sex: 'F' } }, comparator: '>=', threshold: 0.7 });
  assert.equal(n.status, 'WARN');
  // A failing value elsewhere still fails the check.
  const mixed = one({
    select: { metric: 'attack.tprAtFpr', arm: 'every', attack: 'lira-online', fpr: 0.001 },
    comparator: '<=',
    threshold: 0.01,
  });
  assert.equal(mixed.status, 'WARN');
});

test('other metrics: advantage, per-group attack AUC, Clopper–Pearson ε bound, one-run ε, accountant ε', () => {
  assert.equal(
    one({ select: { metric: 'attack.advantage', arm: 'nondp', attack: 'lira-online' }, comparator: '<=', threshold: 0.1 }).status,
    'PASS',
  );
  const pg = one({
    select: { metric: 'attack.auc', arm: 'nondp', attack: 'lira-online', group: 'worst-group' },
    comparator: '<=',
    threshold: 0.625,
  });
  assert.equal(pg.status, 'FAIL'); // M: 0.63
  assert.equal(pg.where, 'nondp · lira-online · sex = M');
  assert.ok(pg.notes.some((n) => /suppressed/.test(n)));
  const cp = one({
    select: { metric: 'attack.epsilonLb', arm: 'every-dp', attack: 'worst-attack', method: 'clopper-pearson' },
    comparator: '<=',
    threshold: 1.5,
  });
  assert.equal(cp.status, 'PASS');
  assert.equal(cp.items.length, 6); // GDP bounds are never among the items
  assert.ok(cp.items.every((i) => !/gdp/.test(i.where)));
  assert.equal(one({ select: { metric: 'oneRun.epsilonLb', arm: 'dp@8' }, comparator: '<=', threshold: 1 }).status, 'FAIL');
  assert.equal(one({ select: { metric: 'privacy.epsilon', arm: 'every-dp' }, comparator: '<=', threshold: 8 }).status, 'PASS');
  assert.equal(one({ select: { metric: 'privacy.epsilon', arm: 'nondp' }, comparator: '<=', threshold: 8 }).status, 'ERROR');
});

test('a missing CI makes a ciHigh check unresolved (WARN)', () => {
  const r = fixture();
  delete (armOf(r, 'dp@4').utility.auc as { ci?: unknown }).ci;
  const c = one({ select: { metric: 'utility.auc', arm: 'dp@4', statistic: 'ciHigh' }, comparator: '>=', threshold: 0.5 }, r);
  assert.equal(c.status, 'WARN');
  assert.match(c.message, /no confidence interval/);
});

test('results of another schema version are an input error (exit 2)', () => {
  const r = { ...fixture(), schemaVersion: 2 } as unknown as ResultsV1;
  assert.throws(
    () => evaluateGate(r, policyOf([])),
    (e: unknown) => isDpauditError(e) && e.exitCode === 2 && /schemaVersion 2/.test(e.message),
  );
});

test('checks keep policy order after the built-ins; counts add up', () => {
  const r = evaluateGate(
    fixture(),
    policyOf(
      [
        { id: 'b', select: auc('nondp'), comparator: '<=', threshold: 0.7 },
        { id: 'a', select: auc('nondp'), comparator: '<=', threshold: 0.6, severity: 'warn' },
      ],
      {},
    ),
  );
  assert.deepEqual(
    r.checks.map((c) => c.id),
    ['builtin.one-run-epsilon', 'builtin.clopper-pearson-epsilon', 'builtin.overlay-violation', 'b', 'a'],
  );
  assert.deepEqual(r.counts, { pass: 4, warn: 1, fail: 0, error: 0 });
  assert.equal(r.status, 'WARN');
  assert.equal(r.schemaVersion, 1);
  assert.equal(r.policy, 'test-policy');
});
