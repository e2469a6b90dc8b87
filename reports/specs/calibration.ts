/**
 * Per-group reliability (calibration) curves, non-DP vs DP arms, from `arms[].calibration`
 * (10 bins; suppressed cells are already omitted upstream). The diagonal is perfect calibration.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { ResultsV1 } from '../../src/results/types.js';
import type { Chart } from '../chart.js';
import { fmt } from '../format.js';
import { groupLabel } from '../read/guards.js';
import { configLegendBelow, VL_SCHEMA, armColorScale } from './common.js';

/** Panel title of the curve over all test rows (its group has no attribute values). */
export const OVERALL_GROUP = 'All test rows (overall)';

export interface CalibrationRow {
  arm: string;
  group: string;
  meanScore: number;
  fracPositive: number;
  n: number;
}

export function calibrationRows(results: ResultsV1): CalibrationRow[] {
  const rows: CalibrationRow[] = [];
  for (const a of results.arms) {
    if (a.kind === 'cliponly' || !Array.isArray(a.calibration)) continue;
    for (const c of a.calibration) {
      const group = groupLabel(c.group) || OVERALL_GROUP;
      for (const b of c.bins) {
        if (b.n > 0 && b.n < results.suppressBelow) continue;
        if (!Number.isFinite(b.meanScore) || !Number.isFinite(b.fracPositive)) continue;
        rows.push({ arm: a.arm, group, meanScore: b.meanScore, fracPositive: b.fracPositive, n: b.n });
      }
    }
  }
  return rows;
}

export function calibrationSpec(results: ResultsV1): TopLevelSpec {
  const rows = calibrationRows(results);
  // The legend lists only the arms drawn (clip-only has no curves); the colour scale is that of the other charts.
  const shown = new Set(rows.map((r) => r.arm));
  const color = {
    field: 'arm',
    type: 'nominal' as const,
    title: 'Arm',
    scale: armColorScale(results),
    legend: { values: results.arms.map((a) => a.arm).filter((a) => shown.has(a)) },
  };
  // Two short lines: one long title per panel would run into its neighbour's.
  const x = {
    field: 'meanScore',
    type: 'quantitative' as const,
    title: ['Mean predicted', 'probability (bin)'],
    scale: { domain: [0, 1] },
  };
  const y = { field: 'fracPositive', type: 'quantitative' as const, title: 'Observed fraction positive', scale: { domain: [0, 1] } };
  const tooltip = [
    { field: 'group', type: 'nominal' as const, title: 'Group' },
    { field: 'arm', type: 'nominal' as const, title: 'Arm' },
    { field: 'meanScore', type: 'quantitative' as const, title: 'Mean score', format: '.3f' },
    { field: 'fracPositive', type: 'quantitative' as const, title: 'Fraction positive', format: '.3f' },
    { field: 'n', type: 'quantitative' as const, title: 'Rows in bin' },
  ];
  return {
    $schema: VL_SCHEMA,
    config: configLegendBelow([...shown]),
    title: { text: 'Reliability curves per group: non-DP vs DP', subtitle: 'grey diagonal: perfect calibration' },
    data: { values: rows },
    facet: {
      field: 'group',
      type: 'nominal',
      title: null,
      sort: [...new Set(rows.map((r) => r.group))].sort((a, b) =>
        a === OVERALL_GROUP ? -1 : b === OVERALL_GROUP ? 1 : a.localeCompare(b, 'en', { numeric: true }),
      ),
    },
    columns: 4,
    // Each panel draws its own x axis: a wrapped facet otherwise draws the bottom axis under an empty cell too.
    resolve: { axis: { x: 'independent' } },
    spec: {
      width: 170,
      height: 170,
      layer: [
        {
          data: { values: [{ a: 0 }, { a: 1 }] },
          mark: { type: 'line', color: '#bbbbbb', strokeDash: [3, 3] },
          encoding: { x: { field: 'a', type: 'quantitative' }, y: { field: 'a', type: 'quantitative' } },
        },
        {
          mark: { type: 'line', point: { filled: true, size: 25 } },
          encoding: { x, y, color, order: { field: 'meanScore', type: 'quantitative' }, tooltip },
        },
      ],
    },
  };
}

export function calibrationChart(results: ResultsV1): Chart | null {
  const rows = calibrationRows(results);
  if (rows.length === 0) return null;
  return {
    id: 'calibration',
    title: 'Calibration per group',
    description: 'Points above the diagonal: the model under-predicts risk for that group; below: it over-predicts.',
    spec: calibrationSpec(results),
    table: calibrationTable(rows),
  };
}

/** One row per group and arm, its bins in one cell ("mean predicted → observed (rows)"): compact on screen and in print. */
export function calibrationTable(rows: CalibrationRow[]): { columns: string[]; rows: string[][] } {
  const byKey = new Map<string, CalibrationRow[]>();
  for (const r of rows) {
    const k = `${r.group}\u0000${r.arm}`;
    const list = byKey.get(k) ?? [];
    list.push(r);
    byKey.set(k, list);
  }
  return {
    columns: ['Group', 'Arm', 'Bins: mean predicted → observed fraction positive (rows in bin)'],
    rows: [...byKey.values()].map((list) => [
      list[0].group,
      list[0].arm,
      list.map((r) => `${fmt(r.meanScore)} → ${fmt(r.fracPositive)} (${r.n})`).join('; '),
    ]),
  };
}
