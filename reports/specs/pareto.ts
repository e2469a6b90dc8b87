/**
 * Summary chart: utility (AUC) vs disparity across arms, from `results.recommendation.pareto`,
 * with the recommended ε ringed and the AUC tolerance (fraction of non-DP AUC) as a dashed line.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { ResultsV1 } from '../../src/results/types.js';
import type { Chart } from '../chart.js';
import { fmt } from '../format.js';
import { CONFIG, VL_SCHEMA, armColorScale } from './common.js';

export interface ParetoRow {
  arm: string;
  epsilon: number | null;
  epsilonLabel: string;
  auc: number;
  disparity: number;
  recommended: boolean;
}

export function paretoRows(results: ResultsV1): ParetoRow[] {
  const rec = results.recommendation;
  return rec.pareto
    .filter((p): p is typeof p & { auc: number; disparity: number } => typeof p.auc === 'number' && typeof p.disparity === 'number')
    .map((p) => ({
      arm: p.arm,
      epsilon: p.epsilon,
      epsilonLabel: p.epsilon === null ? p.arm : `ε = ${p.epsilon}`,
      auc: p.auc,
      disparity: p.disparity,
      recommended: rec.epsilon !== null && p.epsilon === rec.epsilon,
    }));
}

export function paretoSpec(results: ResultsV1): TopLevelSpec {
  const rows = paretoRows(results);
  const nondp = results.arms.find((a) => a.kind === 'nondp');
  const aucFloor = nondp?.utility.auc.value != null ? nondp.utility.auc.value * results.recommendation.tolerances.aucFraction : null;
  const color = { field: 'arm', type: 'nominal' as const, title: 'Arm', scale: armColorScale(results) };
  const tooltip = [
    { field: 'arm', type: 'nominal' as const, title: 'Arm' },
    { field: 'auc', type: 'quantitative' as const, title: 'AUC', format: '.3f' },
    { field: 'disparity', type: 'quantitative' as const, title: 'Disparity', format: '.3f' },
    { field: 'recommended', type: 'nominal' as const, title: 'Recommended' },
  ];
  const x = {
    field: 'disparity',
    type: 'quantitative' as const,
    title: results.recommendation.disparityMeasure
      ? 'Disparity increase vs non-DP (lower is fairer)'
      : 'Disparity (difference, lower is fairer)',
    scale: { zero: false, nice: true },
  };
  const y = { field: 'auc', type: 'quantitative' as const, title: 'AUC (higher is better)', scale: { zero: false, nice: true } };
  return {
    $schema: VL_SCHEMA,
    config: CONFIG,
    title: {
      text: 'Utility vs disparity across ε',
      subtitle: aucFloor === null ? '' : `dashed: AUC tolerance (${fmt(aucFloor)}); ringed: recommended ε`,
    },
    width: 420,
    height: 260,
    data: { values: rows },
    layer: [
      ...(aucFloor === null
        ? []
        : [
            {
              data: { values: [{ floor: aucFloor }] },
              mark: { type: 'rule' as const, strokeDash: [4, 4], color: '#888888' },
              encoding: { y: { field: 'floor', type: 'quantitative' as const } },
            },
          ]),
      {
        transform: [{ filter: 'isValid(datum.epsilon)' }],
        mark: { type: 'line', color: '#9ecae1' },
        encoding: { x, y, order: { field: 'epsilon', type: 'quantitative' } },
      },
      { mark: { type: 'point', filled: true, size: 90 }, encoding: { x, y, color, tooltip } },
      // The ring only when an ε is recommended: an empty layer makes Vega warn "Infinite extent" in the browser.
      ...(rows.some((r) => r.recommended)
        ? [
            {
              transform: [{ filter: 'datum.recommended' }],
              mark: { type: 'point' as const, filled: false, size: 420, strokeWidth: 2.5, color: '#d62728' },
              encoding: { x, y, tooltip },
            },
          ]
        : []),
      {
        mark: { type: 'text', dx: 9, dy: -9, align: 'left', fontSize: 11 },
        encoding: { x, y, text: { field: 'epsilonLabel', type: 'nominal' } },
      },
    ],
  };
}

export function paretoChart(results: ResultsV1): Chart | null {
  const rows = paretoRows(results);
  if (rows.length === 0) return null;
  return {
    id: 'pareto',
    title: 'Utility vs disparity',
    description: 'Each point is an arm: further up is more accurate, further left is fairer. The ringed point is the recommended ε.',
    spec: paretoSpec(results),
    table: {
      columns: ['Arm', 'AUC', 'Disparity', 'Recommended'],
      rows: rows.map((r) => [r.arm, fmt(r.auc), fmt(r.disparity), r.recommended ? 'yes' : '']),
    },
  };
}
