/**
 * Markdown summary of a gate result (for --markdown and $GITHUB_STEP_SUMMARY). Cell text is escaped:
 * group names and ids come from user data and must not inject HTML or break the table.
 */
import type { GateResult, GateStatus } from './types.js';

const ICON: Record<GateStatus, string> = { PASS: '✅ PASS', WARN: '⚠️ WARN', FAIL: '❌ FAIL', ERROR: '⛔ ERROR' };

export function escapeMarkdown(s: string): string {
  return s
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]|#~])/g, '\\$1')
    .replace(/\r?\n/g, ' ');
}

export function formatMarkdown(r: GateResult): string {
  const { pass, warn, fail, error } = r.counts;
  const out = [
    `## dpaudit gate: ${ICON[r.status]}`,
    '',
    `${pass} passed, ${warn} warned, ${fail} failed, ${error} errors. Policy: \`${r.policy.replace(/`/g, "'")}\`${r.failOnWarn ? ' (warnings fail the gate)' : ''}.`,
    '',
    '| Status | Check | Actual | Threshold |',
    '|---|---|---|---|',
  ];
  for (const c of r.checks) {
    const actual = c.actualText + (c.where ? ` (${c.where})` : '');
    out.push(
      `| ${ICON[c.status]} | **${escapeMarkdown(c.id)}**<br>${escapeMarkdown(c.sentence)} | ${escapeMarkdown(actual)} | ${escapeMarkdown(c.thresholdText)} |`,
    );
  }
  const issues = r.checks.filter((c) => c.status !== 'PASS');
  if (issues.length > 0) {
    out.push('', '### Details', '');
    for (const c of issues) {
      out.push(`- **${escapeMarkdown(c.id)}** (${c.status}): ${escapeMarkdown(c.message)}`);
      for (const n of c.notes) out.push(`  - ${escapeMarkdown(n)}`);
    }
  }
  return out.join('\n') + '\n';
}
