/**
 * Log-log ROC curves of every attack, one panel per arm, with the theoretical bound TPR_max(FPR)
 * from the arm's privacy profile (`arms[].overlay`) in black: under DP no attack can lie above it.
 * Points with FPR or TPR = 0 cannot be drawn on log axes and are dropped from the chart.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { ResultsV1 } from '../../src/results/types.js';
import type { Chart } from '../chart.js';
import { fmt, fmtEstimate, fmtRate } from '../format.js';
import { readAttack } from '../read/attack.js';
import { CATEGORY, COLORS } from '../colors.js';
import { CONFIG, VL_SCHEMA } from './common.js';

/** The overlay verdict of an arm, printed in the chart's subtitle (and the table below the chart). */
export function armOverlayVerdict(a: ResultsV1['arms'][number]): string {
  if (a.kind !== 'dp') return 'no guarantee (reference)';
  const checks = a.attacks.map(readAttack).filter((s) => s?.violation);
  if (checks.length === 0) return 'overlay not checked';
  const bad = checks.filter((s) => s?.violation?.violated).map((s) => s?.attack);
  return bad.length > 0 ? `VIOLATION: ${bad.join(', ')}` : `no violation (${checks.length} attack${checks.length > 1 ? 's' : ''})`;
}

/** Smallest FPR an arm's attacks resolve: below 10 / n_out fewer than 10 non-members would be false positives. */
export function resolvableFpr(a: ResultsV1['arms'][number]): number | null {
  const n = a.attacks.map((s) => s.nOut).filter((x) => x > 0);
  return n.length ? 10 / Math.min(...n) : null;
}

export const BOUND_SERIES = 'DP bound (theory)';

/**
 * The overlay verdicts as short subtitle lines, one per verdict with its arms ("• dp@1, dp@8: no violation
 * (2 attacks)"). They were the panel headers; there they made the panels wide and the printed text small.
 */
export function overlayVerdictLines(results: ResultsV1): string[] {
  const byVerdict = new Map<string, string[]>();
  for (const a of results.arms) {
    const v = armOverlayVerdict(a);
    byVerdict.set(v, [...(byVerdict.get(v) ?? []), a.arm]);
  }
  return [
    'Overlay check per arm (it decides; a single curve point does not):',
    ...[...byVerdict].map(([v, arms]) => `• ${arms.join(', ')}: ${v}`),
  ];
}

/** A panel's header: the arm, and VIOLATION when its overlay check failed (kept at the curves it concerns). */
export function rocPanelHeader(a: ResultsV1['arms'][number]): string {
  return armOverlayVerdict(a).startsWith('VIOLATION') ? `${a.arm}: VIOLATION` : a.arm;
}

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

/**
 * The points of each curve worth drawing on log–log axes: the first and last, and every point at least
 * 0.08 decades (≈ 20 %) away from the last kept one in FPR or TPR. Keeps the page small and fast to draw;
 * the shape on a log–log chart is unchanged at its resolution.
 */
export function thinCurves(rows: RocRow[], step = 0.08): RocRow[] {
  const out: RocRow[] = [];
  const byCurve = new Map<string, RocRow[]>();
  for (const r of rows) {
    const k = `${r.arm}\u0000${r.series}`;
    let list = byCurve.get(k);
    if (!list) byCurve.set(k, (list = []));
    list.push(r);
  }
  for (const list of byCurve.values()) {
    let last: RocRow | null = null;
    list.forEach((r, i) => {
      const far =
        last === null ||
        i === list.length - 1 ||
        Math.abs(Math.log10(r.fpr) - Math.log10(last.fpr)) >= step ||
        Math.abs(Math.log10(r.tpr) - Math.log10(last.tpr)) >= step;
      if (far) {
        out.push(r);
        last = r;
      }
    });
  }
  return out;
}

export function rocSpec(results: ResultsV1): TopLevelSpec {
  const rows = thinCurves(rocRows(results).filter((r) => r.fpr > 0 && r.tpr > 0));
  const attacks = [...new Set(rows.filter((r) => r.series !== BOUND_SERIES).map((r) => r.series))];
  const domain = [...attacks, BOUND_SERIES];
  const range = [...attacks.map((_, i) => CATEGORY[i % CATEGORY.length]), COLORS.bound];
  const minFpr = Math.max(1e-5, Math.min(...rows.map((r) => r.fpr), 1e-3));
  const axisScale = { type: 'log' as const, domain: [minFpr, 1] };
  const headers: Record<string, string> = {};
  for (const a of results.arms) headers[a.arm] = rocPanelHeader(a);
  const shade = results.arms
    .map((a) => ({ arm: a.arm, lo: minFpr, hi: resolvableFpr(a) }))
    .filter((x): x is { arm: string; lo: number; hi: number } => x.hi !== null && x.hi > minFpr);
  return {
    $schema: VL_SCHEMA,
    config: CONFIG,
    title: {
      text: 'ROC curves of the attacks (log–log) with the DP bound',
      subtitle: [
        ...overlayVerdictLines(results),
        'grey dotted: chance (TPR = FPR); black dashed: the most any attack can achieve at this arm’s ε',
        'grey band: FPR below 10 / n_out, too few non-members to resolve: curve points there are noise, not evidence',
      ],
    },
    data: { values: [...rows, ...shade.map((b) => ({ arm: b.arm, band: true, fpr: b.lo, fpr2: b.hi }))] },
    facet: {
      field: 'arm',
      type: 'nominal',
      title: null,
      sort: results.arms.map((a) => a.arm),
      header: { labelExpr: `${JSON.stringify(headers)}[datum.value] || datum.value`, labelFontWeight: 600, labelLimit: 170 },
    },
    // Three panels a row: four made the chart wider than an A4 page, where it was scaled to 6–7 px text. The
    // legend goes below the panels and the headers carry the arm only (the verdicts are in the subtitle): the
    // chart then fits the A4 text width and prints at its own font size.
    columns: 3,
    // Each panel draws its own x axis: a wrapped facet otherwise draws the bottom axis under an empty cell too.
    resolve: { axis: { x: 'independent' } },
    spec: {
      width: 170,
      height: 170,
      layer: [
        ...(shade.length
          ? [
              {
                transform: [{ filter: 'datum.band === true' }],
                mark: { type: 'rect' as const, color: '#000000', opacity: 0.08 },
                encoding: { x: { field: 'fpr', type: 'quantitative' as const, scale: axisScale }, x2: { field: 'fpr2' } },
              },
            ]
          : []),
        {
          data: { values: [{ p: minFpr }, { p: 1 }] },
          mark: { type: 'line', color: '#999999', strokeDash: [2, 2] },
          encoding: { x: { field: 'p', type: 'quantitative' }, y: { field: 'p', type: 'quantitative' } },
        },
        {
          transform: [{ filter: 'datum.band !== true' }],
          mark: { type: 'line', clip: true },
          encoding: {
            x: {
              field: 'fpr',
              type: 'quantitative',
              title: 'False-positive rate (log)',
              scale: axisScale,
              // Labels closer than 4 px are dropped (0.0001 and 0.002 touched in a 170 px panel).
              axis: { format: '~g', labelSeparation: 4 },
            },
            y: { field: 'tpr', type: 'quantitative', title: 'True-positive rate (log)', scale: axisScale, axis: { format: '~g' } },
            color: {
              field: 'series',
              type: 'nominal',
              title: 'Curve',
              scale: { domain, range },
              legend: { orient: 'bottom', direction: 'horizontal', columns: 3 },
            },
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
  // The curve points are in the chart's data only (embedded once); the table gives the numbers a reader
  // quotes: TPR at fixed FPRs with their CIs (unresolved where too few non-members), and each arm's verdict.
  const table: string[][] = [];
  for (const a of results.arms) {
    for (const raw of a.attacks ?? []) {
      const s = readAttack(raw);
      if (!s) continue;
      const tprs = s.tprAtFpr.map((t) =>
        t.resolved && t.tpr !== null
          ? `TPR ${fmt(t.tpr, 4)}${t.ci ? ` [${fmt(t.ci.lo, 4)}, ${fmt(t.ci.hi, 4)}]` : ''} at FPR ${fmtRate(t.fpr)}`
          : `unresolved at FPR ${fmtRate(t.fpr)}`,
      );
      table.push([
        a.arm,
        s.attack,
        fmtEstimate(s.auc),
        tprs.join('; '),
        s.violation ? (s.violation.violated ? 'VIOLATION' : 'no violation') : a.kind === 'dp' ? 'not checked' : 'no guarantee',
      ]);
    }
  }
  return {
    id: 'roc',
    title: 'ROC curves with the theoretical bound',
    description:
      'A curve above the black bound would suggest the implementation leaks more than its ε allows; the statistical check (the overlay check line above the panels; VIOLATION also in the panel header) decides, because single curve points at low FPR rest on few non-members. The shaded band marks FPRs too low to resolve.',
    spec: rocSpec(results),
    table: {
      columns: ['Arm', 'Attack', 'Attack AUC [95 % DeLong CI]', 'TPR at low FPR [95 % Clopper–Pearson CI]', 'Overlay check'],
      rows: table,
    },
  };
}
