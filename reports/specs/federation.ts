/**
 * Federated charts (docs/methods.md#federated): test AUC vs ε for centralised, federated + local DP and
 * federated + server-side DP arms (non-DP references as dashed lines), and the headline attack's AUC on the
 * audited site's rows through the final model vs through the site's update (docs/methods.md#federated).
 */
import type { TopLevelSpec } from 'vega-lite';
import type { ResultsV1 } from '../../src/results/types.js';
import type { Chart } from '../chart.js';
import { fmt, fmtCi } from '../format.js';
import { CONFIG, VL_SCHEMA } from './common.js';

export interface FederatedUtilityRow {
  series: string;
  arm: string;
  /** `reference`: an arm without ε (drawn as a horizontal rule). */
  kind: 'reference' | 'dp';
  epsilon: number | null;
  value: number;
  lo: number | null;
  hi: number | null;
}

const SERIES = {
  central: 'centralised',
  none: 'federated, no DP',
  'local-dp': 'federated + local DP',
  'server-dp': 'federated + server DP',
} as const;

export function federatedUtilityRows(results: ResultsV1): FederatedUtilityRow[] {
  const f = results.federation;
  if (!f) return [];
  const rows: FederatedUtilityRow[] = [];
  for (const a of results.arms) {
    if (a.arm !== 'nondp' && !(a.kind === 'dp' && a.epsilon !== null)) continue;
    const e = a.utility.auc;
    if (e.value === null) continue;
    rows.push({
      series: SERIES.central,
      arm: a.arm,
      kind: a.kind === 'dp' ? 'dp' : 'reference',
      epsilon: a.kind === 'dp' ? a.epsilon : null,
      value: e.value,
      lo: e.ci?.lo ?? null,
      hi: e.ci?.hi ?? null,
    });
  }
  for (const a of f.arms) {
    if (a.auc.value === null) continue;
    rows.push({
      series: SERIES[a.mode],
      arm: a.arm,
      kind: a.mode === 'none' || a.targetEpsilon === null ? 'reference' : 'dp',
      epsilon: a.mode === 'none' ? null : a.targetEpsilon,
      value: a.auc.value,
      lo: a.auc.ci?.lo ?? null,
      hi: a.auc.ci?.hi ?? null,
    });
  }
  return rows;
}

function epsDomain(rows: FederatedUtilityRow[]): [number, number] {
  const eps = rows.flatMap((r) => (r.epsilon !== null ? [r.epsilon] : []));
  if (eps.length === 0) return [0.1, 10];
  return [Math.min(...eps) / 1.5, Math.max(...eps) * 1.5];
}

export function federatedUtilityChart(results: ResultsV1): Chart | null {
  const rows = federatedUtilityRows(results);
  if (!results.federation || rows.length === 0) return null;
  const color = { field: 'series', type: 'nominal' as const, title: 'Setting', sort: Object.values(SERIES) };
  const x = {
    field: 'epsilon',
    type: 'quantitative' as const,
    title: 'Privacy budget ε (log scale)',
    scale: { type: 'log' as const, domain: epsDomain(rows) },
  };
  const tooltip = [
    { field: 'arm', type: 'nominal' as const, title: 'Arm' },
    { field: 'epsilon', type: 'quantitative' as const, title: 'ε' },
    { field: 'value', type: 'quantitative' as const, title: 'AUC', format: '.3f' },
    { field: 'lo', type: 'quantitative' as const, title: 'CI low', format: '.3f' },
    { field: 'hi', type: 'quantitative' as const, title: 'CI high', format: '.3f' },
  ];
  const spec: TopLevelSpec = {
    $schema: VL_SCHEMA,
    config: CONFIG,
    title: 'Test AUC: centralised vs federated vs federated + DP',
    data: { values: rows },
    width: 420,
    height: 240,
    layer: [
      {
        transform: [{ filter: "datum.kind === 'reference'" }],
        mark: { type: 'rule', strokeDash: [6, 4], strokeWidth: 1.5 },
        encoding: { y: { field: 'value', type: 'quantitative', title: 'Test AUC', scale: { zero: false } }, color, tooltip },
      },
      {
        transform: [{ filter: "datum.kind === 'dp' && isValid(datum.lo) && isValid(datum.hi)" }],
        mark: { type: 'rule', strokeWidth: 1.5 },
        encoding: { x, y: { field: 'lo', type: 'quantitative' }, y2: { field: 'hi' }, color, tooltip },
      },
      {
        transform: [{ filter: "datum.kind === 'dp'" }],
        mark: { type: 'line', point: { filled: true, size: 50 } },
        encoding: { x, y: { field: 'value', type: 'quantitative' }, color, tooltip },
      },
    ],
  };
  return {
    id: 'federated-utility',
    title: 'Utility: centralised vs federated',
    description:
      'Test AUC of the release (global) model with 95 % bootstrap CIs. Lines: arms with an ε, by setting; dashed horizontal lines: the centralised non-DP and federated no-DP arms. The ε of different settings protect different units (see the sentences above): a federated + server DP ε is per site.',
    spec,
    table: {
      columns: ['Setting', 'Arm', 'ε', 'AUC', '95 % CI'],
      rows: rows.map((r) => [
        r.series,
        r.arm,
        r.epsilon === null ? 'no guarantee' : fmt(r.epsilon, 2),
        fmt(r.value),
        fmtCi({ lo: r.lo, hi: r.hi }),
      ]),
    },
  };
}

export interface FederatedLeakageRow {
  arm: string;
  target: string;
  attack: string;
  auc: number;
  lo: number | null;
  hi: number | null;
  epsilonLb: number | null;
}

export function federatedLeakageRows(results: ResultsV1): FederatedLeakageRow[] {
  const rows: FederatedLeakageRow[] = [];
  for (const a of results.federation?.arms ?? []) {
    const l = a.leakage;
    if (!l) continue;
    for (const [target, list, name] of [
      ['final model', l.finalModel, l.headline.finalModel],
      ['site update', l.siteUpdate, l.headline.siteUpdate],
    ] as const) {
      const x = list.find((y) => y.attack === name);
      if (!x || x.auc === null) continue;
      rows.push({
        arm: a.arm,
        target,
        attack: x.attack,
        auc: x.auc,
        lo: x.aucCi?.lo ?? null,
        hi: x.aucCi?.hi ?? null,
        epsilonLb: x.epsilonLb,
      });
    }
  }
  return rows;
}

export function federatedLeakageChart(results: ResultsV1): Chart | null {
  const rows = federatedLeakageRows(results);
  if (rows.length === 0) return null;
  const color = { field: 'target', type: 'nominal' as const, title: 'Attacked', sort: ['final model', 'site update'] };
  const tooltip = [
    { field: 'arm', type: 'nominal' as const, title: 'Arm' },
    { field: 'target', type: 'nominal' as const, title: 'Attacked' },
    { field: 'attack', type: 'nominal' as const, title: 'Attack' },
    { field: 'auc', type: 'quantitative' as const, title: 'AUC', format: '.3f' },
    { field: 'epsilonLb', type: 'quantitative' as const, title: 'ε lower bound', format: '.2f' },
  ];
  const x = { field: 'arm', type: 'nominal' as const, title: 'Federated arm', sort: null };
  const xOffset = { field: 'target', type: 'nominal' as const, sort: ['final model', 'site update'] };
  const spec: TopLevelSpec = {
    $schema: VL_SCHEMA,
    config: CONFIG,
    title: "Membership leakage of the audited site's rows: final model vs the site's update",
    data: { values: rows },
    width: { step: 36 },
    height: 220,
    layer: [
      {
        mark: { type: 'point', filled: true, size: 60 },
        encoding: {
          x,
          xOffset,
          y: { field: 'auc', type: 'quantitative', title: 'Attack AUC', scale: { domain: [0.4, 1] } },
          color,
          tooltip,
        },
      },
      {
        transform: [{ filter: 'isValid(datum.lo) && isValid(datum.hi)' }],
        mark: { type: 'rule', strokeWidth: 1.5 },
        encoding: { x, xOffset, y: { field: 'lo', type: 'quantitative' }, y2: { field: 'hi' }, color, tooltip },
      },
      {
        mark: { type: 'rule', strokeDash: [4, 4], color: '#888888' },
        encoding: { y: { datum: 0.5 } },
      },
    ],
  };
  return {
    id: 'federated-leakage',
    title: 'Leakage of updates vs of the final model',
    description:
      "The pre-registered headline attack on the same rows (the audited site's training-pool rows): through the final global model, and through the site's last-round update as the server sees it; 95 % DeLong CIs, which treat the pooled (model, row) pairs as independent and so understate the spread between models when the fleet is small. 0.5 (dashed) is guessing.",
    spec,
    table: {
      columns: ['Arm', 'Attacked', 'Attack', 'AUC', '95 % CI', 'ε lower bound'],
      rows: rows.map((r) => [r.arm, r.target, r.attack, fmt(r.auc), fmtCi({ lo: r.lo, hi: r.hi }), fmt(r.epsilonLb, 2)]),
    },
  };
}
