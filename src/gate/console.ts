/** The console table of a gate result: status, check, actual value with CI, threshold; then the reasons. */
import type { GateResult } from './types.js';

function pad(s: string, w: number): string {
  const n = [...s].length;
  return n >= w ? s : s + ' '.repeat(w - n);
}

function clip(s: string, w: number): string {
  const chars = [...s];
  return chars.length <= w ? s : chars.slice(0, w - 1).join('') + '…';
}

export function formatGateTable(r: GateResult): string {
  const rows = r.checks.map((c) => [c.status, c.id, clip(c.actualText + (c.where ? `  (${c.where})` : ''), 60), c.thresholdText]);
  const head = ['STATUS', 'CHECK', 'ACTUAL', 'THRESHOLD'];
  const widths = head.map((h, i) => Math.max([...h].length, ...rows.map((row) => [...row[i]].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : pad(c, widths[i])))
      .join('  ')
      .trimEnd();
  const out = [line(head), ...rows.map(line), ''];
  for (const c of r.checks) {
    if (c.status === 'PASS') continue;
    out.push(`${c.status} ${c.id}: ${c.sentence}`);
    out.push(`  ${c.message}`);
    for (const n of c.notes) out.push(`  note: ${n}`);
  }
  const { pass, warn, fail, error } = r.counts;
  out.push(`gate ${r.status}: ${pass} passed, ${warn} warned, ${fail} failed, ${error} errors (policy ${r.policy})`);
  return out.join('\n') + '\n';
}
