import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { loadPolicy } from '../../../src/gate/policy.js';
import { isDpauditError } from '../../../src/errors.js';
import { tempDir, writeFixture } from '../../helpers/tmp.js';
import { policyLoadError } from '../../helpers/policy.js';
import { projectRoot } from '../../helpers/cli.js';

const dir = tempDir('dpaudit-gate-policy-');

function policyError(yaml: string): string {
  return policyLoadError(writeFixture(dir, `p${Math.random().toString(36).slice(2)}.yml`, yaml));
}

const CHECK = `checks:
  - id: a
    select:
      metric: attack.auc
      arm: every-dp
      attack: worst-attack
    comparator: "<="
    threshold: 0.55
`;

test('a valid policy loads with defaults and line numbers', () => {
  const f = writeFixture(dir, 'ok.yml', CHECK);
  const p = loadPolicy(f);
  assert.equal(p.file, f);
  assert.deepEqual(p.builtins, { oneRunEpsilon: true, clopperPearsonEpsilon: true, overlayViolation: true, planConformance: true });
  assert.equal(p.checks.length, 1);
  assert.equal(p.checks[0].line, 2);
  assert.equal(p.checks[0].severity, 'fail');
  assert.equal(p.checks[0].onMissing, 'error');
  assert.equal(p.checks[0].select.statistic, 'value');
});

test('the example policy loads', () => {
  const p = loadPolicy(join(projectRoot, 'examples/gate.yml'));
  assert.ok(p.checks.length >= 6);
  const arms = new Set(p.checks.map((c) => c.select.arm));
  for (const a of arms) assert.ok(['nondp', 'cliponly', 'every-dp', 'every', 'dp@1', 'dp@4', 'dp@8'].includes(a), a);
});

test('an unknown key names file, line and key', () => {
  assert.equal(policyError(CHECK.replace('    threshold: 0.55\n', '    threshold: 0.55\n    treshold: 1\n')), ':9: unknown key "treshold"');
  assert.equal(
    policyError(CHECK.replace('      attack: worst-attack\n', '      attack: worst-attack\n      arms: every\n')),
    ':7: unknown key "arms"',
  );
  assert.equal(policyError(`${CHECK}gates: []\n`), ':9: unknown key "gates"');
});

test('a wrong type names file, line and key', () => {
  assert.match(policyError(CHECK.replace('threshold: 0.55', 'threshold: low')), /^:8: key "checks\.0\.threshold": .*number/);
  assert.match(policyError(CHECK.replace('comparator: "<="', 'comparator: "=="')), /^:7: key "checks\.0\.comparator": /);
  assert.match(policyError(CHECK.replace('arm: every-dp', 'arm: dp4')), /^:5: key "checks\.0\.select\.arm": must be nondp, cliponly, dp@ε/);
  assert.match(policyError(CHECK.replace('metric: attack.auc', 'metric: attack.aucc')), /^:4: key "checks\.0\.select\.metric": /);
  assert.match(policyError('builtins:\n  oneRunEpsilon: "no"\n'), /^:2: key "builtins\.oneRunEpsilon": /);
});

test('cross-field rules: selector keys per metric, thresholds, GDP, reserved and duplicate ids', () => {
  assert.match(
    policyError(CHECK.replace('      attack: worst-attack\n', '')),
    /^:3: key "checks\.0\.select\.attack": metric attack\.auc needs an attack/,
  );
  assert.match(
    policyError(CHECK.replace('metric: attack.auc', 'metric: utility.auc')),
    /^:6: key "checks\.0\.select\.attack": metric utility\.auc takes no attack/,
  );
  assert.match(
    policyError(
      CHECK.replace('metric: attack.auc', 'metric: attack.epsilonLb').replace(
        'attack: worst-attack',
        'attack: worst-attack\n      method: gdp',
      ),
    ),
    /^:7: key "checks\.0\.select\.method": GDP-derived ε bounds are never gated/,
  );
  assert.match(
    policyError(
      CHECK.replace('metric: attack.auc', 'metric: attack.advantage').replace(
        'attack: worst-attack',
        'attack: loss\n      statistic: ciHigh',
      ),
    ),
    /has no confidence interval/,
  );
  assert.match(policyError(CHECK.replace('    threshold: 0.55\n', '')), /^:2: key "checks\.0\.threshold": a threshold is required/);
  assert.match(
    policyError(CHECK.replace('threshold: 0.55', 'threshold: 0.55\n    relativeTo: nondp')),
    /^:8: key "checks\.0\.threshold": use factor \/ offset with relativeTo/,
  );
  assert.match(
    policyError(CHECK.replace('threshold: 0.55', 'threshold: 0.55\n    factor: 0.9')),
    /^:9: key "checks\.0\.factor": factor needs relativeTo/,
  );
  assert.match(policyError(CHECK.replace('id: a', 'id: builtin.x')), /reserved/);
  assert.match(policyError(CHECK + CHECK.slice('checks:\n'.length)), /^:9: key "checks\.1\.id": duplicate check id "a"/);
  assert.match(policyError(CHECK.replace('metric: attack.auc', 'metric: attack.tprAtFpr')), /needs an FPR level/);
});

test('unreadable and invalid YAML are input errors with the file named', () => {
  assert.match(policyError('checks: [\n'), /invalid YAML/);
  assert.throws(
    () => loadPolicy(join(dir, 'nope.yml')),
    (e: unknown) => isDpauditError(e) && e.exitCode === 2 && /cannot read file \(ENOENT\)/.test(e.message),
  );
});
