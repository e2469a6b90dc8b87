/**
 * Evaluate a gate policy on results.json v1: the built-in checks, then every policy check in order.
 * Pure: no I/O. Exit code 2 when a selector matched nothing (onMissing: error), 1 when a `fail` check
 * failed (or any warning with failOnWarn), else 0.
 */
import { DpauditError } from '../errors.js';
import { RESULTS_SCHEMA_VERSION, type ResultsV1 } from '../results/types.js';
import { builtinChecks } from './builtins.js';
import { COMPARATOR_SYMBOL, fmt } from './format.js';
import { judge, scoreItem } from './judge.js';
import type { GatePolicy, PolicyCheck } from './policy.js';
import { resolveSelector } from './select.js';
import { checkSentence, thresholdPhrase } from './sentence.js';
import type { GateCheckResult, GateResult, GateStatus } from './types.js';

export interface EvaluateOptions {
  failOnWarn?: boolean;
}

function evaluateCheck(results: ResultsV1, c: PolicyCheck): GateCheckResult {
  const r = resolveSelector(results, c.select);
  const sym = COMPARATOR_SYMBOL[c.comparator];
  let baselines: Map<string, number | null> | null = null;
  const missing = [...r.missing];
  const notes = [...r.notes];
  if (c.relativeTo !== undefined) {
    const b = resolveSelector(results, { ...c.select, arm: c.relativeTo });
    baselines = new Map(b.items.map((i) => [i.key, i.value]));
    if (b.items.length === 0) missing.push(...b.missing.map((m) => `baseline: ${m}`));
  }
  const scored = [];
  for (const item of r.items) {
    if (baselines === null) {
      scored.push(scoreItem(item, c.select.statistic, c.comparator, c.threshold ?? null));
      continue;
    }
    if (!baselines.has(item.key)) {
      missing.push(`baseline: no ${c.relativeTo === 'fed-none' ? 'fed-none' : 'non-DP'} value for ${item.where}`);
      continue;
    }
    const base = baselines.get(item.key) ?? null;
    const t = base === null ? null : (c.factor ?? 1) * base + (c.offset ?? 0);
    scored.push(scoreItem(item, c.select.statistic, c.comparator, t, base));
  }
  return judge({
    id: c.id,
    builtin: false,
    severity: c.severity,
    onMissing: c.onMissing,
    sentence: checkSentence(c),
    comparator: c.comparator,
    thresholdText: (t) =>
      c.relativeTo === undefined ? `${sym} ${fmt(c.threshold)}` : `${sym} ${thresholdPhrase(c)}${t === null ? '' : ` (= ${fmt(t)})`}`,
    scored,
    missing,
    notes,
    ...(c.line !== undefined ? { line: c.line } : {}),
  });
}

/** Overall status: the most severe check status. */
export function overallStatus(checks: readonly GateCheckResult[]): GateStatus {
  for (const s of ['ERROR', 'FAIL', 'WARN'] as const) if (checks.some((c) => c.status === s)) return s;
  return 'PASS';
}

export function exitCodeOf(status: GateStatus, failOnWarn: boolean): 0 | 1 | 2 {
  if (status === 'ERROR') return 2;
  if (status === 'FAIL') return 1;
  if (status === 'WARN' && failOnWarn) return 1;
  return 0;
}

export function evaluateGate(results: ResultsV1, policy: GatePolicy, options: EvaluateOptions = {}): GateResult {
  const version: unknown = (results as { schemaVersion?: unknown }).schemaVersion;
  if (version !== RESULTS_SCHEMA_VERSION) {
    throw new DpauditError(
      `results schemaVersion ${JSON.stringify(version)} is not supported (this dpaudit reads version ${RESULTS_SCHEMA_VERSION})`,
    );
  }
  if (!Array.isArray(results.arms)) throw new DpauditError('results have no "arms" list');
  const checks = [...builtinChecks(results, policy.builtins), ...policy.checks.map((c) => evaluateCheck(results, c))];
  const status = overallStatus(checks);
  const failOnWarn = options.failOnWarn ?? false;
  const count = (s: GateStatus) => checks.filter((c) => c.status === s).length;
  return {
    schemaVersion: 1,
    status,
    exitCode: exitCodeOf(status, failOnWarn),
    failOnWarn,
    policy: policy.file,
    counts: { pass: count('PASS'), warn: count('WARN'), fail: count('FAIL'), error: count('ERROR') },
    checks,
  };
}
