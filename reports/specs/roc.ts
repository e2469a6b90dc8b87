/**
 * Log-log ROC curves of every attack, one panel per arm, with the theoretical bound TPR_max(FPR)
 * from the arm's privacy profile (`arms[].overlay`) in black: under DP no attack can lie above it.
 * Points with FPR or TPR = 0 cannot be drawn on log axes and are dropped from the chart.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { ResultsV1 } from '../../src/results/types.js';
import type { Chart } from '../chart.js';
import { fmt } from '../format.js';
import { readAttack } from '../read/attack.js';
import { CATEGORY, COLORS } from '../colors.js';
import { CONFIG, VL_SCHEMA } from './common.js';

export const BOUND_SERIES = 'DP bound (theory)';

export interface RocRow {
  arm: string;
  series: string;
  fpr: number;
  tpr: number;
  order: number;
}

export function rocRows(results: ResultsV1): RocRow[] {
  const rows: RocRow[] = [];
  for (const a of results.arms) {
    for (const raw of a.attacks ?? []) {
      const s = readAttack(raw);
      if (!s) continue;
      s.roc.forEach((p, i) => {
        rows.push({ arm: a.arm, series: s.attack, fpr: p.fpr, tpr: p.tpr, order: i });
      });
    }
    if (Array.isArray(a.overlay)) {
      a.overlay.forEach((p, i) => {
        if (Number.isFinite(p.fpr) && Number.isFinite(p.tprMax))
          rows.push({ arm: a.arm, series: BOUND_SERIES, fpr: p.fpr, tpr: p.tprMax, order: i });
      });
    }
  }
  return rows;
}

export function rocSpec(results: ResultsV1): TopLevelSpec {
  const rows = rocRows(results).filter((r) => r.fpr > 0 && r.tpr > 0);
  const attacks = [...new Set(rows.filter((r) => r.series !== BOUND_SERIES).map((r) => r.series))];
  const domain = [...attacks, BOUND_SERIES];
  const range = [...attacks.map((_, i) => CATEGORY[i % CATEGORY.length]), COLORS.bound];
  const minFpr = Math.max(1e-5, Math.min(...rows.map((r) => r.fpr), 1e-3));
  const axisScale = { type: 'log' as const, domain: [minFpr, 1] };
  return {
    $schema: VL_SCHEMA,
    config: CONFIG,
    title: {
      text: 'ROC curves of the attacks (log–log) with the DP bound',
      subtitle: 'grey dotted: chance (TPR = FPR); black: the most any attack can achieve at this arm’s ε',
    },
    data: { values: rows },
    facet: { field: 'arm', type: 'nominal', title: null, sort: results.arms.map((a) => a.arm) },
    columns: 4,
    spec: {
      width: 180,
      height: 180,
      layer: [
        {
          data: { values: [{ p: minFpr }, { p: 1 }] },
          mark: { type: 'line', color: '#999999', strokeDash: [2, 2] },
          encoding: { x: { field: 'p', type: 'quantitative' }, y: { field: 'p', type: 'quantitative' } },
        },
        {
          mark: { type: 'line', clip: true },
          encoding: {
            x: { field: 'fpr', type: 'quantitative', title: 'False-positive rate (log)', scale: axisScale, axis: { format: '~g' } },
            y: { field: 'tpr', type: 'quantitative', title: 'True-positive rate (log)', scale: axisScale, axis: { format: '~g' } },
            color: { field: 'series', type: 'nominal', title: 'Curve', scale: { domain, range } },
            strokeDash: { condition: { test: `datum.series === '${BOUND_SERIES}'`, value: [5, 3] }, value: [1, 0] },
            order: { field: 'order', type: 'quantitative' },
            tooltip: [
              { field: 'series', type: 'nominal', title: 'Curve' },
              { field: 'fpr', type: 'quantitative', title: 'FPR', format: '.4g' },
              { field: 'tpr', type: 'quantitative', title: 'TPR', format: '.4g' },
            ],
          },
        },
      ],
    },
  };
}

export function rocChart(results: ResultsV1): Chart | null {
  const rows = rocRows(results);
  if (rows.length === 0) return null;
  const lowFpr = rows.filter((r) => r.fpr > 0 && (r.order % 6 === 0 || r.fpr >= 0.001));
  return {
    id: 'roc',
    title: 'ROC curves with the theoretical bound',
    description:
      'A curve above the black bound would mean the implementation leaks more than its ε allows. Only every 6th point below FPR 0.1 % is listed in the table.',
    spec: rocSpec(results),
    table: { columns: ['Arm', 'Curve', 'FPR', 'TPR'], rows: lowFpr.map((r) => [r.arm, r.series, fmt(r.fpr, 4), fmt(r.tpr, 4)]) },
  };
}
