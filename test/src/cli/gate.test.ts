import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runDpaudit, projectRoot } from '../../helpers/cli.js';
import { tempDir, writeFixture } from '../../helpers/tmp.js';
import { findAll, parseXml } from '../gate/xml-check.js';

const FIXTURE = join(projectRoot, 'test/fixtures/gate/results.json');
const PASSING = join(projectRoot, 'test/fixtures/gate/passing.yml');
const FAILING = join(projectRoot, 'test/fixtures/gate/failing.yml');
const MISSING = join(projectRoot, 'test/fixtures/gate/missing.yml');

function resultsDir(): { dir: string; results: string } {
  const dir = tempDir('dpaudit-gate-cli-');
  const results = join(dir, 'results.json');
  copyFileSync(FIXTURE, results);
  return { dir, results };
}

test('exit 0: a passing policy (warnings allowed) prints the table and writes gate.json next to results.json', () => {
  const { dir, results } = resultsDir();
  const r = runDpaudit(['gate', results, '--policy', PASSING], { env: { GITHUB_STEP_SUMMARY: '' } });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^STATUS\s+CHECK\s+ACTUAL\s+THRESHOLD/);
  assert.match(r.stdout, /PASS\s+dp-attack-auc\s+0\.56 \[0\.55, 0\.57\]/);
  assert.match(r.stdout, /WARN\s+min-group-size/);
  const gate = JSON.parse(readFileSync(join(dir, 'gate.json'), 'utf8')) as { status: string; exitCode: number; checks: unknown[] };
  assert.equal(gate.status, 'WARN');
  assert.equal(gate.exitCode, 0);
  assert.equal(r.stderr, '');
});

test('exit 1: --fail-on-warn turns the warning into a failure', () => {
  const { results } = resultsDir();
  const r = runDpaudit(['gate', results, '--policy', PASSING, '--fail-on-warn', '--quiet']);
  assert.equal(r.code, 1);
  assert.equal(r.stderr, 'dpaudit: gate WARN: 1 check(s) warned (--fail-on-warn): min-group-size\n');
});

test('exit 1: a failing policy; JUnit parses as XML with one testcase per check and the failures; Markdown and step summary written', () => {
  const { dir, results } = resultsDir();
  const junit = join(dir, 'gate.xml');
  const md = join(dir, 'gate.md');
  const summary = join(dir, 'step-summary.md');
  writeFileSync(summary, '');
  const r = runDpaudit(['gate', results, '--policy', FAILING, '--junit', junit, '--markdown', md], {
    env: { GITHUB_STEP_SUMMARY: summary },
  });
  assert.equal(r.code, 1, r.stderr);
  assert.equal(r.stderr, 'dpaudit: gate FAIL: 2 check(s) failed: dp-attack-auc-strict, dp1-utility\n');
  const root = parseXml(readFileSync(junit, 'utf8'));
  assert.equal(findAll(root, 'testcase').length, 6); // 3 built-ins + 3 policy checks
  const failures = findAll(root, 'failure');
  assert.equal(failures.length, 2);
  assert.match(failures[0].attrs.message, /^FAIL: actual 0\.56 \[0\.55, 0\.57\] at dp@8 · lira-online; threshold ≤ 0\.5$/);
  assert.match(failures[1].attrs.message, /^FAIL: actual 0\.78 \[0\.76, 0\.8\] at dp@1; threshold ≥ 0\.95 × non-DP \(= 0\.8075\)$/);
  assert.equal(findAll(root, 'error').length, 0);
  const mdText = readFileSync(md, 'utf8');
  assert.match(mdText, /^## dpaudit gate: ❌ FAIL/);
  assert.equal(readFileSync(summary, 'utf8'), mdText + '\n');
});

test('--json prints the GateResult', () => {
  const { results } = resultsDir();
  const r = runDpaudit(['gate', results, '--policy', FAILING, '--json']);
  assert.equal(r.code, 1);
  const g = JSON.parse(r.stdout) as { status: string; counts: Record<string, number>; checks: { id: string; sentence: string }[] };
  assert.equal(g.status, 'FAIL');
  assert.deepEqual(g.counts, { pass: 4, warn: 0, fail: 2, error: 0 });
  assert.equal(g.checks[3].sentence, 'Attack AUC (worst attack, upper CI bound) of every DP arm must be ≤ 0.5');
});

test('exit 2: a selector that matches nothing names the policy file, line and check', () => {
  const { dir, results } = resultsDir();
  const r = runDpaudit(['gate', results, '--policy', MISSING]);
  assert.equal(r.code, 2);
  assert.equal(
    r.stderr,
    `dpaudit: ${MISSING}:7: check "dp2-utility", key "select": selector matched nothing in the results: no arm matches dp@2 (arms: nondp, cliponly, dp@1, dp@4, dp@8)\n`,
  );
  assert.ok(existsSync(join(dir, 'gate.json')), 'the gate record is still written');
});

test('exit 2: a malformed policy gives one line naming the file, line and key; nothing is written', () => {
  const { dir, results } = resultsDir();
  const bad = writeFixture(
    dir,
    'bad.yml',
    'checks:\n  - id: a\n    select: { metric: utility.auc, arm: dp@4 }\n    comparator: ">="\n    threshold: 0.5\n    severty: warn\n',
  );
  const r = runDpaudit(['gate', results, '--policy', bad]);
  assert.equal(r.code, 2);
  assert.equal(r.stderr, `dpaudit: ${bad}:6: unknown key "severty"\n`);
  assert.ok(!existsSync(join(dir, 'gate.json')));
  const wrongType = writeFixture(
    dir,
    'type.yml',
    'checks:\n  - id: a\n    select: { metric: utility.auc, arm: dp@4 }\n    comparator: ">="\n    threshold: [0.5]\n',
  );
  const t = runDpaudit(['gate', results, '--policy', wrongType]);
  assert.equal(t.code, 2);
  assert.match(
    t.stderr,
    new RegExp(`^dpaudit: ${wrongType.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:5: key "checks\\.0\\.threshold": [^\\n]+\\n$`),
  );
});

test('exit 2: results of another schema version, and a missing --policy', () => {
  const { dir, results } = resultsDir();
  const v2 = join(dir, 'v2.json');
  writeFileSync(v2, JSON.stringify({ ...JSON.parse(readFileSync(results, 'utf8')), schemaVersion: 2 }));
  const r = runDpaudit(['gate', v2, '--policy', PASSING]);
  assert.equal(r.code, 2);
  assert.equal(r.stderr, `dpaudit: ${v2}: key "schemaVersion": results schema version 2 is not supported (this dpaudit reads version 1)\n`);
  const p = runDpaudit(['gate', results]);
  assert.equal(p.code, 2);
  assert.match(p.stderr, /^dpaudit: option --policy: name a gate policy file/);
});
