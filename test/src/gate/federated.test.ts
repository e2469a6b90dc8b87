import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { evaluateGate } from '../../../src/gate/evaluate.js';
import { loadPolicy } from '../../../src/gate/policy.js';
import { precheckPolicy, type SweepPlanView } from '../../../src/gate/precheck.js';
import { armMatches, resolveSelector } from '../../../src/gate/select.js';
import { checkSentence } from '../../../src/gate/sentence.js';
import { DpauditError } from '../../../src/errors.js';
import type { GateCheckResult } from '../../../src/gate/types.js';
import type { ResultsV1 } from '../../../src/results/types.js';
import { runDpaudit } from '../../helpers/cli.js';
import { tempDir, writeFixture } from '../../helpers/tmp.js';
import { policyLoadError } from '../../helpers/policy.js';
import { fedFixture } from './fed-fixture.js';
import { fixture, policyOf } from './fixture.js';

const dir = tempDir('dpaudit-gate-fed-');

/** A one-check policy file; `extra` lines are appended (a relative threshold replaces `threshold: 1`). */
const policyFile = (select: string, extra = '') =>
  writeFixture(
    dir,
    `p${Math.random().toString(36).slice(2)}.yml`,
    `checks:\n  - id: x\n    select: ${select}\n    comparator: "<="\n${extra.includes('relativeTo') ? '' : '    threshold: 1\n'}${extra}`,
  );

function policyError(select: string): string {
  return policyLoadError(policyFile(select));
}

test('federated arm selectors parse; a wrong one names the line and the JSON path', () => {
  for (const arm of ['fed-none', 'fed-local@4', 'fed-server@0.5', 'every-fed', 'every-fed-dp', 'every-fed-local', 'every-fed-server']) {
    const p = loadPolicy(policyFile(`{ metric: utility.auc, arm: ${arm} }`));
    assert.equal(p.checks[0].select.arm, arm);
  }
  const fedHint = /^:3: key "checks\.0\.select\.arm": a federated arm selector must be fed-none, fed-local@ε or fed-server@ε/;
  for (const arm of ['fed-foo@4', 'fed-local', 'fed-local@x', 'fed-local@-1', 'fed-none@4', 'every-fed-foo'])
    assert.match(policyError(`{ metric: utility.auc, arm: ${arm} }`), fedHint, arm);
  // Centralised typos keep the general message, which now lists the federated selectors too.
  assert.match(
    policyError('{ metric: utility.auc, arm: dp4 }'),
    /^:3: key "checks\.0\.select\.arm": must be nondp, cliponly, dp@ε \(e\.g\. dp@4\), every-dp, every, fed-none, fed-local@ε/,
  );
  // relativeTo: nondp or fed-none, nothing else
  const rel = (to: string) =>
    writeFixture(
      dir,
      `r${to}.yml`,
      `checks:\n  - id: x\n    select: { metric: utility.auc, arm: fed-local@4 }\n    comparator: ">="\n    relativeTo: ${to}\n    factor: 0.9\n`,
    );
  assert.equal(loadPolicy(rel('fed-none')).checks[0].relativeTo, 'fed-none');
  assert.throws(
    () => loadPolicy(rel('fed-local@4')),
    /:5: key "checks\.0\.relativeTo": Invalid option: expected one of "nondp"\|"fed-none"/,
  );
});

test('armMatches: federated selectors pick federated arms only; dp@ε and every-dp stay centralised', () => {
  const r = fedFixture();
  const arms = (sel: string) => r.arms.filter((a) => armMatches(a, sel)).map((a) => a.arm);
  assert.deepEqual(arms('fed-none'), ['fed-none']);
  assert.deepEqual(arms('fed-local@4'), ['fed-local@4']);
  assert.deepEqual(arms('fed-local@4.0'), ['fed-local@4']);
  assert.deepEqual(arms('fed-local@1'), ['fed-local@1']);
  assert.deepEqual(arms('fed-local@3.97'), []); // the arm's target ε, as for dp@ε (dp@3.98 does not match dp@4 either)
  assert.deepEqual(arms('dp@3.98'), []);
  assert.deepEqual(arms('fed-server@4'), ['fed-server@4']);
  assert.deepEqual(arms('fed-server@1'), []);
  assert.deepEqual(arms('fed-local@8'), []);
  assert.deepEqual(arms('every-fed'), ['fed-none', 'fed-local@1', 'fed-local@4', 'fed-server@4']);
  assert.deepEqual(arms('every-fed-dp'), ['fed-local@1', 'fed-local@4', 'fed-server@4']);
  assert.deepEqual(arms('every-fed-local'), ['fed-local@1', 'fed-local@4']);
  assert.deepEqual(arms('every-fed-server'), ['fed-server@4']);
  // unchanged centralised selectors
  assert.deepEqual(arms('dp@4'), ['dp@4']);
  assert.deepEqual(arms('every-dp'), ['dp@1', 'dp@4', 'dp@8']);
  assert.deepEqual(arms('nondp'), ['nondp']);
  assert.deepEqual(
    arms('every'),
    r.arms.map((a) => a.arm),
  );
  assert.equal(arms('every').length, 9);
  // Without the recorded plan the mode is read from the id.
  const bare = fedFixture();
  for (const a of bare.arms) delete a.privacy.federation;
  assert.deepEqual(
    bare.arms.filter((a) => armMatches(a, 'every-fed-local')).map((a) => a.arm),
    ['fed-local@1', 'fed-local@4'],
  );
  assert.deepEqual(
    bare.arms.filter((a) => armMatches(a, 'fed-server@4')).map((a) => a.arm),
    ['fed-server@4'],
  );
});

test('sentences name federated arms in plain words', () => {
  const p = policyOf([
    { id: 'a', select: { metric: 'attack.auc', arm: 'fed-local@4', attack: 'lira-online' }, comparator: '<=', threshold: 0.6 },
    { id: 'b', select: { metric: 'attack.auc', arm: 'fed-server@2.5', attack: 'worst-attack' }, comparator: '<=', threshold: 0.6 },
    { id: 'c', select: { metric: 'utility.auc', arm: 'fed-none' }, comparator: '>=', threshold: 0.7 },
    { id: 'd', select: { metric: 'utility.auc', arm: 'every-fed-dp' }, comparator: '>=', relativeTo: 'fed-none', factor: 0.95 },
    { id: 'e', select: { metric: 'utility.auc', arm: 'every-fed' }, comparator: '>=', threshold: 0.7 },
    { id: 'f', select: { metric: 'utility.auc', arm: 'every-fed-local' }, comparator: '>=', relativeTo: 'nondp', offset: -0.05 },
  ]);
  assert.deepEqual(
    p.checks.map((c) => checkSentence(c)),
    [
      'Attack AUC (lira-online) of the federated model with local DP at ε = 4 must be ≤ 0.6',
      'Attack AUC (worst attack) of the federated model with server-side DP at site-level ε = 2.5 must be ≤ 0.6',
      'Test AUC of the federated model without DP must be ≥ 0.7',
      'Test AUC of every federated DP arm (local and server-side DP) must be ≥ 0.95 × federated non-DP',
      'Test AUC of every federated arm must be ≥ 0.7',
      'Test AUC of every federated arm with local DP must be ≥ non-DP − 0.05',
    ],
  );
});

function one(check: Record<string, unknown>, results: ResultsV1 = fedFixture()): GateCheckResult {
  const r = evaluateGate(results, policyOf([{ id: 'c', ...check }]));
  assert.equal(r.checks.length, 1);
  return r.checks[0];
}

test('a check on fed-local@4 attack AUC passes and fails at the hand-computed threshold', () => {
  // fed-local@4 lira-online AUC 0.57 [0.56, 0.58]
  const sel = { metric: 'attack.auc', arm: 'fed-local@4', attack: 'lira-online' };
  for (const [threshold, status] of [
    [0.57, 'PASS'],
    [0.569, 'FAIL'],
  ] as const) {
    const c = one({ select: sel, comparator: '<=', threshold });
    assert.equal(c.status, status, String(threshold));
    assert.equal(c.where, 'fed-local@4 · lira-online');
    assert.equal(c.actual?.value, 0.57);
  }
  // every federated DP arm, worst attack, upper CI bound: max over
  // fed-local@1 {0.52, 0.51}, fed-local@4 {0.58, 0.56}, fed-server@4 {0.51, 0.50} = 0.58 at fed-local@4 lira.
  const worst = { metric: 'attack.auc', arm: 'every-fed-dp', attack: 'worst-attack', statistic: 'ciHigh' };
  const pass = one({ select: worst, comparator: '<=', threshold: 0.58 });
  assert.equal(pass.status, 'PASS');
  assert.equal(pass.items.length, 6);
  assert.equal(pass.where, 'fed-local@4 · lira-online');
  const fail = one({ select: worst, comparator: '<=', threshold: 0.565 });
  assert.equal(fail.status, 'FAIL');
  assert.equal(fail.items.filter((i) => i.status === 'fail').length, 1); // only 0.58 > 0.565 (next: 0.56)
  // every-dp ignores the federated arms: worst centralised upper bound is dp@8 lira 0.57.
  assert.equal(one({ select: { ...worst, arm: 'every-dp' }, comparator: '<=', threshold: 0.57 }).status, 'PASS');
});

test('relativeTo fed-none: the baseline is the federated model without DP', () => {
  // utility AUC: fed-local@4 0.82 (cloned from dp@4), fed-none 0.85 (cloned from nondp).
  const sel = { metric: 'utility.auc', arm: 'fed-local@4' };
  const pass = one({ select: sel, comparator: '>=', relativeTo: 'fed-none', factor: 0.95 });
  assert.equal(pass.status, 'PASS');
  assert.ok(Math.abs((pass.threshold ?? NaN) - 0.95 * 0.85) < 1e-12);
  const fail = one({ select: sel, comparator: '>=', relativeTo: 'fed-none', factor: 0.97 }); // 0.8245 > 0.82
  assert.equal(fail.status, 'FAIL');
  assert.match(fail.thresholdText ?? '', /≥ 0\.97 × federated non-DP \(= 0\.8245\)/);
  // Without a fed-none arm the baseline is missing: an error, as for any selector that matches nothing.
  const r = fedFixture();
  r.arms = r.arms.filter((a) => a.arm !== 'fed-none');
  const missing = one({ select: sel, comparator: '>=', relativeTo: 'fed-none', factor: 0.95 }, r);
  assert.equal(missing.status, 'ERROR');
  assert.match(missing.message, /baseline: no arm matches fed-none/);
});

test('metrics federated arms lack resolve through onMissing, never a crash', () => {
  // fed-none has no fairness report, no one-run audit and no ε.
  for (const select of [
    { metric: 'group.accuracy', arm: 'fed-none', group: 'worst-group' },
    { metric: 'disparity.equalizedOddsDifference', arm: 'fed-none' },
    { metric: 'oneRun.epsilonLb', arm: 'fed-none' },
    { metric: 'privacy.epsilon', arm: 'fed-none' },
  ]) {
    const err = one({ select, comparator: '<=', threshold: 1 });
    assert.equal(err.status, 'ERROR', select.metric);
    assert.match(err.message, /fed-none: no (fairness report|one-run audit|accountant ε)/, select.metric);
    const warn = one({ select, comparator: '<=', threshold: 1, onMissing: 'warn' });
    assert.equal(warn.status, 'WARN', select.metric);
  }
  // Over every-fed the arms that have the metric are judged, the others are named as missing.
  const eps = resolveSelector(fedFixture(), { metric: 'privacy.epsilon', arm: 'every-fed', statistic: 'value' });
  assert.deepEqual(
    eps.items.map((i) => [i.arm, i.value]),
    [
      ['fed-local@1', 0.98],
      ['fed-local@4', 3.97],
      ['fed-server@4', 3.99],
    ],
  );
  assert.deepEqual(eps.missing, ['fed-none: no accountant ε (no DP guarantee)']);
  // fed-server's ε protects a site, not a record: said in the notes.
  assert.deepEqual(eps.notes, ["fed-server@4: ε is at site level (all of one site's data); a record's ε is at most that"]);
  // An attack the federated arm did not run is missing like any other.
  const r = fedFixture();
  const fl4 = r.arms.find((a) => a.arm === 'fed-local@4');
  assert.ok(fl4);
  fl4.attacks = [];
  const noAttack = one({ select: { metric: 'attack.auc', arm: 'fed-local@4', attack: 'lira-online' }, comparator: '<=', threshold: 1 }, r);
  assert.equal(noAttack.status, 'ERROR');
  assert.match(noAttack.message, /fed-local@4: no attack lira-online \(attacks: none\)/);
});

test('built-in checks keep their centralised semantics: federated arms do not change them', () => {
  const builtins = { oneRunEpsilon: true, clopperPearsonEpsilon: true, overlayViolation: true };
  const p = policyOf([], builtins);
  const before = evaluateGate(fixture(), p).checks;
  const after = evaluateGate(fedFixture(), p).checks;
  assert.equal(after.length, 3);
  assert.deepEqual(after, before);
  for (const c of after) assert.ok(!c.items.some((i) => i.arm.startsWith('fed-')), c.id);
});

test('precheck: a federated selector on a sweep without that arm is exit 2 before training, naming file and line', () => {
  const central: SweepPlanView = { epsilons: [1, 4], attacks: ['loss', 'lira-online'], sensitive: { sex: ['F', 'M'] } };
  const fed: SweepPlanView = { ...central, federatedArms: ['fed-none', 'fed-local@1', 'fed-local@4'] };
  const rejects = (plan: SweepPlanView, select: string, re: RegExp, extra = '') => {
    const f = policyFile(select, extra);
    assert.throws(
      () => precheckPolicy(loadPolicy(f), plan),
      (e: unknown) =>
        e instanceof DpauditError &&
        e.exitCode === 2 &&
        re.test(e.message) &&
        /nothing was trained/.test(e.message) &&
        e.message.startsWith(`${f}:2: check "x": `),
      select,
    );
  };
  for (const arm of ['fed-none', 'fed-local@4', 'fed-server@4', 'every-fed', 'every-fed-dp'])
    rejects(
      central,
      `{ metric: utility.auc, arm: ${arm} }`,
      /no federated arm in this sweep \(this sweep has nondp, cliponly, dp@1, dp@4; federated arms need --sites/,
    );
  rejects(
    fed,
    '{ metric: utility.auc, arm: fed-local@8 }',
    /no arm matches fed-local@8 \(this sweep has nondp, cliponly, dp@1, dp@4, fed-none, fed-local@1, fed-local@4\)/,
  );
  rejects(fed, '{ metric: utility.auc, arm: fed-server@4 }', /no fed-server@ε arm \(mode server-dp\) in this sweep .*--fed-modes/);
  rejects(fed, '{ metric: utility.auc, arm: every-fed-server }', /no fed-server@ε arm in this sweep/);
  rejects(
    { ...central, federatedArms: ['fed-server@4'] },
    '{ metric: utility.auc, arm: fed-none }',
    /no arm fed-none \(federation without DP\) in this sweep/,
  );
  rejects(
    { ...central, federatedArms: ['fed-server@4'] },
    '{ metric: utility.auc, arm: fed-server@4 }',
    /relativeTo: fed-none, but this sweep has no arm fed-none/,
    '    relativeTo: fed-none\n',
  );
  // the same checks are fine on a sweep that has the arms, or with onMissing: warn
  for (const arm of [
    'fed-none',
    'fed-local@4',
    'fed-local@1.0',
    'every-fed',
    'every-fed-dp',
    'every-fed-local',
    'every',
    'every-dp',
    'dp@4',
  ])
    precheckPolicy(loadPolicy(policyFile(`{ metric: attack.auc, arm: ${arm}, attack: worst-attack }`)), fed);
  precheckPolicy(loadPolicy(policyFile('{ metric: utility.auc, arm: fed-local@4 }', '    relativeTo: fed-none\n')), fed);
  precheckPolicy(loadPolicy(policyFile('{ metric: utility.auc, arm: fed-server@4 }', '    onMissing: warn\n')), fed);
  precheckPolicy(loadPolicy(policyFile('{ metric: utility.auc, arm: every-fed }', '    onMissing: warn\n')), central);
});

test('dpaudit gate on a results.json with federated arms: PASS and FAIL as computed by hand', () => {
  const results = join(dir, 'results.json');
  writeFileSync(results, JSON.stringify(fedFixture(), null, 2));
  const policy = (threshold: number) =>
    writeFixture(
      dir,
      `g${threshold}.yml`,
      `checks:\n  - id: fed-local-lira\n    select: { metric: attack.auc, arm: fed-local@4, attack: lira-online }\n    comparator: "<="\n    threshold: ${threshold}\n`,
    );
  // fed-local@4 lira-online AUC 0.57 [0.56, 0.58]; built-ins (centralised DP arms) pass on the gate fixture.
  const pass = runDpaudit(['gate', results, '--policy', policy(0.6), '--quiet'], { env: { GITHUB_STEP_SUMMARY: '' } });
  assert.equal(pass.code, 0, pass.stderr);
  const gate = JSON.parse(readFileSync(join(dir, 'gate.json'), 'utf8')) as { status: string; checks: GateCheckResult[] };
  const c = gate.checks.find((x) => x.id === 'fed-local-lira');
  assert.equal(c?.status, 'PASS');
  assert.equal(c?.sentence, 'Attack AUC (lira-online) of the federated model with local DP at ε = 4 must be ≤ 0.6');
  const fail = runDpaudit(['gate', results, '--policy', policy(0.55), '--quiet'], { env: { GITHUB_STEP_SUMMARY: '' } });
  assert.equal(fail.code, 1, fail.stderr);
  assert.equal(fail.stderr, 'dpaudit: gate FAIL: 1 check(s) failed: fed-local-lira\n');
});

test('sweep --gate: the sweep passes its federated arms to the precheck (exit 2 before any training)', () => {
  const f = policyFile('{ metric: attack.auc, arm: fed-local@4, attack: worst-attack }');
  const out = join(dir, 'fed-out');
  const r = runDpaudit(['sweep', '--preset', 'test', '--sites', '2', '--fed-modes', 'none,server-dp', '--gate', f, '--out', out], {
    timeoutMs: 120_000,
  });
  assert.equal(r.code, 2, r.stderr);
  assert.match(
    r.stderr,
    /p\w+\.yml:2: check "x": no fed-local@ε arm \(mode local-dp\) in this sweep \(this sweep has nondp, cliponly, dp@1, dp@8, fed-none, fed-server@1, fed-server@8; see --fed-modes\)/,
  );
  assert.doesNotMatch(r.stderr, /training:/);
  assert.ok(!existsSync(out));
});
