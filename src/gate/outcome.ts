/**
 * The process outcome of a gate result: null for exit 0, else the one-line DpauditError to throw
 * (exit 2 naming the policy file, line and check whose selector matched nothing; exit 1 naming the
 * checks that failed).
 */
import { DpauditError } from '../errors.js';
import type { GateResult } from './types.js';

export function gateOutcomeError(r: GateResult): DpauditError | null {
  if (r.exitCode === 0) return null;
  if (r.exitCode === 2) {
    const c = r.checks.find((x) => x.status === 'ERROR');
    const more = r.counts.error > 1 ? ` (and ${r.counts.error - 1} more)` : '';
    return new DpauditError(`check ${JSON.stringify(c?.id ?? '?')}, key "select": ${c?.message ?? 'error'}${more}`, {
      exitCode: 2,
      location: { file: r.policy, ...(c?.line !== undefined ? { line: c.line } : {}) },
    });
  }
  const failed = r.checks.filter((c) => c.status === 'FAIL' || (r.failOnWarn && c.status === 'WARN')).map((c) => c.id);
  const why = r.status === 'FAIL' ? 'failed' : 'warned (--fail-on-warn)';
  return new DpauditError(`gate ${r.status}: ${failed.length} check(s) ${why}: ${failed.join(', ')}`, { exitCode: 1 });
}
