/**
 * The report's view of a metrics/fairness DeltaReport ("who pays for privacy", docs/methods.md#who-pays):
 * per group Δ = metric(arm) − metric(nondp) with paired-bootstrap CI, and per metric the groups whose
 * loss exceeds the overall loss. Suppressed groups carry no numbers.
 */
import type { DeltaReport, Interval as FairnessInterval, RateKey, RateRecord } from '../../metrics/fairness/types.js';
import type { Estimate } from '../../src/results/types.js';
import { estimate, groupLabel, interval } from './guards.js';

export interface DeltaGroup {
  label: string;
  values: Record<string, string>;
  suppressed: boolean;
  deltas: Record<string, Estimate>;
}

export interface DeltaGrouping {
  attributes: string[];
  groups: DeltaGroup[];
  /** metric → labels ("sex = F") of groups whose loss exceeds the overall loss. */
  exceedsOverall: Record<string, string[]>;
}

export interface WhoPaysView {
  overall: Record<string, Estimate>;
  groupings: DeltaGrouping[];
}

/** Per rate metric: Δ with its paired-bootstrap CI when there is one. */
function readDeltas(o: { delta: RateRecord; ci?: { [K in RateKey]: FairnessInterval | null } }): Record<string, Estimate> {
  const out: Record<string, Estimate> = {};
  for (const [k, x] of Object.entries(o.delta) as [RateKey, number | null][]) out[k] = estimate(x, interval(o.ci?.[k]));
  return out;
}

function readDeltaGroup(g: DeltaReport['groupings'][number]['groups'][number]): DeltaGroup {
  const label = groupLabel(g.values);
  if ('suppressed' in g) return { label, values: g.values, suppressed: true, deltas: {} };
  return { label, values: g.values, suppressed: false, deltas: readDeltas(g) };
}

export function readWhoPays(w: DeltaReport | null): WhoPaysView | null {
  if (!w) return null;
  const groupings: DeltaGrouping[] = [];
  for (const g of w.groupings) {
    const exceedsOverall: Record<string, string[]> = {};
    for (const [k, x] of Object.entries(g.exceedsOverall)) exceedsOverall[k] = (x ?? []).map(groupLabel);
    if (g.attributes.length > 0) groupings.push({ attributes: g.attributes, groups: g.groups.map(readDeltaGroup), exceedsOverall });
  }
  const overall = readDeltas(w.overall);
  if (groupings.length === 0 && Object.keys(overall).length === 0) return null;
  return { overall, groupings };
}
