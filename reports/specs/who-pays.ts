/**
 * "Who pays for privacy": per-group change in accuracy vs non-DP (Δ = DP − non-DP) across ε for each
 * single-attribute grouping, with paired-bootstrap CIs; groups whose loss exceeds the overall loss are
 * highlighted. From `arms[].whoPays`; without it, Δ is computed from the arms' fairness reports (no CI).
 */
import type { TopLevelSpec } from 'vega-lite';
import type { ResultsV1 } from '../../src/results/types.js';
import type { Chart } from '../chart.js';
import { fmt, fmtCi } from '../format.js';
import { readFairness } from '../read/fairness.js';
import { readWhoPays } from '../read/who-pays.js';
import { CATEGORY, COLORS } from '../colors.js';
import { CONFIG, VL_SCHEMA, dpArms, epsilonDomain } from './common.js';

export const WHO_PAYS_METRIC = 'accuracy';

export interface WhoPaysRow {
  arm: string;
  epsilon: number;
  attribute: string;
  group: string;
  delta: number;
  lo: number | null;
  hi: number | null;
  paysMore: boolean;
}

function fromWhoPays(results: ResultsV1): WhoPaysRow[] {
  const rows: WhoPaysRow[] = [];
  for (const a of dpArms(results)) {
    const w = readWhoPays(a.whoPays);
    if (!w) continue;
    for (const g of w.groupings) {
      if (g.attributes.length !== 1) continue;
      const more = new Set(g.exceedsOverall[WHO_PAYS_METRIC] ?? []);
      for (const c of g.groups) {
        const e = c.deltas[WHO_PAYS_METRIC];
        if (c.suppressed || !e || e.value === null) continue;
        rows.push({
          arm: a.arm,
          epsilon: a.epsilon as number,
          attribute: g.attributes[0],
          group: c.values[g.attributes[0]] ?? c.label,
          delta: e.value,
          lo: e.ci?.lo ?? null,
          hi: e.ci?.hi ?? null,
          paysMore: more.has(c.label),
        });
      }
    }
  }
  return rows;
}

function fromFairness(results: ResultsV1): WhoPaysRow[] {
  const base = results.arms.find((a) => a.kind === 'nondp');
  const bf = base ? readFairness(base.fairness) : null;
  if (!bf) return [];
  const rows: WhoPaysRow[] = [];
  for (const a of dpArms(results)) {
    const f = readFairness(a.fairness);
    if (!f) continue;
    for (const g of f.groupings) {
      if (g.attributes.length !== 1) continue;
      const bg = bf.groupings.find((x) => x.attributes.join('\u0000') === g.attributes.join('\u0000'));
      for (const c of g.groups) {
        const b = bg?.groups.find((x) => x.label === c.label);
        if (c.suppressed || !b || b.suppressed) continue;
        const v = c.metrics[WHO_PAYS_METRIC];
        const bv = b.metrics[WHO_PAYS_METRIC];
        if (v == null || bv == null) continue;
        rows.push({
          arm: a.arm,
          epsilon: a.epsilon as number,
          attribute: g.attributes[0],
          group: c.values[g.attributes[0]] ?? c.label,
          delta: v - bv,
          lo: null,
          hi: null,
          paysMore: false,
        });
      }
    }
  }
  return rows;
}

export function whoPaysRows(results: ResultsV1): WhoPaysRow[] {
  const rows = fromWhoPays(results);
  return rows.length > 0 ? rows : fromFairness(results);
}

export function whoPaysSpec(results: ResultsV1): TopLevelSpec {
  const rows = whoPaysRows(results);
  const groups = [...new Set(rows.map((r) => r.group))];
  const palette = groups.map((_, i) => CATEGORY[i % CATEGORY.length]);
  const color = { field: 'group', type: 'nominal' as const, title: 'Group', scale: { domain: groups, range: palette } };
  const x = {
    field: 'epsilon',
    type: 'quantitative' as const,
    title: 'Privacy budget ε (log scale)',
    scale: { type: 'log' as const, domain: epsilonDomain(results) },
  };
  const y = { field: 'delta', type: 'quantitative' as const, title: 'Δ accuracy vs non-DP (−0.02 = 2 points lost)' };
  const tooltip = [
    { field: 'attribute', type: 'nominal' as const, title: 'Attribute' },
    { field: 'group', type: 'nominal' as const, title: 'Group' },
    { field: 'arm', type: 'nominal' as const, title: 'Arm' },
    { field: 'delta', type: 'quantitative' as const, title: 'Δ accuracy', format: '+.3f' },
    { field: 'lo', type: 'quantitative' as const, title: 'CI low', format: '+.3f' },
    { field: 'hi', type: 'quantitative' as const, title: 'CI high', format: '+.3f' },
    { field: 'paysMore', type: 'nominal' as const, title: 'Loses more than overall' },
  ];
  return {
    $schema: VL_SCHEMA,
    config: CONFIG,
    title: {
      text: 'Who pays for privacy: per-group change in accuracy vs non-DP',
      subtitle: 'red ring: the group loses more than the whole test set',
    },
    data: { values: rows },
    facet: { column: { field: 'attribute', type: 'nominal', title: 'Attribute' } },
    spec: {
      width: 260,
      height: 200,
      layer: [
        {
          data: { values: [{ zero: 0 }] },
          mark: { type: 'rule', color: '#888888' },
          encoding: { y: { field: 'zero', type: 'quantitative' } },
        },
        // CI bars only when deltas carry CIs (the fallback from fairness reports has none).
        ...(rows.some((r) => r.lo !== null && r.hi !== null)
          ? [
              {
                transform: [{ filter: 'isValid(datum.lo) && isValid(datum.hi)' }],
                mark: { type: 'rule' as const },
                encoding: { x, y: { field: 'lo', type: 'quantitative' as const }, y2: { field: 'hi' }, color, tooltip },
              },
            ]
          : []),
        { mark: { type: 'line', point: { filled: true, size: 40 } }, encoding: { x, y, color, tooltip } },
        {
          transform: [{ filter: 'datum.paysMore' }],
          mark: { type: 'point', filled: false, size: 200, strokeWidth: 2, color: COLORS.highlight },
          encoding: { x, y, tooltip },
        },
      ],
    },
  };
}

export function whoPaysChart(results: ResultsV1): Chart | null {
  const rows = whoPaysRows(results);
  if (rows.length === 0) return null;
  return {
    id: 'who-pays',
    title: 'Who pays for privacy',
    description:
      'Change in each group’s accuracy when the DP model replaces the non-DP one (negative = the group loses accuracy). Suppressed groups are not shown.',
    spec: whoPaysSpec(results),
    table: {
      columns: ['Arm', 'Attribute', 'Group', 'Δ accuracy', '95 % CI', 'Loses more than overall'],
      rows: rows.map((r) => [r.arm, r.attribute, r.group, fmt(r.delta), fmtCi({ lo: r.lo, hi: r.hi }), r.paysMore ? 'yes' : '']),
    },
  };
}
