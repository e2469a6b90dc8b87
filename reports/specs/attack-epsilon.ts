/**
 * Leakage vs ε: attack AUC and TPR at 0.1 % / 1 % FPR per attack across DP arms (log ε axis), with
 * the non-DP value as a dashed reference line. TPR values the resolution guard marks as unresolved
 * are left out of the chart (never plotted as numbers) and listed as "unresolved" in the table.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { ResultsV1 } from '../../src/results/types.js';
import type { Chart } from '../chart.js';
import { fmt, fmtCi, fmtEpsilon, fmtRate } from '../format.js';
import { readAttack } from '../read/attack.js';
import { CATEGORY } from '../colors.js';
import { configLegendBelow, VL_SCHEMA, epsilonDomain, epsilonPanelLayers } from './common.js';

export const LOW_FPRS = [0.001, 0.01] as const;

export interface AttackMetricRow {
  arm: string;
  kind: 'nondp' | 'cliponly' | 'dp';
  epsilon: number | null;
  attack: string;
  metric: string;
  /** null = unresolved or not measured; such rows are filtered out of the chart data. */
  value: number | null;
  lo: number | null;
  hi: number | null;
  resolved: boolean;
}

const metricName = (fpr: number): string => `TPR at ${fmtRate(fpr)} FPR`;
export const AUC_METRIC = 'Attack AUC';

export function attackMetricRows(results: ResultsV1): AttackMetricRow[] {
  const rows: AttackMetricRow[] = [];
  for (const a of results.arms) {
    if (a.kind === 'cliponly' || a.kind === 'federated') continue; // federated arms: their own report section
    for (const raw of a.attacks ?? []) {
      const s = readAttack(raw);
      if (!s) continue;
      const base = { arm: a.arm, kind: a.kind, epsilon: a.kind === 'dp' ? a.epsilon : null, attack: s.attack };
      rows.push({
        ...base,
        metric: AUC_METRIC,
        value: s.auc.value,
        lo: s.auc.ci?.lo ?? null,
        hi: s.auc.ci?.hi ?? null,
        resolved: s.auc.value !== null,
      });
      for (const fpr of LOW_FPRS) {
        const t = s.tprAtFpr.find((x) => Math.abs(x.fpr - fpr) < fpr * 1e-6);
        if (!t) continue;
        rows.push({
          ...base,
          metric: metricName(fpr),
          value: t.resolved ? t.tpr : null,
          lo: t.resolved ? (t.ci?.lo ?? null) : null,
          hi: t.resolved ? (t.ci?.hi ?? null) : null,
          resolved: t.resolved,
        });
      }
    }
  }
  return rows;
}

export function attackEpsilonSpec(results: ResultsV1): TopLevelSpec {
  const all = attackMetricRows(results);
  const rows = all.filter((r) => r.resolved && r.value !== null);
  const attacks = [...new Set(all.map((r) => r.attack))];
  const color = {
    field: 'attack',
    type: 'nominal' as const,
    title: 'Attack',
    scale: { domain: attacks, range: attacks.map((_, i) => CATEGORY[i % CATEGORY.length]) },
  };
  const x = {
    field: 'epsilon',
    type: 'quantitative' as const,
    title: 'Privacy budget ε (log scale)',
    scale: { type: 'log' as const, domain: epsilonDomain(results) },
  };
  const tooltip = [
    { field: 'attack', type: 'nominal' as const, title: 'Attack' },
    { field: 'arm', type: 'nominal' as const, title: 'Arm' },
    { field: 'value', type: 'quantitative' as const, title: 'Value', format: '.4f' },
    { field: 'lo', type: 'quantitative' as const, title: 'CI low', format: '.4f' },
    { field: 'hi', type: 'quantitative' as const, title: 'CI high', format: '.4f' },
  ];
  const metrics = [AUC_METRIC, ...LOW_FPRS.map(metricName)];
  return {
    $schema: VL_SCHEMA,
    config: configLegendBelow(attacks),
    title: {
      text: 'Membership-inference leakage vs privacy budget',
      subtitle: 'dashed: non-DP model; unresolved TPR values (too few non-members) are not plotted',
    },
    data: { values: rows },
    facet: { field: 'metric', type: 'nominal', title: null, sort: metrics },
    columns: 3,
    resolve: { scale: { y: 'independent' } },
    spec: {
      width: 200,
      height: 190,
      layer: epsilonPanelLayers({ x, yTitle: 'Attack success (AUC or TPR, unitless)', yScale: { zero: false }, color, tooltip }),
    },
  };
}

export function attackEpsilonChart(results: ResultsV1): Chart | null {
  const rows = attackMetricRows(results);
  if (rows.length === 0) return null;
  return {
    id: 'attack-epsilon',
    title: 'Attack success vs ε',
    description:
      'AUC 0.5 and TPR = FPR mean the attack does no better than guessing. TPR at a low FPR is what matters for the most exposed records.',
    spec: attackEpsilonSpec(results),
    table: {
      columns: ['Arm', 'ε', 'Attack', 'Metric', 'Value', '95 % CI'],
      rows: rows.map((r) => [
        r.arm,
        r.epsilon === null ? fmtEpsilon(null) : fmt(r.epsilon, 2),
        r.attack,
        r.metric,
        r.resolved ? fmt(r.value, 4) : 'unresolved (too few non-members for this FPR)',
        r.resolved ? fmtCi({ lo: r.lo, hi: r.hi }, 4) : '',
      ]),
    },
  };
}
