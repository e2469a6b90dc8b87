/**
 * The report's view of a metrics/fairness FairnessReport (docs/methods.md#fairness-metrics): groupings with per-group
 * metrics (suppressed cells carry no numbers) and disparities, read from the typed results contract.
 */
import type {
  Disparity,
  DisparityKey,
  DisparityVariant,
  FairnessReport,
  Interval as FairnessInterval,
  GroupEntry,
  GroupingReport,
  Metrics,
  SuppressedGroup as FairnessSuppressedGroup,
} from '../../metrics/fairness/types.js';
import type { Estimate, Interval } from '../../src/results/types.js';
import { estimate, groupLabel, interval } from './guards.js';

export interface MeasuredGroup {
  suppressed: false;
  values: Record<string, string>;
  label: string;
  metrics: Record<string, number | null>;
  ci: Record<string, Interval>;
  smallGroup: boolean;
  empty: boolean;
  /** Distinct patients in the cell (patient unit); metrics.count is rows. */
  patients?: number;
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

export function readMetrics(m: Metrics): Record<string, number | null> {
  return { ...m };
}

function readCi(ci: GroupEntry['ci']): Record<string, Interval> {
  const out: Record<string, Interval> = {};
  if (!ci) return out;
  for (const [k, x] of Object.entries(ci)) {
    const i = interval(x);
    if (i) out[k] = i;
  }
  return out;
}

export function readGroup(g: GroupEntry | FairnessSuppressedGroup): GroupView {
  const label = groupLabel(g.values);
  if ('suppressed' in g) return { suppressed: true, values: g.values, label };
  return {
    suppressed: false,
    values: g.values,
    label,
    metrics: readMetrics(g.metrics),
    ci: readCi(g.ci),
    smallGroup: g.flags.smallGroup,
    empty: g.flags.empty,
    ...(g.patients !== undefined ? { patients: g.patients } : {}),
  };
}

function readDisparities(g: GroupingReport): Record<string, Record<string, Estimate>> {
  const out: Record<string, Record<string, Estimate>> = {};
  for (const [scope, d] of Object.entries(g.disparities) as [DisparityVariant, Disparity][]) {
    const scopeCi: Partial<Record<DisparityKey, FairnessInterval | null>> = g.disparitiesCi?.[scope] ?? {};
    const m: Record<string, Estimate> = {};
    for (const [name, y] of Object.entries(d) as [DisparityKey, number | null][]) m[name] = estimate(y, interval(scopeCi[name]));
    out[scope] = m;
  }
  return out;
}

export function readGrouping(g: GroupingReport): GroupingView | null {
  if (g.attributes.length === 0) return null;
  return { attributes: g.attributes, groups: g.groups.map(readGroup), disparities: readDisparities(g) };
}

export function readFairness(f: FairnessReport | null): FairnessView | null {
  if (!f) return null;
  return {
    overall: readMetrics(f.overall),
    groupings: f.groupings.map(readGrouping).filter((g): g is GroupingView => g !== null),
  };
}
