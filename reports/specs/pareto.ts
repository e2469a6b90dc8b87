/**
 * Summary chart: utility (AUC, with its CI) against ONE named disparity measure for every arm — the measure of
 * the headline table (reports/read/disparity-measure.ts): each arm's largest between-group value of that measure
 * over groups with n ≥ min group size, with its bootstrap CI (docs/methods.md#fairness-metrics). An arm's own
 * largest disparity can be of another measure than its neighbour's; plotted side by side such points would not
 * be comparable. The recommended ε is ringed and the AUC tolerance is a dashed line; degenerate models (one
 * class predicted or AUC ≤ 0.5, reports/read/degenerate.ts) are drawn as a labelled cross, not as a fair point.
 * The increase that the recommendation bounds (the fairness rule's disparities) is in the table and the tooltip.
 * Arms are told apart by colour (legend), not by text labels that overlap.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { ResultsV1 } from '../../src/results/types.js';
import type { Chart } from '../chart.js';
import { fmt, fmtCi, fmtCiOrDegenerate, MISSING } from '../format.js';
import { CONFIG, VL_SCHEMA, armColorScale } from './common.js';
import { degenerateReason } from '../read/degenerate.js';
import { comparisonMeasure, disparityOf, increaseText, measureNoun } from '../read/disparity-measure.js';

export interface ParetoRow {
  arm: string;
  epsilon: number | null;
  epsilonLabel: string;
  auc: number;
  aucLo: number | null;
  aucHi: number | null;
  /** The one disparity measure of the chart (the same in every row), e.g. "equalizedOddsDifference". */
  measure: string;
  /** The grouping in which this arm's value of `measure` is largest. */
  grouping: string;
  /** Largest between-group value of `measure` (absolute). */
  disparity: number;
  dispLo: number | null;
  dispHi: number | null;
  /** Increase of `measure` over non-DP (null for non-DP itself or without a non-DP value). */
  increase: number | null;
  /** The increase as the tables print it, with its noise label (increaseText). */
  increaseLabel: string | null;
  /** Largest increase over non-DP of the fairness rule's disparities: what the recommendation bounds. */
  ruleIncrease: number | null;
  recommended: boolean;
  /** The model predicts one class on the test split or has AUC ≤ 0.5 (reports/read/degenerate.ts): why, else null. */
  degenerate: string | null;
}

export function paretoRows(results: ResultsV1): ParetoRow[] {
  const rec = results.recommendation;
  const measure = comparisonMeasure(results);
  if (measure === null) return [];
  const nondp = results.arms.find((a) => a.kind === 'nondp');
  const ref = disparityOf(nondp, measure);
  const out: ParetoRow[] = [];
  for (const p of rec.pareto) {
    const arm = results.arms.find((a) => a.arm === p.arm);
    const d = disparityOf(arm, measure);
    if (typeof p.auc !== 'number' || d === null) continue;
    out.push({
      arm: p.arm,
      epsilon: p.epsilon,
      epsilonLabel: p.epsilon === null ? p.arm : `ε = ${p.epsilon}`,
      auc: p.auc,
      aucLo: arm?.utility.auc.ci?.lo ?? null,
      aucHi: arm?.utility.auc.ci?.hi ?? null,
      measure,
      grouping: d.grouping,
      disparity: d.value,
      dispLo: d.ci?.lo ?? null,
      dispHi: d.ci?.hi ?? null,
      increase: ref && arm !== nondp ? d.value - ref.value : null,
      increaseLabel: ref && arm !== nondp ? increaseText(d, ref) : null,
      ruleIncrease: p.disparity,
      recommended: rec.epsilon !== null && p.epsilon === rec.epsilon,
      degenerate: arm ? degenerateReason(arm) : null,
    });
  }
  return out;
}

/** `rows`: paretoRows(results), when the caller has them already (paretoChart). */
export function paretoSpec(results: ResultsV1, rows: ParetoRow[] = paretoRows(results)): TopLevelSpec {
  const words = rows.length ? measureNoun(rows[0].measure) : 'disparity';
  const nondp = results.arms.find((a) => a.kind === 'nondp');
  const aucFloor = nondp?.utility.auc.value != null ? nondp.utility.auc.value * results.recommendation.tolerances.aucFraction : null;
  const color = { field: 'arm', type: 'nominal' as const, title: 'Arm', scale: armColorScale(results) };
  const tooltip = [
    { field: 'arm', type: 'nominal' as const, title: 'Arm' },
    { field: 'auc', type: 'quantitative' as const, title: 'AUC', format: '.3f' },
    { field: 'disparity', type: 'quantitative' as const, title: `Largest ${words} (absolute)`, format: '.3f' },
    { field: 'grouping', type: 'nominal' as const, title: 'In grouping' },
    { field: 'increase', type: 'quantitative' as const, title: `Increase of the ${words} over non-DP`, format: '+.3f' },
    { field: 'ruleIncrease', type: 'quantitative' as const, title: 'Largest increase of the rule’s disparities', format: '+.3f' },
    { field: 'recommended', type: 'nominal' as const, title: 'Recommended' },
    { field: 'degenerate', type: 'nominal' as const, title: 'Degenerate model' },
  ];
  const degenerate = rows.filter((r) => r.degenerate !== null);
  // Every arm with the same value (e.g. a sensitivity gap of 1 from a group in which no arm finds anyone): the
  // points stand on one vertical line, which is the truth on this measure; the subtitle says so and the x scale
  // gets an explicit span (a one-value domain would collapse), padded so that a point at 0 or 1 is not cut.
  const flat = rows.length > 1 && rows.every((r) => Math.abs(r.disparity - rows[0].disparity) < 1e-9);
  const lows = rows.flatMap((r) => [r.disparity, ...(r.dispLo === null ? [] : [r.dispLo])]);
  const highs = rows.flatMap((r) => [r.disparity, ...(r.dispHi === null ? [] : [r.dispHi])]);
  const x = {
    field: 'disparity',
    type: 'quantitative' as const,
    title: `Largest between-group ${words}, absolute (lower is fairer)`,
    scale: flat
      ? { zero: false, domain: [Math.max(0, Math.min(...lows) - 0.1), Math.min(1, Math.max(...highs) + 0.1)], padding: 24 }
      : { zero: false, nice: true },
    axis: { format: '.3~f', tickCount: 8 },
  };
  const y = { field: 'auc', type: 'quantitative' as const, title: 'AUC (higher is better)', scale: { zero: false, nice: true } };
  return {
    $schema: VL_SCHEMA,
    config: CONFIG,
    title: {
      text: 'Utility vs disparity across arms',
      subtitle: [
        `x: the ${words} in every arm (the headline's measure), each arm's largest over the groupings`,
        `bars: 95 % CIs${aucFloor === null ? '' : `; dashed: AUC tolerance (${fmt(aucFloor)})`}${rows.some((r) => r.recommended) ? '; ringed: recommended ε' : '; no ε is recommended'}`,
        'overlapping bars: the arms are not clearly different on that axis',
        ...(degenerate.length
          ? [
              `crossed (×): degenerate model${degenerate.length > 1 ? 's' : ''} (${degenerate.map((r) => r.arm).join(', ')}): one class predicted or AUC ≤ 0.5, so low disparity there is not fairness`,
            ]
          : []),
        ...(flat ? [`the ${words} is ${fmt(rows[0].disparity)} in every arm, with or without DP: on it the arms differ in AUC only`] : []),
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
      ...(rows.some((r) => r.dispLo !== null && r.dispHi !== null)
        ? [
            {
              transform: [{ filter: 'isValid(datum.dispLo) && isValid(datum.dispHi)' }],
              mark: { type: 'rule' as const, opacity: 0.6 },
              encoding: { y, x: { field: 'dispLo', type: 'quantitative' as const }, x2: { field: 'dispHi' }, color, tooltip },
            },
          ]
        : []),
      // Working models as filled points; a degenerate model is not drawn as a (fair-looking) point but as a
      // labelled cross in its arm's colour.
      ...(rows.length > degenerate.length
        ? [
            {
              transform: [{ filter: '!isValid(datum.degenerate)' }],
              mark: { type: 'point' as const, filled: true, size: 90 },
              encoding: { x, y, color, tooltip },
            },
          ]
        : []),
      ...(degenerate.length
        ? [
            {
              transform: [{ filter: 'isValid(datum.degenerate)' }],
              mark: { type: 'point' as const, shape: 'cross', filled: true, size: 260, angle: 45 },
              encoding: { x, y, color, tooltip },
            },
            {
              transform: [{ filter: 'isValid(datum.degenerate)' }],
              mark: { type: 'text' as const, align: 'left' as const, dx: 10, dy: -8, fontSize: 11, color: '#000000' },
              encoding: { x, y, text: { value: 'degenerate' } },
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
  const words = measureNoun(rows[0].measure);
  const nondp = results.arms.find((a) => a.kind === 'nondp');
  return {
    id: 'pareto',
    title: 'Utility vs disparity',
    description: `Each point is an arm with its 95 % CIs: further up is more accurate, further left is fairer on one measure for every arm, the ${words} (as in the headline table). ${rows.some((r) => r.recommended) ? 'The ringed point is the recommended ε' : 'No ε is recommended, so no point is ringed'}; the table also gives the increase of the fairness rule's disparities that the recommendation bounds.`,
    spec: paretoSpec(results, rows),
    table: {
      columns: [
        'Arm',
        'AUC [95 % CI]',
        `Largest ${words} (absolute) [95 % CI]`,
        'In grouping',
        `Increase of the ${words} over non-DP`,
        'Largest increase of the rule’s disparities (bounded by the recommendation)',
        'Recommended',
      ],
      rows: rows.map((r) => [
        r.degenerate ? `${r.arm} (DEGENERATE: ${r.degenerate})` : r.arm,
        `${fmt(r.auc)} ${fmtCi({ lo: r.aucLo, hi: r.aucHi })}`,
        `${fmt(r.disparity)} ${fmtCiOrDegenerate({ lo: r.dispLo, hi: r.dispHi })}`,
        r.grouping,
        r.increaseLabel ?? (r.arm === nondp?.arm ? 'reference' : MISSING),
        fmt(r.ruleIncrease),
        r.recommended ? 'yes' : '',
      ]),
    },
  };
}
