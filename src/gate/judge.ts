/**
 * Turn the matched items of one check into its status: nothing matched → ERROR (onMissing: error) or WARN;
 * any item on the failing side → FAIL (severity fail) or WARN; else any unresolved item → WARN; else PASS.
 * The deciding item (worst failing, first unresolved, or the passing item closest to its threshold)
 * supplies the check's actual value, threshold and location.
 */
import { margin, passes, rangeOutcome } from './compare.js';
import { fmt, fmtWithCi } from './format.js';
import type { Comparator, Severity, Statistic } from './policy-schema.js';
import type { ResolvedItem } from './select.js';
import type { GateCheckResult, GateItem, GateStatus } from './types.js';

export interface ScoredItem {
  item: GateItem;
  /** Positive = on the failing side; null when unresolved. */
  margin: number | null;
}

/** Compare one resolved value (its chosen statistic) with its threshold. */
export function scoreItem(
  r: ResolvedItem,
  statistic: Statistic,
  cmp: Comparator,
  threshold: number | null,
  baseline?: number | null,
): ScoredItem {
  const base = { where: r.where, arm: r.arm, threshold, ...(baseline !== undefined ? { baseline } : {}) };
  const estimate = r.value;
  const ci = r.ci ?? undefined;
  if (r.range) {
    const text = `< ${fmt(r.range.hi + 1)} (suppressed)`;
    const actual = { value: null, estimate: null };
    if (threshold === null)
      return { item: { ...base, status: 'unresolved', actual, actualText: text, reason: 'no threshold' }, margin: null };
    const o = rangeOutcome(r.range.lo, r.range.hi, cmp, threshold);
    const reason = o === 'unresolved' ? `suppressed cell: the count lies in [${r.range.lo}, ${r.range.hi}]` : undefined;
    const m = o === 'unresolved' ? null : Math.min(margin(r.range.lo, cmp, threshold), margin(r.range.hi, cmp, threshold));
    return { item: { ...base, status: o, actual, actualText: text, ...(reason ? { reason } : {}) }, margin: m };
  }
  const value = statistic === 'value' ? r.value : statistic === 'ciLow' ? (r.ci?.lo ?? null) : (r.ci?.hi ?? null);
  const actual = { value, estimate, ...(ci ? { ci } : {}) };
  const actualText = value === null && estimate === null ? 'unresolved' : fmtWithCi(estimate, ci);
  let reason: string | null = r.unresolved;
  if (reason === null && value === null)
    reason = statistic === 'value' ? 'undefined metric (null)' : 'no confidence interval in the results';
  if (reason === null && threshold === null) reason = baseline === null ? 'non-DP baseline undefined' : 'no threshold';
  if (reason !== null || value === null || threshold === null) {
    return { item: { ...base, status: 'unresolved', actual, actualText, reason: reason ?? 'unresolved' }, margin: null };
  }
  const ok = passes(value, cmp, threshold);
  return { item: { ...base, status: ok ? 'pass' : 'fail', actual, actualText }, margin: margin(value, cmp, threshold) };
}

export interface JudgeInput {
  id: string;
  builtin: boolean;
  severity: Severity;
  onMissing: 'error' | 'warn';
  sentence: string;
  comparator: Comparator;
  /** Threshold display given the deciding item's threshold, e.g. t => `≤ ${t}`. */
  thresholdText: (threshold: number | null) => string;
  scored: ScoredItem[];
  missing: string[];
  notes: string[];
  line?: number;
}

function worst(items: ScoredItem[]): ScoredItem {
  return items.reduce((a, b) => ((b.margin ?? -Infinity) > (a.margin ?? -Infinity) ? b : a));
}

export function judge(x: JudgeInput): GateCheckResult {
  const items = x.scored.map((s) => s.item);
  const notes = [...x.notes];
  const common = {
    id: x.id,
    builtin: x.builtin,
    severity: x.severity,
    sentence: x.sentence,
    comparator: x.comparator,
    items,
    notes,
    ...(x.line !== undefined ? { line: x.line } : {}),
  };
  if (items.length === 0) {
    const status: GateStatus = x.onMissing === 'error' ? 'ERROR' : 'WARN';
    return {
      ...common,
      status,
      actual: null,
      actualText: 'not found',
      threshold: null,
      thresholdText: x.thresholdText(null),
      where: null,
      message: `selector matched nothing in the results: ${x.missing.join('; ') || 'no values'}`,
    };
  }
  if (x.missing.length > 0) notes.push(...x.missing.map((m) => `not found: ${m}`));
  const failing = x.scored.filter((s) => s.item.status === 'fail');
  const unresolved = x.scored.filter((s) => s.item.status === 'unresolved');
  let decider: ScoredItem;
  let status: GateStatus;
  let message: string;
  if (failing.length > 0) {
    decider = worst(failing);
    status = x.severity === 'fail' ? 'FAIL' : 'WARN';
    const d = decider.item;
    message = `${d.actualText} at ${d.where} is not ${x.thresholdText(d.threshold)}`;
    if (items.length > 1) message += ` (${failing.length} of ${items.length} values fail)`;
    if (unresolved.length > 0) notes.push(`${unresolved.length} value(s) unresolved`);
  } else if (unresolved.length > 0) {
    decider = unresolved[0];
    status = 'WARN';
    message = `unresolved at ${decider.item.where}: ${decider.item.reason ?? 'no value'}`;
    if (unresolved.length > 1) message += ` (${unresolved.length} of ${items.length} values unresolved)`;
  } else {
    decider = worst(x.scored);
    status = 'PASS';
    const d = decider.item;
    message =
      items.length > 1 ? `all ${items.length} values pass; closest: ${d.actualText} at ${d.where}` : `${d.actualText} at ${d.where}`;
  }
  const d = decider.item;
  return {
    ...common,
    status,
    actual: d.actual,
    actualText: d.actualText,
    threshold: d.threshold,
    thresholdText: x.thresholdText(d.threshold),
    where: d.where,
    message,
  };
}
