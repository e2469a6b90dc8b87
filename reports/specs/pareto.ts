/**
 * Summary chart: utility (AUC, with its CI) against the ABSOLUTE disparity of each arm (the largest
 * between-group sensitivity gap or equalized-odds difference, with its CI), from `results.recommendation`.
 * The recommended ε is ringed and the AUC tolerance is a dashed line; the increase over non-DP (the quantity
 * the recommendation bounds) is in the table and the tooltip. Arms are told apart by colour (legend), not
 * by text labels that overlap.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { ResultsV1 } from '../../src/results/types.js';
import type { Chart } from '../chart.js';
import { fmt, fmtCi } from '../format.js';
import { CONFIG, VL_SCHEMA, armColorScale } from './common.js';
import { degenerateReason } from '../read/degenerate.js';

export interface ParetoRow {
  arm: string;
  epsilon: number | null;
  epsilonLabel: string;
  auc: number;
  aucLo: number | null;
  aucHi: number | null;
  /** Absolute disparity (falls back to the increase when results carry no absolute values). */
  disparity: number;
  dispLo: number | null;
  dispHi: number | null;
  /** Increase of the disparity over non-DP. */
  increase: number | null;
  recommended: boolean;
  /** The model predicts one class on the test split or has AUC ≤ 0.5 (reports/read/degenerate.ts): why, else null. */
  degenerate: string | null;
}

export function paretoRows(results: ResultsV1): ParetoRow[] {
  const rec = results.recommendation;
  const abs = new Map((rec.absoluteDisparity ?? []).map((d) => [d.arm, d]));
  const hasAbs = abs.size > 0;
  const out: ParetoRow[] = [];
  for (const p of rec.pareto) {
    const arm = results.arms.find((a) => a.arm === p.arm);
    const d = abs.get(p.arm);
    const disparity = hasAbs ? (d?.value ?? null) : p.disparity;
    if (typeof p.auc !== 'number' || disparity === null) continue;
    out.push({
      arm: p.arm,
      epsilon: p.epsilon,
      epsilonLabel: p.epsilon === null ? p.arm : `ε = ${p.epsilon}`,
      auc: p.auc,
      aucLo: arm?.utility.auc.ci?.lo ?? null,
      aucHi: arm?.utility.auc.ci?.hi ?? null,
      disparity,
      dispLo: d?.ci?.lo ?? null,
      dispHi: d?.ci?.hi ?? null,
      increase: p.disparity,
      recommended: rec.epsilon !== null && p.epsilon === rec.epsilon,
      degenerate: arm ? degenerateReason(arm) : null,
    });
  }
  return out;
}

export function paretoSpec(results: ResultsV1): TopLevelSpec {
  const rows = paretoRows(results);
  const hasAbs = (results.recommendation.absoluteDisparity ?? []).length > 0;
  const nondp = results.arms.find((a) => a.kind === 'nondp');
  const aucFloor = nondp?.utility.auc.value != null ? nondp.utility.auc.value * results.recommendation.tolerances.aucFraction : null;
  const color = { field: 'arm', type: 'nominal' as const, title: 'Arm', scale: armColorScale(results) };
  const tooltip = [
    { field: 'arm', type: 'nominal' as const, title: 'Arm' },
    { field: 'auc', type: 'quantitative' as const, title: 'AUC', format: '.3f' },
    { field: 'disparity', type: 'quantitative' as const, title: 'Disparity (absolute)', format: '.3f' },
    { field: 'increase', type: 'quantitative' as const, title: 'Increase over non-DP', format: '+.3f' },
    { field: 'recommended', type: 'nominal' as const, title: 'Recommended' },
    { field: 'degenerate', type: 'nominal' as const, title: 'Degenerate model' },
  ];
  const degenerate = rows.filter((r) => r.degenerate !== null);
  // When every arm has the same absolute disparity (e.g. a sensitivity gap of 1 from a group in which no arm
  // finds anyone), an absolute axis puts all points on one vertical line: show the increase over non-DP instead.
  const flat = hasAbs && rows.length > 1 && rows.every((r) => Math.abs(r.disparity - rows[0].disparity) < 1e-9);
  const x = {
    field: flat ? 'increase' : 'disparity',
    type: 'quantitative' as const,
    title:
      hasAbs && !flat
        ? 'Largest between-group disparity, absolute (lower is fairer)'
        : 'Increase of the largest disparity over non-DP (lower is fairer)',
    scale: { zero: false, nice: true },
    axis: { format: '.3~f' },
  };
  const y = { field: 'auc', type: 'quantitative' as const, title: 'AUC (higher is better)', scale: { zero: false, nice: true } };
  return {
    $schema: VL_SCHEMA,
    config: CONFIG,
    title: {
      text: 'Utility vs disparity across arms',
      subtitle: [
        `bars: 95 % CIs${aucFloor === null ? '' : `; dashed: AUC tolerance (${fmt(aucFloor)})`}; ringed: recommended ε`,
        'overlapping bars: the arms are not clearly different on that axis',
        ...(degenerate.length
          ? [
              `crossed (×): degenerate model${degenerate.length > 1 ? 's' : ''} (${degenerate.map((r) => r.arm).join(', ')}): one class predicted or AUC ≤ 0.5, so low disparity there is not fairness`,
            ]
          : []),
        ...(flat
          ? [
              `the absolute disparity is ${fmt(rows[0].disparity)} in every arm, with or without DP (headline table), so x shows its increase over non-DP`,
            ]
          : []),
      ],
    },
    width: 460,
    height: 280,
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
      ...(rows.some((r) => r.aucLo !== null && r.aucHi !== null)
        ? [
            {
              transform: [{ filter: 'isValid(datum.aucLo) && isValid(datum.aucHi)' }],
              mark: { type: 'rule' as const, opacity: 0.6 },
              encoding: { x, y: { field: 'aucLo', type: 'quantitative' as const }, y2: { field: 'aucHi' }, color, tooltip },
            },
          ]
        : []),
      ...(!flat && rows.some((r) => r.dispLo !== null && r.dispHi !== null)
        ? [
            {
              transform: [{ filter: 'isValid(datum.dispLo) && isValid(datum.dispHi)' }],
              mark: { type: 'rule' as const, opacity: 0.6 },
              encoding: { y, x: { field: 'dispLo', type: 'quantitative' as const }, x2: { field: 'dispHi' }, color, tooltip },
            },
          ]
        : []),
      { mark: { type: 'point', filled: true, size: 90 }, encoding: { x, y, color, tooltip } },
      ...(degenerate.length
        ? [
            {
              transform: [{ filter: 'isValid(datum.degenerate)' }],
              mark: { type: 'point' as const, shape: 'cross', filled: true, size: 260, color: '#000000', angle: 45 },
              encoding: { x, y, tooltip },
            },
          ]
        : []),
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
    ],
  };
}

export function paretoChart(results: ResultsV1): Chart | null {
  const rows = paretoRows(results);
  if (rows.length === 0) return null;
  return {
    id: 'pareto',
    title: 'Utility vs disparity',
    description:
      'Each point is an arm with its 95 % CIs: further up is more accurate, further left is fairer. The ringed point is the recommended ε; the table gives the increase over non-DP that the recommendation bounds.',
    spec: paretoSpec(results),
    table: {
      columns: ['Arm', 'AUC [95 % CI]', 'Disparity (absolute) [95 % CI]', 'Increase over non-DP', 'Recommended'],
      rows: rows.map((r) => [
        r.degenerate ? `${r.arm} (DEGENERATE: ${r.degenerate})` : r.arm,
        `${fmt(r.auc)} ${fmtCi({ lo: r.aucLo, hi: r.aucHi })}`,
        `${fmt(r.disparity)} ${fmtCi({ lo: r.dispLo, hi: r.dispHi })}`,
        fmt(r.increase),
        r.recommended ? 'yes' : '',
      ]),
    },
  };
}
