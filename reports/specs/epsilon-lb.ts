/**
 * Empirical ε lower bounds per arm (docs/methods.md#one-run-audit, #overlay): one column per arm (non-DP and
 * clip-only as references: they have no guarantee, so their bounds show what an unprotected model leaks), the
 * claimed ε as a black bar, the most the one-run audit could ever show (its ceiling) as a grey bar, and each
 * bound as a point on a symmetric-log scale, so that bounds near 0 and up to the ceiling are all visible.
 * Clopper–Pearson bounds assume independent trials; the one-run bound is the rigorous one; GDP-derived bounds
 * assume μ-GDP (shown, never counted as a violation).
 */
import type { TopLevelSpec } from 'vega-lite';
import type { ResultsV1 } from '../../src/results/types.js';
import type { Chart } from '../chart.js';
import { fmt } from '../format.js';
import { readAttack, readOneRun } from '../read/attack.js';
import { CATEGORY, COLORS } from '../colors.js';
import { configLegendBelow, PRINT_WIDTH, VL_SCHEMA } from './common.js';

export interface EpsilonLbRow {
  arm: string;
  /** Claimed ε of the arm; null for non-DP and clip-only (no guarantee). */
  claimed: number | null;
  source: string;
  method: string;
  label: string;
  epsilonLb: number;
  assumesGdp: boolean;
  violated: boolean;
  status: string;
  /** Most this method could show on this arm (one-run ceiling), when known. */
  ceiling: number | null;
}

export const ONE_RUN = 'one-run (canaries)';

export function epsilonLbRows(results: ResultsV1): EpsilonLbRow[] {
  const rows: EpsilonLbRow[] = [];
  for (const a of results.arms) {
    const claimed = a.kind === 'dp' ? (a.privacy.epsilon ?? a.epsilon) : null;
    for (const raw of a.attacks ?? []) {
      const s = readAttack(raw);
      if (!s) continue;
      for (const b of s.epsilonLb) {
        if (b.epsilonLb === null) continue;
        const violated = claimed !== null && !b.assumesGdp && (b.epsilonLb > claimed || s.violation?.violated === true);
        rows.push({
          arm: a.arm,
          claimed,
          source: s.attack,
          method: b.method,
          label: b.label,
          epsilonLb: b.epsilonLb,
          assumesGdp: b.assumesGdp,
          violated,
          status: status(violated, b.assumesGdp, claimed),
          ceiling: null,
        });
      }
    }
    const one = readOneRun(a.oneRun);
    if (one && one.epsilonLb !== null) {
      const violated = claimed !== null && one.epsilonLb > claimed;
      rows.push({
        arm: a.arm,
        claimed,
        source: ONE_RUN,
        method: 'one-run',
        label: 'one run, rigorous',
        epsilonLb: one.epsilonLb,
        assumesGdp: false,
        violated,
        status: status(violated, false, claimed),
        ceiling: one.ceiling,
      });
    }
  }
  return rows;
}

function status(violated: boolean, gdp: boolean, claimed: number | null): string {
  if (violated) return 'exceeds claimed ε (violation)';
  if (claimed === null) return 'reference (no guarantee)';
  return gdp ? 'assumes μ-GDP (not a check)' : 'below claimed ε';
}

export function epsilonLbSpec(results: ResultsV1): TopLevelSpec {
  const rows = epsilonLbRows(results);
  const order = results.arms.map((a) => a.arm);
  const bars = results.arms.flatMap((a) => {
    const out: { arm: string; what: string; value: number }[] = [];
    if (a.kind === 'dp') {
      const c = a.privacy.epsilon ?? a.epsilon;
      if (c !== null) out.push({ arm: a.arm, what: 'claimed ε (guarantee)', value: c });
    }
    const one = readOneRun(a.oneRun);
    if (one?.ceiling != null) out.push({ arm: a.arm, what: 'one-run ceiling (most it can show)', value: one.ceiling });
    return out;
  });
  const sources = [...new Set(rows.map((r) => r.source))];
  const x = { field: 'arm', type: 'nominal' as const, title: 'Arm', sort: order, axis: { labelAngle: 0 } };
  const yScale = { type: 'symlog' as const, constant: 0.1 };
  const y = { field: 'epsilonLb', type: 'quantitative' as const, title: 'ε (symmetric-log scale)', scale: yScale };
  return {
    $schema: VL_SCHEMA,
    // Legends under the plot and at most 790 px of plot: the chart prints at 9 px or more on A4 (PRINT_WIDTH).
    config: configLegendBelow([...sources, ...new Set(rows.map((r) => r.method))]),
    title: {
      text: 'Measured leakage (ε lower bounds) against the claimed ε',
      subtitle: [
        'black bar: claimed ε; grey bar: the most the one-run audit could show (its ceiling); points: lower bounds',
        'non-DP and clip-only have no guarantee: their bounds show what the unprotected model leaks; red ring: bound above the claim',
      ],
    },
    width: Math.min(PRINT_WIDTH - 70, 110 * order.length),
    height: 260,
    layer: [
      {
        data: { values: bars },
        // The bar spans 65 % of the arm's band at any chart width (a fixed size overlapped the next arm in the phone layout).
        mark: { type: 'tick', thickness: 2.5, size: { expr: "bandwidth('x') * 0.65" } },
        encoding: {
          x,
          y: { field: 'value', type: 'quantitative', scale: yScale, title: 'ε (symmetric-log scale)' },
          color: { condition: { test: "datum.what === 'claimed ε (guarantee)'", value: '#111111' }, value: '#9a9a9a' },
          tooltip: [
            { field: 'arm', type: 'nominal', title: 'Arm' },
            { field: 'what', type: 'nominal', title: 'Reference' },
            { field: 'value', type: 'quantitative', title: 'ε', format: '.3f' },
          ],
        },
      },
      {
        data: { values: rows },
        mark: { type: 'point', filled: true, size: 80, opacity: 0.9 },
        encoding: {
          x,
          xOffset: { field: 'source', type: 'nominal', scale: { domain: sources } },
          y,
          color: {
            field: 'source',
            type: 'nominal',
            title: 'Attack / audit',
            scale: { domain: sources, range: sources.map((_, i) => CATEGORY[i % CATEGORY.length]) },
          },
          shape: {
            field: 'method',
            type: 'nominal',
            title: 'Bound',
          },
          tooltip: [
            { field: 'arm', type: 'nominal', title: 'Arm' },
            { field: 'source', type: 'nominal', title: 'Attack / audit' },
            { field: 'method', type: 'nominal', title: 'Method' },
            { field: 'label', type: 'nominal', title: 'Assumption' },
            { field: 'claimed', type: 'quantitative', title: 'Claimed ε', format: '.3f' },
            { field: 'epsilonLb', type: 'quantitative', title: 'ε lower bound', format: '.3f' },
            { field: 'status', type: 'nominal', title: 'Status' },
          ],
        },
      },
      ...(rows.some((r) => r.violated)
        ? [
            {
              data: { values: rows },
              transform: [{ filter: 'datum.violated' }],
              mark: { type: 'point' as const, filled: false, size: 260, strokeWidth: 2.5, color: COLORS.violation },
              encoding: { x, xOffset: { field: 'source', type: 'nominal' as const, scale: { domain: sources } }, y },
            },
          ]
        : []),
    ],
    resolve: { scale: { color: 'independent' } },
  } as TopLevelSpec;
}

export function epsilonLbChart(results: ResultsV1): Chart | null {
  const rows = epsilonLbRows(results);
  if (rows.length === 0) return null;
  return {
    id: 'epsilon-lb',
    title: 'Empirical ε lower bounds vs claimed ε',
    description:
      'A lower bound below the claimed ε is expected: it says how much of the budget the attacks can demonstrate, never that the model is private. Clopper–Pearson bounds assume independent trials (multi-run); the one-run bound is rigorous but can never exceed its ceiling, so a low one-run bound on a weak audit says little; GDP-derived bounds assume μ-GDP and are not checks.',
    spec: epsilonLbSpec(results),
    table: {
      columns: ['Arm', 'Claimed ε', 'Attack / audit', 'Method', 'Assumption', 'ε lower bound', 'Ceiling', 'Status'],
      rows: rows.map((r) => [
        r.arm,
        r.claimed === null ? 'none (no guarantee)' : fmt(r.claimed),
        r.source,
        r.method,
        r.label,
        fmt(r.epsilonLb),
        r.ceiling === null ? '' : fmt(r.ceiling, 2),
        r.status,
      ]),
    },
  };
}
