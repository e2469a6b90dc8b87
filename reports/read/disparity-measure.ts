/**
 * The one disparity measure the report compares arms on (docs/methods.md#fairness-metrics): the headline table
 * and the utility-vs-disparity chart show the same measure for every arm, so that "larger", "fairer" and
 * "increase over non-DP" compare like with like. An arm's own largest disparity (recommend.ts
 * absoluteDisparity) may be of another measure than its neighbour's; values of different measures side by side
 * would read as improvements that are not.
 */
import type { ArmResult, ResultsV1 } from '../../src/results/types.js';
import { readFairness } from './fairness.js';

/** Plain words for a disparity measure (table headers, axis titles). */
export const MEASURE_WORDS: Record<string, string> = {
  equalOpportunityDifference: 'sensitivity gap',
  equalizedOddsDifference: 'equalized odds',
};

/** The measure as words, e.g. "sensitivity gap"; an unknown measure by its key. */
export function measureWords(measure: string): string {
  return MEASURE_WORDS[measure] ?? measure;
}

/** The measure as a noun phrase for titles, e.g. "equalized-odds difference", "sensitivity gap". */
export function measureNoun(measure: string): string {
  return measure === 'equalizedOddsDifference' ? 'equalized-odds difference' : measureWords(measure);
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
