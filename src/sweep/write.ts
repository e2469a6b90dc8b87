import { join } from 'node:path';
import { atomicWrite } from '../io/atomic.js';
import type { ArmResult, Estimate, ResultsV1 } from './results-types.js';
import { compactJson, roundDeep } from './compact.js';
import { attackRows, type AttackRow } from './read-attacks.js';

/** Write results.json, tables/*.csv, summary.md and report.html into `dir` (each file atomically). */
export async function writeOutputs(dir: string, full: ResultsV1): Promise<void> {
  // The report renderer (vega, templates) is loaded only when a report is written.
  const { renderReport } = await import('../../reports/html.js');
  // Every output is rendered from the rounded results, so the report shows exactly what results.json holds.
  const results = roundDeep(full);
  atomicWrite(join(dir, 'results.json'), compactJson(results));
  atomicWrite(
    join(dir, 'tables', 'utility.csv'),
    csv(
      [
        'arm',
        'epsilon',
        'epsilon_accountant',
        'epsilon_rdp',
        'noise_multiplier',
        'auc',
        'auc_lo',
        'auc_hi',
        'accuracy',
        'brier',
        'balanced_accuracy',
        'threshold',
      ],
      results.arms.map(utilityRow),
    ),
  );
  atomicWrite(
    join(dir, 'tables', 'attacks.csv'),
    csv(
      [
        'arm',
        'attack',
        'auc',
        'auc_lo',
        'auc_hi',
        'advantage',
        'tpr_at_fpr_0.001',
        'tpr_at_fpr_0.01',
        'tpr_at_fpr_0.1',
        'eps_lb_cp',
        'eps_lb_gdp',
        'violated',
      ],
      results.arms.flatMap((a) => attackRows(a).map((r) => attackCsvRow(a, r))),
    ),
  );
  atomicWrite(join(dir, 'summary.md'), summaryMarkdown(results));
  atomicWrite(join(dir, 'report.html'), renderReport(results));
}

const num = (v: number | null | undefined, d = 4): string =>
  v === null || v === undefined || !Number.isFinite(v) ? '' : String(Number(v.toFixed(d)));

function utilityRow(a: ArmResult): string[] {
  const e = (x: Estimate) => num(x.value);
  return [
    a.arm,
    num(a.epsilon),
    num(a.privacy.epsilon),
    num(a.privacy.epsilonRdp),
    num(a.privacy.noiseMultiplier),
    e(a.utility.auc),
    num(a.utility.auc.ci?.lo),
    num(a.utility.auc.ci?.hi),
    e(a.utility.accuracy),
    e(a.utility.brier),
    e(a.utility.balancedAccuracy),
    num(a.utility.threshold),
  ];
}

function attackCsvRow(a: ArmResult, r: AttackRow): string[] {
  return [
    a.arm,
    r.attack,
    num(r.auc),
    num(r.aucLo),
    num(r.aucHi),
    num(r.advantage),
    num(r.tpr001),
    num(r.tpr01),
    num(r.tpr1),
    num(r.epsLbCp),
    num(r.epsLbGdp),
    r.violated === null ? '' : String(r.violated),
  ];
}

function csv(header: string[], rows: string[][]): string {
  const q = (s: string) => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  return [header, ...rows].map((r) => r.map(q).join(',')).join('\n') + '\n';
}

function summaryMarkdown(r: ResultsV1): string {
  const lines: string[] = [];
  lines.push(`# dpaudit summary`, '');
  lines.push(
    `Dataset \`${mdEscape(r.dataset.file.split('/').pop() ?? '')}\` (SHA-256 ${r.audit.dataSha256.slice(0, 16)}…), label \`${mdEscape(r.dataset.label)}\`, ${r.dataset.rows} rows; backend ${r.backend.name}; dpaudit ${r.tool.version}.`,
    '',
  );
  lines.push(`**Recommended ε:** ${r.recommendation.epsilon ?? 'none'} — ${mdEscape(r.recommendation.reason)}`, '');
  lines.push(
    '| arm | ε (accountant) | ε (RDP) | σ | test AUC | accuracy | best attack AUC | ε lower bound (CP)* | one-run ε lower bound | violation† |',
    '|---|---|---|---|---|---|---|---|---|---|',
  );
  for (const a of r.arms) {
    const rows = attackRows(a);
    const best = rows.reduce<AttackRow | null>((b, x) => (x.auc !== null && (b === null || (b.auc ?? 0) < x.auc) ? x : b), null);
    const lb = rows.map((x) => x.epsLbCp).filter((x): x is number => x !== null);
    const viol = rows.some((x) => x.violated === true);
    lines.push(
      `| ${a.arm} | ${a.privacy.epsilon === null ? '∞ (no guarantee)' : num(a.privacy.epsilon, 3)} | ${num(a.privacy.epsilonRdp, 3)} | ${num(a.privacy.noiseMultiplier, 3)} | ${num(a.utility.auc.value, 3)} | ${num(a.utility.accuracy.value, 3)} | ${best ? `${num(best.auc, 3)} (${best.attack})` : 'n/a'} | ${lb.length ? num(Math.max(...lb), 3) : 'n/a'} | ${oneRunLb(a)} | ${a.kind !== 'dp' ? 'n/a' : viol ? '**YES**' : 'no'} |`,
    );
  }
  lines.push(
    '',
    '\\* Clopper–Pearson bound with split threshold selection, multi-run, assumes independent trials; each attack at α = 0.05, the column shows the largest over attacks (not corrected for that choice). The one-run bound (Steinke et al. 2023) is the rigorous one.',
    '† Theory-overlay violation check, Bonferroni-corrected over thresholds and over all attacks × DP arms (family-wise α = 0.05).',
  );
  lines.push(
    '',
    `Conventions: ${Object.entries(r.conventions)
      .map(([k, v]) => `${k} = ${v}`)
      .join('; ')}.`,
    '',
    r.notDifferentiallyPrivateNotice,
    '',
  );
  return lines.join('\n');
}

function oneRunLb(a: ArmResult): string {
  const o = a.oneRun as { epsilonLb?: number | null; ceiling?: number } | null;
  if (!o || typeof o.epsilonLb !== 'number') return 'n/a';
  return `${num(o.epsilonLb, 3)} (ceiling ${num(o.ceiling ?? null, 2)})`;
}

function mdEscape(s: string): string {
  return s.replace(/[\\`*_[\]|<>]/g, (c) => `\\${c}`);
}
