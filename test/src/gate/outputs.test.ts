import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { evaluateGate } from '../../../src/gate/evaluate.js';
import { formatJunit } from '../../../src/gate/junit.js';
import { escapeMarkdown, formatMarkdown } from '../../../src/gate/markdown.js';
import { formatGateTable } from '../../../src/gate/console.js';
import { writeGateOutputs } from '../../../src/gate/write.js';
import { escapeXml } from '../../../src/gate/xml.js';
import { tempDir } from '../../helpers/tmp.js';
import { fixture, policyOf } from './fixture.js';
import { findAll, parseXml } from './xml-check.js';

const auc = { metric: 'attack.auc', arm: 'nondp', attack: 'lira-online' };
const mixedPolicy = () =>
  policyOf(
    [
      { id: 'pass', select: auc, comparator: '<=', threshold: 0.7 },
      { id: 'fail', select: auc, comparator: '<=', threshold: 0.6, sentence: 'AUC <script>alert("x")</script> & co | pipe' },
      { id: 'warn', select: auc, comparator: '<=', threshold: 0.6, severity: 'warn' },
      { id: 'missing', select: { metric: 'utility.auc', arm: 'dp@2' }, comparator: '>=', threshold: 0.5 },
    ],
    {},
  );

test('JUnit: well-formed XML, one testcase per check, failures and errors counted, messages carry actual and threshold', () => {
  const g = evaluateGate(fixture(), mixedPolicy());
  const root = parseXml(formatJunit(g));
  assert.equal(root.name, 'testsuites');
  const cases = findAll(root, 'testcase');
  assert.equal(cases.length, 7);
  assert.deepEqual(cases.map((c) => c.attrs.name).slice(3), ['pass', 'fail', 'warn', 'missing']);
  const failures = findAll(root, 'failure');
  assert.equal(failures.length, 1);
  assert.equal(failures[0].attrs.message, 'FAIL: actual 0.62 [0.61, 0.63] at nondp · lira-online; threshold ≤ 0.6');
  assert.match(failures[0].text, /AUC <script>alert\("x"\)<\/script> & co \| pipe/);
  assert.equal(findAll(root, 'error').length, 1);
  const suite = findAll(root, 'testsuite')[0];
  assert.deepEqual([suite.attrs.tests, suite.attrs.failures, suite.attrs.errors], ['7', '1', '1']);
  // With --fail-on-warn the warning becomes a failure too.
  const strict = parseXml(formatJunit(evaluateGate(fixture(), mixedPolicy(), { failOnWarn: true })));
  assert.equal(findAll(strict, 'failure').length, 2);
  assert.equal(findAll(strict, 'testsuite')[0].attrs.failures, '2');
});

test('XML escaping covers markup, quotes, newlines and characters XML cannot hold', () => {
  assert.equal(escapeXml(`a<b>&"c'\n\u0001d`), 'a&lt;b&gt;&amp;&quot;c&apos;&#10;d');
  const el = parseXml(`<x a="${escapeXml('</x><y a="1">\u0000')}">${escapeXml(']]> <!-- &amp;')}</x>`);
  assert.equal(el.attrs.a, '</x><y a="1">');
  assert.equal(el.text, ']]> <!-- &amp;');
});

test('Markdown: status table with escaped cells and a details list', () => {
  const md = formatMarkdown(evaluateGate(fixture(), mixedPolicy()));
  assert.match(md, /^## dpaudit gate: ⛔ ERROR\n/);
  assert.match(md, /\| Status \| Check \| Actual \| Threshold \|/);
  assert.ok(!md.includes('<script>'), 'no raw HTML from user text');
  assert.ok(md.includes('AUC &lt;script&gt;alert("x")&lt;/script&gt; &amp; co \\| pipe'));
  assert.match(md, /\| ❌ FAIL \| \*\*fail\*\*<br>AUC &lt;script&gt;/);
  assert.match(md, /- \*\*missing\*\* \(ERROR\): selector matched nothing/);
  // Every table row has the same number of unescaped cell separators.
  const rows = md.split('\n').filter((l) => l.startsWith('| '));
  const cells = rows.map((l) => l.replace(/\\\|/g, '').split('|').length);
  assert.ok(
    cells.every((n) => n === cells[0]),
    JSON.stringify(cells),
  );
  assert.equal(escapeMarkdown('a|b\nc'), 'a\\|b c');
});

test('console table lists status, check, actual with CI and threshold, then the reasons', () => {
  const t = formatGateTable(evaluateGate(fixture(), mixedPolicy()));
  const lines = t.split('\n');
  assert.match(lines[0], /^STATUS\s+CHECK\s+ACTUAL\s+THRESHOLD$/);
  assert.ok(
    lines.some((l) => /^FAIL\s+fail\s+0\.62 \[0\.61, 0\.63\]\s+\(nondp · lira-online\)\s+≤ 0\.6$/.test(l)),
    t,
  );
  assert.ok(
    lines.some((l) => /^ERROR\s+missing\s+not found\s+≥ 0\.5$/.test(l)),
    t,
  );
  assert.match(t, /gate ERROR: 4 passed, 1 warned, 1 failed, 1 errors \(policy test-policy\)\n$/);
});

test('writeGateOutputs writes gate.json, JUnit, Markdown and appends to the step summary', () => {
  const dir = tempDir('dpaudit-gate-out-');
  const summary = join(dir, 'summary.md');
  writeFileSync(summary, 'previous step\n');
  const g = evaluateGate(fixture(), mixedPolicy());
  const written = writeGateOutputs(g, { dir, junit: join(dir, 'sub/gate.xml'), markdown: join(dir, 'gate.md'), stepSummary: summary });
  assert.deepEqual(written, [join(dir, 'gate.json'), join(dir, 'sub/gate.xml'), join(dir, 'gate.md'), summary]);
  assert.deepEqual(JSON.parse(readFileSync(join(dir, 'gate.json'), 'utf8')), JSON.parse(JSON.stringify(g)));
  parseXml(readFileSync(join(dir, 'sub/gate.xml'), 'utf8'));
  const s = readFileSync(summary, 'utf8');
  assert.ok(s.startsWith('previous step\n## dpaudit gate: ⛔ ERROR'));
  assert.equal(s.slice('previous step\n'.length), readFileSync(join(dir, 'gate.md'), 'utf8') + '\n');
});
