/**
 * "Who pays for privacy" (docs/methods.md#who-pays): per group, the harm of each DP arm against
 * the non-DP model on the same test rows — sensitivity lost (−ΔTPR), extra false alarms (ΔFPR) and extra
 * calibration error (ΔECE) — with paired-bootstrap CIs, one row of panels per metric and one column per
 * single-attribute grouping. Positive = the group is worse off. A ring marks a group whose whole 95 % CI
 * lies on the harm side (a loss the data support). Accuracy alone is not shown: it can rise while
 * sensitivity falls, when fewer positives are predicted. From `arms[].whoPays`; without it, Δ is computed
 * from the arms' fairness reports (no CI).
 */
import type { TopLevelSpec } from 'vega-lite';
import type { ResultsV1 } from '../../src/results/types.js';
import type { Chart } from '../chart.js';
import { fmt, fmtCi } from '../format.js';
import { readFairness } from '../read/fairness.js';
import { readWhoPays } from '../read/who-pays.js';
import { CATEGORY, COLORS } from '../colors.js';
import { configLegendBelow, PRINT_WIDTH, VL_SCHEMA, dpArms, epsilonDomain } from './common.js';

/** The metrics of the panels; `sign` turns Δ = arm − non-DP into a harm (positive = worse). */
export const WHO_PAYS_METRICS = [
  { key: 'tpr', name: 'Sensitivity lost (−ΔTPR)', sign: -1 },
  { key: 'fpr', name: 'Extra false alarms (ΔFPR)', sign: 1 },
  { key: 'ece', name: 'Extra calibration error (ΔECE)', sign: 1 },
] as const;

export interface WhoPaysRow {
  arm: string;
  epsilon: number;
  attribute: string;
  group: string;
  metric: string;
  /** Harm: positive = the group is worse off than under non-DP. */
  harm: number;
  lo: number | null;
  hi: number | null;
  /** The whole CI lies above 0 (a supported loss). */
  significant: boolean;
}

function row(
  a: { arm: string; epsilon: number | null },
  attribute: string,
  group: string,
  m: (typeof WHO_PAYS_METRICS)[number],
  delta: number,
  ci: { lo: number | null; hi: number | null } | null,
): WhoPaysRow {
  const s = m.sign;
  const lo = ci && ci.lo !== null && ci.hi !== null ? Math.min(s * ci.lo, s * ci.hi) : null;
  const hi = ci && ci.lo !== null && ci.hi !== null ? Math.max(s * ci.lo, s * ci.hi) : null;
  return {
    arm: a.arm,
    epsilon: a.epsilon as number,
    attribute,
    group,
    metric: m.name,
    harm: s * delta,
    lo,
    hi,
    significant: lo !== null && lo > 0,
  };
}

function fromWhoPays(results: ResultsV1): WhoPaysRow[] {
  const rows: WhoPaysRow[] = [];
  for (const a of dpArms(results)) {
    const w = readWhoPays(a.whoPays);
    if (!w) continue;
    for (const g of w.groupings) {
      if (g.attributes.length !== 1) continue;
      for (const c of g.groups) {
        if (c.suppressed) continue;
        for (const m of WHO_PAYS_METRICS) {
          const e = c.deltas[m.key];
          if (!e || e.value === null) continue;
          rows.push(row(a, g.attributes[0], c.values[g.attributes[0]] ?? c.label, m, e.value, e.ci ?? null));
        }
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
        for (const m of WHO_PAYS_METRICS) {
          const v = c.metrics[m.key];
          const bv = b.metrics[m.key];
          if (v == null || bv == null) continue;
          rows.push(row(a, g.attributes[0], c.values[g.attributes[0]] ?? c.label, m, v - bv, null));
        }
      }
    }
  }
  return rows;
}

export function whoPaysRows(results: ResultsV1): WhoPaysRow[] {
  const rows = fromWhoPays(results);
  return rows.length > 0 ? rows : fromFairness(results);
}

const byGroup = (a: string, b: string) => a.localeCompare(b, 'en', { numeric: true });

export function whoPaysSpec(results: ResultsV1): TopLevelSpec {
  const rows = whoPaysRows(results);
  const groups = [...new Set(rows.map((r) => r.group))].sort(byGroup);
  const palette = groups.map((_, i) => CATEGORY[i % CATEGORY.length]);
  const color = { field: 'group', type: 'nominal' as const, title: 'Group', scale: { domain: groups, range: palette } };
  const x = {
    field: 'epsilon',
    type: 'quantitative' as const,
    title: 'Privacy budget ε (log scale)',
    scale: { type: 'log' as const, domain: epsilonDomain(results) },
    axis: { format: '~g' },
  };
  const y = { field: 'harm', type: 'quantitative' as const, title: 'Harm vs non-DP (above 0 = worse)' };
  const tooltip = [
    { field: 'attribute', type: 'nominal' as const, title: 'Attribute' },
    { field: 'group', type: 'nominal' as const, title: 'Group' },
    { field: 'arm', type: 'nominal' as const, title: 'Arm' },
    { field: 'metric', type: 'nominal' as const, title: 'Metric' },
    { field: 'harm', type: 'quantitative' as const, title: 'Harm', format: '+.3f' },
    { field: 'lo', type: 'quantitative' as const, title: 'CI low', format: '+.3f' },
    { field: 'hi', type: 'quantitative' as const, title: 'CI high', format: '+.3f' },
  ];
  const attributes = [...new Set(rows.map((r) => r.attribute))];
  return {
    $schema: VL_SCHEMA,
    config: configLegendBelow(groups),
    title: {
      text: 'Who pays for privacy: harm per group against the non-DP model',
      subtitle: [
        'above 0: the group is worse off (fewer patients with the outcome found, more false alarms, worse-calibrated risks)',
        'bars: 95 % paired-bootstrap CI; ring: the whole CI is above 0 (a loss the data support)',
      ],
    },
    data: { values: rows },
    facet: {
      row: {
        field: 'metric',
        type: 'nominal',
        title: null,
        sort: WHO_PAYS_METRICS.map((m) => m.name),
        header: { labelAngle: 0, labelAlign: 'left', labelAnchor: 'start', labelOrient: 'top', labelFontWeight: 600 },
      },
      column: { field: 'attribute', type: 'nominal', title: null, sort: attributes },
    },
    resolve: { scale: { y: 'independent' } },
    spec: {
      // One column per attribute, each panel with its own y axis (about 60 px): the panels share the print
      // width (PRINT_WIDTH) down to 150 px; five or more attributes make the chart wider than that.
      width: Math.max(150, Math.min(320, Math.floor((PRINT_WIDTH - 20) / Math.max(1, attributes.length)) - 62)),
      height: 150,
      layer: [
        {
          data: { values: [{ zero: 0 }] },
          mark: { type: 'rule', color: '#888888' },
          encoding: { y: { field: 'zero', type: 'quantitative' } },
        },
        ...(rows.some((r) => r.lo !== null && r.hi !== null)
          ? [
              {
                transform: [{ filter: 'isValid(datum.lo) && isValid(datum.hi)' }],
                mark: { type: 'rule' as const, opacity: 0.7 },
                encoding: { x, y: { field: 'lo', type: 'quantitative' as const }, y2: { field: 'hi' }, color, tooltip },
              },
            ]
          : []),
        { mark: { type: 'line', point: { filled: true, size: 40 } }, encoding: { x, y, color, tooltip } },
        // Rings drawn on every point, visible only where the CI is above 0 (a filtered layer can be empty in
        // some panel, and Vega warns about its infinite extent).
        ...(rows.some((r) => r.significant)
          ? [
              {
                mark: { type: 'point' as const, filled: false, size: 190, strokeWidth: 2, color: COLORS.highlight },
                encoding: {
                  x,
                  y,
                  opacity: { condition: { test: 'datum.significant', value: 1 }, value: 0 },
                  tooltip,
                },
              },
            ]
          : []),
      ],
    },
  };
}

export function whoPaysChart(results: ResultsV1): Chart | null {
  const rows = whoPaysRows(results);
  if (rows.length === 0) return null;
  const sorted = [...rows].sort(
    (a, b) =>
      a.epsilon - b.epsilon || a.attribute.localeCompare(b.attribute) || byGroup(a.group, b.group) || a.metric.localeCompare(b.metric),
  );
  return {
    id: 'who-pays',
    title: 'Who pays for privacy',
    description:
      'For each group, how much worse the DP model is than the non-DP model on the same patients: sensitivity lost, false-positive rate gained and calibration error gained (above 0 = worse). Accuracy is not used: it can rise while sensitivity falls. Suppressed groups are not shown.',
    spec: whoPaysSpec(results),
    table: {
      columns: ['Arm', 'Attribute', 'Group', 'Metric', 'Harm (above 0 = worse)', '95 % paired CI', 'CI above 0'],
      rows: sorted.map((r) => [
        r.arm,
        r.attribute,
        r.group,
        r.metric,
        fmt(r.harm),
        fmtCi({ lo: r.lo, hi: r.hi }),
        r.significant ? 'yes' : '',
      ]),
    },
  };
}
