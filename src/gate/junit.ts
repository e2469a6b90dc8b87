/**
 * JUnit XML of a gate result: one testcase per check. FAIL → <failure> (and WARN too with failOnWarn),
 * ERROR → <error>, each with the actual value and threshold in the message; other warnings go to
 * <system-out>.
 */
import type { GateCheckResult, GateResult } from './types.js';
import { escapeXml as x } from './xml.js';

function detail(c: GateCheckResult): string {
  return [c.sentence, c.message, ...c.notes.map((n) => `note: ${n}`)].join('\n');
}

function testcase(c: GateCheckResult, failOnWarn: boolean): string {
  const open = `    <testcase classname="dpaudit.gate" name="${x(c.id)}" time="0">`;
  const msg = `${c.status}: actual ${c.actualText}${c.where ? ` at ${c.where}` : ''}; threshold ${c.thresholdText}`;
  const body: string[] = [];
  if (c.status === 'FAIL' || (c.status === 'WARN' && failOnWarn)) {
    body.push(`      <failure message="${x(msg)}" type="${c.status}">${x(detail(c))}</failure>`);
  } else if (c.status === 'ERROR') {
    body.push(`      <error message="${x(c.message)}" type="ERROR">${x(detail(c))}</error>`);
  } else {
    body.push(`      <system-out>${x(`${msg}\n${detail(c)}`)}</system-out>`);
  }
  return [open, ...body, '    </testcase>'].join('\n');
}

export function formatJunit(r: GateResult): string {
  const failures = r.checks.filter((c) => c.status === 'FAIL' || (c.status === 'WARN' && r.failOnWarn)).length;
  const errors = r.checks.filter((c) => c.status === 'ERROR').length;
  const attrs = `tests="${r.checks.length}" failures="${failures}" errors="${errors}" skipped="0"`;
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="dpaudit gate" ${attrs}>`,
    `  <testsuite name="${x(`dpaudit gate (${r.policy})`)}" ${attrs}>`,
    ...r.checks.map((c) => testcase(c, r.failOnWarn)),
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
