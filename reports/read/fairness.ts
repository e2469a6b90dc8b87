/**
 * The report's view of a metrics/fairness FairnessReport (issue 4, item 5): groupings with per-group
 * metrics (suppressed cells carry no numbers) and disparities. Unknown or partial input gives null
 * or empty lists, never an exception.
 */
import type { Estimate, Interval } from '../../src/results/types.js';
import { arr, bool, estimate, groupLabel, groupValues, interval, isRecord, num, rec, str, type Rec } from './guards.js';

export interface MeasuredGroup {
  suppressed: false;
  values: Record<string, string>;
  label: string;
  metrics: Record<string, number | null>;
  ci: Record<string, Interval>;
  smallGroup: boolean;
  empty: boolean;
}

export interface SuppressedGroup {
  suppressed: true;
  values: Record<string, string>;
  label: string;
}

export type GroupView = MeasuredGroup | SuppressedGroup;

export interface GroupingView {
  attributes: string[];
  groups: GroupView[];
  /** scope ("betweenGroups", "toOverall", ...) → disparity name → estimate. */
  disparities: Record<string, Record<string, Estimate>>;
}

export interface FairnessView {
  overall: Record<string, number | null>;
  groupings: GroupingView[];
}

export function readMetrics(v: unknown): Record<string, number | null> {
  const out: Record<string, number | null> = {};
  const o = rec(v);
  if (!o) return out;
  for (const [k, x] of Object.entries(o)) {
    if (x === null || typeof x === 'number') out[k] = num(x);
    else if (isRecord(x)) out[k] = estimate(x).value;
  }
  return out;
}

function readCi(v: unknown): Record<string, Interval> {
  const out: Record<string, Interval> = {};
  const o = rec(v);
  if (!o) return out;
  for (const [k, x] of Object.entries(o)) {
    const i = interval(x);
    if (i) out[k] = i;
  }
  return out;
}

export function readGroup(v: unknown): GroupView | null {
  const o = rec(v);
  if (!o) return null;
  const values = groupValues(o.values);
  if (!values) return null;
  const label = groupLabel(values);
  if (o.suppressed === true) return { suppressed: true, values, label };
  const flags = rec(o.flags) ?? {};
  const metrics = readMetrics(o.metrics);
  const ci = readCi(o.ci);
  // Metrics given as estimates carry their CI inline.
  const m = rec(o.metrics);
  if (m)
    for (const [k, x] of Object.entries(m))
      if (!ci[k] && isRecord(x)) {
        const e = estimate(x);
        if (e.ci) ci[k] = e.ci;
      }
  return {
    suppressed: false,
    values,
    label,
    metrics,
    ci,
    smallGroup: bool(flags.smallGroup) ?? false,
    empty: bool(flags.empty) ?? metrics.count === 0,
  };
}

function readDisparities(o: Rec): Record<string, Record<string, Estimate>> {
  const out: Record<string, Record<string, Estimate>> = {};
  const d = rec(o.disparities);
  if (!d) return out;
  const ciAll = rec(o.disparitiesCi) ?? rec(d.ci) ?? {};
  for (const [scope, x] of Object.entries(d)) {
    const s = rec(x);
    if (!s || scope === 'ci') continue;
    const scopeCi = rec(ciAll[scope]) ?? rec(s.ci) ?? {};
    const m: Record<string, Estimate> = {};
    for (const [name, y] of Object.entries(s)) {
      if (name === 'ci') continue;
      const e = estimate(y);
      if (!e.ci) {
        const i = interval(scopeCi[name]);
        if (i) e.ci = i;
      }
      m[name] = e;
    }
    out[scope] = m;
  }
  return out;
}

export function readGrouping(v: unknown): GroupingView | null {
  const o = rec(v);
  if (!o) return null;
  const attributes = arr(o.attributes)
    .map(str)
    .filter((s): s is string => s !== null);
  if (attributes.length === 0) return null;
  const groups = arr(o.groups)
    .map(readGroup)
    .filter((g): g is GroupView => g !== null);
  return { attributes, groups, disparities: readDisparities(o) };
}

export function readFairness(v: unknown): FairnessView | null {
  const o = rec(v);
  if (!o) return null;
  const groupings = arr(o.groupings)
    .map(readGrouping)
    .filter((g): g is GroupingView => g !== null);
  if (groupings.length === 0 && !isRecord(o.overall)) return null;
  return { overall: readMetrics(o.overall), groupings };
}
