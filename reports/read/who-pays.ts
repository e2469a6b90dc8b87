/**
 * The report's view of a metrics/fairness DeltaReport ("who pays for privacy", REFERENCE §5):
 * per group Δ = metric(arm) − metric(nondp) with paired-bootstrap CI, and per metric the groups whose
 * loss exceeds the overall loss. Suppressed groups carry no numbers.
 */
import type { Estimate } from '../../src/results/types.js';
import { arr, estimate, groupLabel, groupValues, interval, isRecord, pick, rec, str } from './guards.js';

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

/** `{ delta: {m: number}, ci: {m: Interval} }` or `{ deltas: {m: Estimate} }` → m → Estimate. */
function readDeltas(o: Record<string, unknown>): Record<string, Estimate> {
  const out: Record<string, Estimate> = {};
  const d = rec(pick(o, 'delta', 'deltas'));
  const ci = rec(o.ci) ?? {};
  if (!d) return out;
  for (const [k, x] of Object.entries(d)) {
    if (x !== null && typeof x !== 'number' && !isRecord(x)) continue;
    const e = estimate(x);
    if (!e.ci) {
      const i = interval(ci[k]);
      if (i) e.ci = i;
    }
    out[k] = e;
  }
  return out;
}

function readDeltaGroup(v: unknown): DeltaGroup | null {
  const o = rec(v);
  if (!o) return null;
  const values = groupValues(o.values);
  if (!values) return null;
  const suppressed = o.suppressed === true;
  return { label: groupLabel(values), values, suppressed, deltas: suppressed ? {} : readDeltas(o) };
}

function labels(v: unknown): string[] {
  return arr(v)
    .map((x) => {
      const s = str(x);
      if (s !== null) return s;
      const o = rec(x);
      const values = o ? groupValues(o.values ?? o) : null;
      return values ? groupLabel(values) : null;
    })
    .filter((s): s is string => s !== null);
}

export function readWhoPays(v: unknown): WhoPaysView | null {
  const o = rec(v);
  if (!o) return null;
  const groupings: DeltaGrouping[] = [];
  for (const g of arr(o.groupings)) {
    const go = rec(g);
    if (!go) continue;
    const attributes = arr(go.attributes)
      .map(str)
      .filter((s): s is string => s !== null);
    const groups = arr(go.groups)
      .map(readDeltaGroup)
      .filter((x): x is DeltaGroup => x !== null);
    const exceedsOverall: Record<string, string[]> = {};
    const ex = rec(go.exceedsOverall);
    if (ex) for (const [k, x] of Object.entries(ex)) exceedsOverall[k] = labels(x);
    if (attributes.length > 0) groupings.push({ attributes, groups, exceedsOverall });
  }
  const overallRaw = rec(o.overall);
  const overall = overallRaw ? readDeltas(overallRaw) : {};
  if (groupings.length === 0 && Object.keys(overall).length === 0) return null;
  return { overall, groupings };
}
