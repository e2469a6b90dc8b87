import type { Interval } from '../bootstrap.js';
import {
  DISPARITY_KEYS,
  DISPARITY_VARIANTS,
  WORST_KEYS,
  type DeltaReport,
  type FairnessReport,
  type GroupValues,
  type RateKey,
} from './types.js';

/** Plain-text rendering of the fairness output (the CLI without --json): tables of groups and disparities. */
const SHOWN: readonly RateKey[] = ['selectionRate', 'tpr', 'fpr', 'accuracy', 'rocAuc'];

function f(v: number | null, d = 3): string {
  return v === null ? 'n/a' : v.toFixed(d);
}

function withCi(v: number | null, ci: Interval | null | undefined): string {
  if (ci === undefined) return f(v);
  return `${f(v)} [${ci === null ? 'n/a' : `${f(ci.lower)}, ${f(ci.upper)}`}]`;
}

function label(values: GroupValues): string {
  return Object.entries(values)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
}

function table(rows: string[][]): string {
  const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
  return rows
    .map((r) =>
      r
        .map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c])))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

export function formatFairnessText(r: FairnessReport): string {
  const out: string[] = [];
  const o = r.overall;
  out.push(`overall: n = ${o.count}, ` + SHOWN.map((k) => `${k} ${withCi(o[k], r.overallCi?.[k])}`).join(', '));
  out.push(
    r.bootstrap
      ? `intervals: ${Math.round(r.bootstrap.level * 100)} % ${r.bootstrap.method}, ${r.bootstrap.resamples} resamples, seed ${r.bootstrap.seed}`
      : 'intervals: none (bootstrap off)',
  );
  for (const g of r.groupings) {
    out.push('');
    out.push(`${g.attributes.join(' × ')} (reference ${label(g.reference)}, ${g.referenceSource})`);
    const rows: string[][] = [['group', 'n', ...SHOWN, 'flags']];
    for (const e of g.groups) {
      if ('suppressed' in e) {
        rows.push([label(e.values), `<${r.suppressBelow}`, ...SHOWN.map(() => 'suppressed'), '']);
        continue;
      }
      const flags = [
        e.flags.empty ? 'empty' : e.flags.smallGroup ? 'small' : '',
        e.flags.undefined.length > 0 ? `undefined: ${e.flags.undefined.join(' ')}` : '',
      ].filter((s) => s !== '');
      rows.push([label(e.values), String(e.metrics.count), ...SHOWN.map((k) => withCi(e.metrics[k], e.ci?.[k])), flags.join('; ')]);
    }
    out.push(table(rows));
    out.push('');
    const drows: string[][] = [['disparity', ...DISPARITY_VARIANTS]];
    for (const k of DISPARITY_KEYS) drows.push([k, ...DISPARITY_VARIANTS.map((v) => withCi(g.disparities[v][k], g.disparitiesCi?.[v][k]))]);
    out.push(table(drows));
    const worst = WORST_KEYS.map((k) => {
      const w = g.worst[k];
      const who = w.suppressed ? 'a suppressed group' : w.values ? label(w.values) : '-';
      return `${k} ${withCi(w.value, w.ci)} (${who})`;
    });
    out.push(`worst group: ${worst.join('; ')}`);
    const skipped = Object.entries(g.skippedNull);
    if (skipped.length > 0) out.push(`skipped null values: ${skipped.map(([k, n]) => `${k} ${n}`).join(', ')}`);
  }
  if (r.notes.length > 0) {
    out.push('');
    for (const n of r.notes) out.push(`note: ${n}`);
  }
  return out.join('\n') + '\n';
}

const DELTA_SHOWN: readonly RateKey[] = ['accuracy', 'tpr', 'fpr', 'rocAuc', 'ece'];

export function formatDeltasText(d: DeltaReport): string {
  const out: string[] = ['who pays for privacy: Δ = dp − baseline'];
  out.push(`overall: ` + DELTA_SHOWN.map((k) => `Δ${k} ${withCi(d.overall.delta[k], d.overall.ci?.[k])}`).join(', '));
  for (const g of d.groupings) {
    out.push('');
    out.push(g.attributes.join(' × '));
    const rows: string[][] = [['group', 'n', ...DELTA_SHOWN.map((k) => `Δ${k}`)]];
    for (const e of g.groups) {
      if ('suppressed' in e) rows.push([label(e.values), 'suppressed', ...DELTA_SHOWN.map(() => 'suppressed')]);
      else rows.push([label(e.values), String(e.count), ...DELTA_SHOWN.map((k) => withCi(e.delta[k], e.ci?.[k]))]);
    }
    out.push(table(rows));
    const ex = DELTA_SHOWN.flatMap((k) => {
      const vs = g.exceedsOverall[k];
      return vs && vs.length > 0 ? [`${k}: ${vs.map(label).join(' | ')}`] : [];
    });
    out.push(
      ex.length > 0
        ? `loss above the overall loss — ${ex.join('; ')}`
        : `no group loses more than the overall population on ${DELTA_SHOWN.join(', ')}`,
    );
    const sup = Object.entries(g.suppressedExceeding);
    if (sup.length > 0) out.push(`suppressed groups above the overall loss: ${sup.map(([k, n]) => `${k} ${n}`).join(', ')}`);
  }
  for (const n of d.notes) out.push(`note: ${n}`);
  return out.join('\n') + '\n';
}
