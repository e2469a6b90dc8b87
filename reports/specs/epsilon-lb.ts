/**
 * Empirical ε lower bounds vs the claimed ε of each DP arm, with the y = x line: a bound above the
 * line (or a theory-overlay violation) is drawn in red. Clopper–Pearson bounds assume independent
 * trials; the one-run bound is the rigorous one; GDP-derived bounds assume μ-GDP (shown, never
 * counted as a violation).
 */
import type { TopLevelSpec } from 'vega-lite';
import type { ResultsV1 } from '../../src/results/types.js';
import type { Chart } from '../chart.js';
import { fmt } from '../format.js';
import { readAttack, readOneRun } from '../read/attack.js';
import { COLORS } from '../colors.js';
import { CONFIG, VL_SCHEMA, dpArms } from './common.js';

export interface EpsilonLbRow {
  arm: string;
  claimed: number;
  source: string;
  method: string;
  label: string;
  epsilonLb: number;
  assumesGdp: boolean;
  violated: boolean;
  status: string;
}

export const ONE_RUN = 'one-run (canaries)';

export function epsilonLbRows(results: ResultsV1): EpsilonLbRow[] {
  const rows: EpsilonLbRow[] = [];
  for (const a of dpArms(results)) {
    const claimed = a.privacy.epsilon ?? (a.epsilon as number);
    for (const raw of a.attacks ?? []) {
      const s = readAttack(raw);
      if (!s) continue;
      for (const b of s.epsilonLb) {
        if (b.epsilonLb === null) continue;
        const violated = !b.assumesGdp && (b.epsilonLb > claimed || s.violation?.violated === true);
        rows.push({
          arm: a.arm,
          claimed,
          source: s.attack,
          method: b.method,
          label: b.label,
          epsilonLb: b.epsilonLb,
          assumesGdp: b.assumesGdp,
          violated,
          status: status(violated, b.assumesGdp),
        });
      }
    }
    const one = readOneRun(a.oneRun);
    if (one && one.epsilonLb !== null) {
      const violated = one.epsilonLb > claimed;
      rows.push({
        arm: a.arm,
        claimed,
        source: ONE_RUN,
        method: 'one-run',
        label: 'one run, rigorous',
        epsilonLb: one.epsilonLb,
        assumesGdp: false,
        violated,
        status: status(violated, false),
      });
    }
  }
  return rows;
}

function status(violated: boolean, gdp: boolean): string {
  if (violated) return 'exceeds claimed ε (violation)';
  return gdp ? 'assumes μ-GDP (not a check)' : 'below claimed ε';
}

export function epsilonLbSpec(results: ResultsV1): TopLevelSpec {
  const rows = epsilonLbRows(results);
  const maxEps = Math.max(1, ...rows.map((r) => Math.max(r.claimed, r.epsilonLb))) * 1.1;
  const x = {
    field: 'claimed',
    type: 'quantitative' as const,
    title: 'Claimed ε (accountant upper bound)',
    scale: { domain: [0, maxEps] },
  };
  const y = { field: 'epsilonLb', type: 'quantitative' as const, title: 'Empirical ε lower bound', scale: { domain: [0, maxEps] } };
  const statuses = ['below claimed ε', 'assumes μ-GDP (not a check)', 'exceeds claimed ε (violation)'];
  return {
    $schema: VL_SCHEMA,
    config: CONFIG,
    title: {
      text: 'Measured leakage vs claimed ε',
      subtitle: 'dashed: y = x; a red point above it means the implementation leaks more than claimed',
    },
    width: 380,
    height: 300,
    layer: [
      {
        data: { values: [{ e: 0 }, { e: maxEps }] },
        mark: { type: 'line', color: '#555555', strokeDash: [5, 4] },
        encoding: { x: { field: 'e', type: 'quantitative' }, y: { field: 'e', type: 'quantitative' } },
      },
      {
        data: { values: rows },
        mark: { type: 'point', filled: true, size: 90, opacity: 0.85 },
        encoding: {
          x,
          y,
          color: {
            field: 'status',
            type: 'nominal',
            title: 'Status',
            scale: { domain: statuses, range: ['#1f77b4', '#9e9e9e', COLORS.violation] },
          },
          shape: { field: 'source', type: 'nominal', title: 'Attack / audit' },
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
    ],
  };
}

export function epsilonLbChart(results: ResultsV1): Chart | null {
  const rows = epsilonLbRows(results);
  if (rows.length === 0) return null;
  return {
    id: 'epsilon-lb',
    title: 'Empirical ε lower bounds vs claimed ε',
    description: 'A lower bound below the claimed ε is expected; it says how much of the budget attacks can demonstrate.',
    spec: epsilonLbSpec(results),
    table: {
      columns: ['Arm', 'Claimed ε', 'Attack / audit', 'Method', 'Assumption', 'ε lower bound', 'Status'],
      rows: rows.map((r) => [r.arm, fmt(r.claimed), r.source, r.method, r.label, fmt(r.epsilonLb), r.status]),
    },
  };
}
