import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadPolicy, parsePolicy } from '../../../src/gate/policy.js';
import { precheckPolicy } from '../../../src/gate/precheck.js';
import { DpauditError } from '../../../src/errors.js';
import { runDpaudit, projectRoot } from '../../helpers/cli.js';
import { tempDir, writeFixture } from '../../helpers/tmp.js';

const dir = tempDir('dpaudit-empty-policy-');
const check = `checks:
  - id: c1
    select: { metric: utility.auc, arm: nondp }
    comparator: ">="
    threshold: 0.5
`;

test('a policy with no checks is an input error (exit 2) unless it says allowEmpty: true', () => {
  const empties: [string, string][] = [
    ['empty.yml', ''],
    ['comments.yml', '# only a comment\n# and another\n'],
    ['version.yml', 'version: 1\n'],
    ['builtins-off.yml', 'version: 1\nbuiltins: { oneRunEpsilon: false, clopperPearsonEpsilon: false, overlayViolation: false }\n'],
    ['empty-checks.yml', 'version: 1\nchecks: []\n'],
  ];
  for (const [name, text] of empties) {
    const f = writeFixture(dir, name, text);
    assert.throws(
      () => loadPolicy(f),
      (e: unknown) =>
        e instanceof DpauditError && e.exitCode === 2 && /no checks.*allowEmpty: true/.test(e.message) && e.message.includes(f),
      name,
    );
  }
  assert.throws(() => parsePolicy({ version: 1 }), /no checks/);
  // explicit: allowed
  assert.equal(loadPolicy(writeFixture(dir, 'allow.yml', 'version: 1\nallowEmpty: true\n')).checks.length, 0);
  assert.equal(loadPolicy(writeFixture(dir, 'builtin-on.yml', 'builtins: { oneRunEpsilon: true }\n')).checks.length, 0);
  assert.equal(loadPolicy(writeFixture(dir, 'one.yml', check)).checks.length, 1);
  // the CLI: exit 2, one line, before reading the results
  const r = runDpaudit(['gate', join(projectRoot, 'test/fixtures/results-v1.json'), '--policy', join(dir, 'comments.yml')]);
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr.trim(), /^dpaudit: .*comments\.yml: the policy has no checks/);
});

test('selectors that can only match nothing are found before the sweep trains', () => {
  const plan = { epsilons: [1, 8], attacks: ['loss', 'lira-online'], sensitive: { sex: ['F', 'M'] } };
  const policy = (select: string, extra = '') =>
    loadPolicy(
      writeFixture(
        dir,
        `p${Math.random().toString(36).slice(2)}.yml`,
        `checks:\n  - id: x\n    select: ${select}\n    comparator: "<="\n    threshold: 1\n${extra}`,
      ),
    );
  const bad: [string, RegExp][] = [
    ['{ metric: utility.auc, arm: dp@4 }', /no arm matches dp@4 \(this sweep has nondp, cliponly, dp@1, dp@8\)/],
    ['{ metric: attack.auc, arm: dp@1, attack: rmia-offline }', /attack rmia-offline is not run/],
    ['{ metric: group.accuracy, arm: nondp, group: { race: w } }', /race, which is not a sensitive attribute/],
    ['{ metric: group.accuracy, arm: nondp, group: { sex: X } }', /sex has no level "X"/],
  ];
  for (const [sel, re] of bad) {
    assert.throws(
      () => precheckPolicy(policy(sel), plan),
      (e: unknown) =>
        e instanceof DpauditError && re.test(e.message) && /nothing was trained/.test(e.message) && /\.yml:2: /.test(e.message),
      sel,
    );
  }
  // fine: matching selectors, and onMissing: warn
  precheckPolicy(policy('{ metric: utility.auc, arm: dp@8 }'), plan);
  precheckPolicy(policy('{ metric: attack.auc, arm: every-dp, attack: worst-attack }'), plan);
  precheckPolicy(policy('{ metric: utility.auc, arm: dp@4 }', '    onMissing: warn\n'), plan);
  // the sweep: exit 2 before any training, nothing written
  const f = writeFixture(
    dir,
    'dp3.yml',
    'checks:\n  - id: x\n    select: { metric: utility.auc, arm: dp@3 }\n    comparator: ">="\n    threshold: 0.5\n',
  );
  const out = join(dir, 'out');
  const r = runDpaudit(['sweep', '--preset', 'test', '--gate', f, '--out', out], { timeoutMs: 120_000 });
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /dp3\.yml:\d+: check "x": no arm matches dp@3/);
  assert.doesNotMatch(r.stderr, /training:/);
  assert.ok(!existsSync(out));
});
