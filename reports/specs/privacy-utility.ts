/**
 * Privacy–utility: ε (log axis) vs AUC, accuracy and Brier score of the release model, with CIs
 * (error bars); non-DP and clip-only arms (no ε) drawn as horizontal reference lines.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { ResultsV1 } from '../../src/results/types.js';
import type { Chart } from '../chart.js';
import { fmt, fmtCi, fmtEpsilon } from '../format.js';
import { configLegendBelow, VL_SCHEMA, armColorScale, epsilonDomain } from './common.js';

export interface UtilityRow {
  arm: string;
  kind: 'nondp' | 'cliponly' | 'dp';
  epsilon: number | null;
  metric: string;
  value: number;
  lo: number | null;
  hi: number | null;
}

const METRICS = [
  { key: 'auc', name: 'AUC (higher is better)' },
  { key: 'accuracy', name: 'Accuracy (higher is better)' },
  { key: 'brier', name: 'Brier score (lower is better)' },
] as const;

export function utilityRows(results: ResultsV1): UtilityRow[] {
  const rows: UtilityRow[] = [];
  for (const a of results.arms) {
    if (a.kind === 'federated') continue; // federated arms: their own report section
    for (const m of METRICS) {
      const e = a.utility[m.key];
      if (!e || e.value === null) continue;
      rows.push({
        arm: a.arm,
        kind: a.kind,
        epsilon: a.kind === 'dp' ? a.epsilon : null,
        metric: m.name,
        value: e.value,
        lo: e.ci?.lo ?? null,
        hi: e.ci?.hi ?? null,
      });
    }
  }
  return rows;
}

export function privacyUtilitySpec(results: ResultsV1): TopLevelSpec {
  const color = { field: 'arm', type: 'nominal' as const, title: 'Arm', scale: armColorScale(results) };
  const tooltip = [
    { field: 'arm', type: 'nominal' as const, title: 'Arm' },
    { field: 'epsilon', type: 'quantitative' as const, title: 'ε' },
    { field: 'value', type: 'quantitative' as const, title: 'Value', format: '.3f' },
    { field: 'lo', type: 'quantitative' as const, title: 'CI low', format: '.3f' },
    { field: 'hi', type: 'quantitative' as const, title: 'CI high', format: '.3f' },
  ];
  const x = {
    field: 'epsilon',
    type: 'quantitative' as const,
    title: 'Privacy budget ε (log scale)',
    scale: { type: 'log' as const, domain: epsilonDomain(results) },
  };
  return {
    $schema: VL_SCHEMA,
    config: configLegendBelow(results.arms.map((a) => a.arm)),
    title: 'Utility of the release model vs privacy budget',
    data: { values: utilityRows(results) },
    facet: { field: 'metric', type: 'nominal', title: null, sort: METRICS.map((m) => m.name) },
    columns: 3,
    resolve: { scale: { y: 'independent' } },
    spec: {
      width: 200,
      height: 190,
      layer: [
        {
          transform: [{ filter: "datum.kind !== 'dp'" }],
          mark: { type: 'rule', strokeDash: [6, 4], strokeWidth: 1.5 },
          encoding: {
            y: { field: 'value', type: 'quantitative', title: 'Metric value (unitless)', scale: { zero: false } },
            color,
            tooltip,
          },
        },
        {
          transform: [{ filter: "datum.kind === 'dp' && isValid(datum.lo) && isValid(datum.hi)" }],
          mark: { type: 'rule', strokeWidth: 1.5 },
          encoding: { x, y: { field: 'lo', type: 'quantitative' }, y2: { field: 'hi' }, color, tooltip },
        },
        {
          transform: [{ filter: "datum.kind === 'dp'" }],
          mark: { type: 'line', color: '#6baed6' },
          encoding: { x, y: { field: 'value', type: 'quantitative' }, order: { field: 'epsilon', type: 'quantitative' } },
        },
        {
          transform: [{ filter: "datum.kind === 'dp'" }],
          mark: { type: 'point', filled: true, size: 50, opacity: 1 },
          encoding: { x, y: { field: 'value', type: 'quantitative' }, color, tooltip },
        },
      ],
    },
  };
}

export function privacyUtilityChart(results: ResultsV1): Chart | null {
  const rows = utilityRows(results);
  if (rows.length === 0) return null;
  return {
    id: 'privacy-utility',
    title: 'Privacy–utility',
    description:
      'Lines: DP arms across ε with 95 % CIs (vertical bars). Dashed horizontal lines: the non-DP and clip-only arms, which carry no privacy guarantee.',
    spec: privacyUtilitySpec(results),
    table: {
      columns: ['Arm', 'ε', 'Metric', 'Value', '95 % CI'],
      rows: rows.map((r) => [
        r.arm,
        r.epsilon === null ? fmtEpsilon(null) : fmt(r.epsilon, 2),
        r.metric,
        fmt(r.value),
        fmtCi({ lo: r.lo, hi: r.hi }),
      ]),
    },
  };
}
