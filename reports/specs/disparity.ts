/**
 * Privacy–fairness: ε (log axis) vs each between-group disparity (difference) per grouping, with
 * bootstrap CIs; the non-DP value of each grouping as a dashed reference line.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { ResultsV1 } from '../../src/results/types.js';
import type { Chart } from '../chart.js';
import { fmt, fmtCi, fmtEpsilon } from '../format.js';
import { readFairness } from '../read/fairness.js';
import { CATEGORY } from '../colors.js';
import { DISPARITY_NAMES } from '../../metrics/fairness/names.js';
import { configLegendBelow, VL_SCHEMA, epsilonDomain, epsilonPanelLayers } from './common.js';

export const DISPARITIES = (
  ['demographicParityDifference', 'equalizedOddsDifference', 'equalOpportunityDifference', 'accuracyDifference'] as const
).map((key) => ({ key, name: DISPARITY_NAMES[key].title }));

export interface DisparityRow {
  arm: string;
  kind: 'nondp' | 'cliponly' | 'dp';
  epsilon: number | null;
  grouping: string;
  measure: string;
  value: number;
  lo: number | null;
  hi: number | null;
}

export function disparityRows(results: ResultsV1, scope = 'betweenGroups'): DisparityRow[] {
  const rows: DisparityRow[] = [];
  for (const a of results.arms) {
    if (a.kind === 'cliponly' || a.kind === 'federated') continue; // federated arms: their own report section
    const f = readFairness(a.fairness);
    if (!f) continue;
    for (const g of f.groupings) {
      const d = g.disparities[scope];
      if (!d) continue;
      for (const m of DISPARITIES) {
        const e = d[m.key];
        if (!e || e.value === null) continue;
        rows.push({
          arm: a.arm,
          kind: a.kind,
          epsilon: a.kind === 'dp' ? a.epsilon : null,
          grouping: g.attributes.join(' × '),
          measure: m.name,
          value: e.value,
          lo: e.ci?.lo ?? null,
          hi: e.ci?.hi ?? null,
        });
      }
    }
  }
  return rows;
}

export function disparitySpec(results: ResultsV1): TopLevelSpec {
  const rows = disparityRows(results);
  const groupings = [...new Set(rows.map((r) => r.grouping))];
  const color = {
    field: 'grouping',
    type: 'nominal' as const,
    title: 'Grouping',
    scale: { domain: groupings, range: CATEGORY.slice(0, Math.max(1, groupings.length)) },
  };
  const x = {
    field: 'epsilon',
    type: 'quantitative' as const,
    title: 'Privacy budget ε (log scale)',
    scale: { type: 'log' as const, domain: epsilonDomain(results) },
  };
  const tooltip = [
    { field: 'grouping', type: 'nominal' as const, title: 'Grouping' },
    { field: 'arm', type: 'nominal' as const, title: 'Arm' },
    { field: 'value', type: 'quantitative' as const, title: 'Disparity', format: '.3f' },
    { field: 'lo', type: 'quantitative' as const, title: 'CI low', format: '.3f' },
    { field: 'hi', type: 'quantitative' as const, title: 'CI high', format: '.3f' },
  ];
  return {
    $schema: VL_SCHEMA,
    config: configLegendBelow(groupings),
    title: { text: 'Between-group disparities vs privacy budget', subtitle: 'dashed: non-DP value; bars: 95 % bootstrap CI' },
    data: { values: rows },
    facet: { field: 'measure', type: 'nominal', title: null, sort: DISPARITIES.map((m) => m.name) },
    columns: 3,
    // Each panel draws its own x axis: a wrapped facet otherwise draws the bottom axis under its empty cells.
    resolve: { axis: { x: 'independent' } },
    spec: {
      width: 230,
      height: 180,
      layer: epsilonPanelLayers({ x, yTitle: 'Disparity (difference, 0 = parity)', color, tooltip }),
    },
  };
}

export function disparityChart(results: ResultsV1): Chart | null {
  const rows = disparityRows(results);
  if (rows.length === 0) return null;
  return {
    id: 'disparity',
    title: 'Privacy–fairness: disparities',
    description:
      'Difference between the best and worst group (0 = parity) for each grouping; solid lines are DP arms across ε, dashed lines the non-DP model.',
    spec: disparitySpec(results),
    table: {
      columns: ['Arm', 'ε', 'Grouping', 'Measure', 'Value', '95 % CI'],
      rows: rows.map((r) => [
        r.arm,
        r.epsilon === null ? fmtEpsilon(null) : fmt(r.epsilon, 2),
        r.grouping,
        r.measure,
        fmt(r.value),
        fmtCi({ lo: r.lo, hi: r.hi }),
      ]),
    },
  };
}
