/**
 * The one disparity measure the report compares arms on (docs/methods.md#fairness-metrics): the headline table
 * and the utility-vs-disparity chart show the same measure for every arm, so that "larger", "fairer" and
 * "increase over non-DP" compare like with like. An arm's own largest disparity (recommend.ts
 * absoluteDisparity) may be of another measure than its neighbour's; values of different measures side by side
 * would read as improvements that are not.
 */
import type { ArmResult, ResultsV1 } from '../../src/results/types.js';
import { fmt } from '../format.js';
import { readFairness } from './fairness.js';
import { disparityName } from '../../metrics/fairness/names.js';

/** Plain words for a disparity measure (table headers, axis titles), e.g. "sensitivity gap"; an unknown measure by its key. */
export function measureWords(measure: string): string {
  return disparityName(measure).short;
}

/** The measure as a noun phrase for titles: "equalized-odds difference", but "sensitivity gap" (plainer than its noun). */
export function measureNoun(measure: string): string {
  return measure === 'equalOpportunityDifference' ? measureWords(measure) : disparityName(measure).noun;
}

/**
 * The measure of the whole comparison: the measure of the non-DP arm's largest absolute disparity, else of the
 * first arm that has one; null when no arm has one.
 */
export function comparisonMeasure(results: ResultsV1): string | null {
  const abs = results.recommendation.absoluteDisparity ?? [];
  const nondp = results.arms.find((a) => a.kind === 'nondp');
  return (abs.find((d) => d.arm === nondp?.arm && d.value !== null) ?? abs.find((d) => d.value !== null))?.measure ?? null;
}

/**
 * An arm's largest between-group value of one disparity measure (groups with n ≥ min group size when the results
 * carry that scope, as recommend.ts absoluteDisparity does), with its bootstrap CI and grouping; `grouping` given:
 * that grouping only. Comparing arms on one measure keeps "larger" and "increase" meaningful.
 */
export function disparityOf(
  arm: ArmResult | undefined,
  measure: string,
  grouping?: string,
): { grouping: string; value: number; ci: { lo: number | null; hi: number | null } | null } | null {
  const f = arm ? readFairness(arm.fairness) : null;
  let best: { grouping: string; value: number; ci: { lo: number | null; hi: number | null } | null } | null = null;
  for (const g of f?.groupings ?? []) {
    const name = g.attributes.join(' × ');
    if (grouping !== undefined && name !== grouping) continue;
    const e = (g.disparities.betweenGroupsExcludingSmall ?? g.disparities.betweenGroups)?.[measure];
    if (!e || e.value === null || (best && e.value <= best.value)) continue;
    best = { grouping: name, value: e.value, ci: e.ci ?? null };
  }
  return best;
}

type Ci = { lo: number | null; hi: number | null } | null;

/** Both 95 % intervals known and overlapping: the difference of the two values is within noise (null: unknown). */
export function intervalsOverlap(a: Ci, b: Ci): boolean | null {
  if (!a || !b || a.lo === null || a.hi === null || b.lo === null || b.hi === null) return null;
  return a.lo <= b.hi && b.lo <= a.hi;
}

const isPoint = (ci: Ci) => ci !== null && ci.lo !== null && ci.lo === ci.hi;

/**
 * An arm's increase of the measure over the non-DP arm's, signed, as the headline and the utility-vs-disparity tables
 * print it: "+0.012 (within noise: intervals overlap)"; "0.000 (the same value in every resample of both)" when both
 * intervals are single points at the same value, which is no noise at all.
 */
export function increaseText(d: { value: number; ci: Ci }, ref: { value: number; ci: Ci }): string {
  const x = d.value - ref.value;
  const signed = `${x > 0 ? '+' : ''}${fmt(x)}`;
  if (x === 0 && isPoint(d.ci) && isPoint(ref.ci)) return `${signed} (the same value in every resample of both)`;
  return intervalsOverlap(d.ci, ref.ci) ? `${signed} (within noise: intervals overlap)` : signed;
}
