import { join } from 'node:path';
import { atomicWrite } from '../io/atomic.js';
import type { ArmResult, Estimate, ResultsV1 } from '../results/types.js';
import type { DeltaReport, FairnessReport, GroupEntry, DeltaGroupEntry } from '../../metrics/fairness/index.js';
import { verdictMarkdown } from '../../reports/sections/verdict.js';
import { compactJson, roundDeep } from './compact.js';
import { attackRows, type AttackRow } from './read-attacks.js';
import { unitSentence } from '../results/unit-sentence.js';
import { FEDERATION_COLUMNS, FEDERATION_SITE_COLUMNS, federationRows, federationSiteRows } from './federation-tables.js';

let renderer: Promise<typeof import('../../reports/html.js')> | null = null;
/** Load the report renderer (once): a sweep starts it when its last training job is done, while the pool finishes the analyses. */
export function loadReportRenderer(): Promise<typeof import('../../reports/html.js')> {
  renderer ??= import('../../reports/html.js');
  return renderer;
}

/** Load the report renderer and warm its chart compiler up (see warmUpCompiler): a sweep's idle main thread does this. */
export async function warmReportRenderer(): Promise<void> {
  (await loadReportRenderer()).warmUpCompiler();
}

/**
 * Write results.json, tables/*.csv, summary.md and report.html into `dir` (each file atomically). Returns the
 * results as written (rounded), so that a caller hands on exactly what results.json holds.
 */
export async function writeOutputs(dir: string, full: ResultsV1): Promise<ResultsV1> {
  // The report renderer (vega, templates) is loaded only when a report is written.
  const { renderReport } = await loadReportRenderer();
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
  // With the patient as the unit (patient counts in the cells) an n_patients column follows n (rows).
  const withPatients = results.arms.some((a) => a.fairness?.groupings.some((g) => g.groups.some((c) => 'patients' in c)));
  atomicWrite(
    join(dir, 'tables', 'groups.csv'),
    csv(
      withPatients ? GROUP_COLUMNS_PATIENTS : GROUP_COLUMNS,
      results.arms.flatMap((a) => groupRows(a, withPatients)),
    ),
  );
  atomicWrite(join(dir, 'tables', 'who-pays.csv'), csv(WHO_PAYS_COLUMNS, results.arms.flatMap(whoPaysRows)));
  if (results.federation) {
    atomicWrite(join(dir, 'tables', 'federation.csv'), csv(FEDERATION_COLUMNS, federationRows(results)));
    atomicWrite(join(dir, 'tables', 'federation-sites.csv'), csv(FEDERATION_SITE_COLUMNS, federationSiteRows(results)));
  }
  atomicWrite(join(dir, 'summary.md'), summaryMarkdown(results));
  atomicWrite(join(dir, 'report.html'), renderReport(results));
  return results;
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

const GROUP_METRICS = ['tpr', 'fpr', 'precision', 'ece', 'accuracy'] as const;
const GROUP_COLUMNS = [
  'arm',
  'epsilon',
  'grouping',
  'group',
  'suppressed',
  'n',
  'base_rate',
  ...GROUP_METRICS.flatMap((m) => [m, `${m}_lo`, `${m}_hi`]),
];
const GROUP_COLUMNS_PATIENTS = [...GROUP_COLUMNS.slice(0, 6), 'n_patients', ...GROUP_COLUMNS.slice(6)];
const groupLabel = (values: Record<string, string>) =>
  Object.entries(values)
    .map(([k, v]) => `${k}=${v}`)
    .join(';');

/** Per-group metrics with CIs (tables/groups.csv); suppressed cells carry no numbers. */
function groupRows(a: ArmResult, withPatients: boolean): string[][] {
  const f = a.fairness as FairnessReport | null;
  const rows: string[][] = [];
  for (const g of f?.groupings ?? []) {
    for (const c of g.groups) {
      const head = [a.arm, num(a.epsilon), g.attributes.join('×'), groupLabel(c.values)];
      if ('suppressed' in c) {
        rows.push([...head, 'true', ...(withPatients ? GROUP_COLUMNS_PATIENTS : GROUP_COLUMNS).slice(5).map(() => '')]);
        continue;
      }
      const e = c as GroupEntry;
      rows.push([
        ...head,
        'false',
        String(e.metrics.count),
        ...(withPatients ? [e.patients === undefined ? '' : String(e.patients)] : []),
        num(e.metrics.baseRate),
        ...GROUP_METRICS.flatMap((m) => [num(e.metrics[m]), num(e.ci?.[m]?.lower), num(e.ci?.[m]?.upper)]),
      ]);
    }
  }
  return rows;
}

const WHO_PAYS_COLUMNS = ['arm', 'epsilon', 'grouping', 'group', 'metric', 'delta', 'delta_lo', 'delta_hi'];

/** Paired per-group deltas vs non-DP (tables/who-pays.csv): Δ = metric(arm) − metric(non-DP). */
function whoPaysRows(a: ArmResult): string[][] {
  const w = a.whoPays as DeltaReport | null;
  const rows: string[][] = [];
  for (const g of w?.groupings ?? []) {
    for (const c of g.groups) {
      if ('suppressed' in c) continue;
      const e = c as DeltaGroupEntry;
      for (const m of ['tpr', 'fpr', 'ece', 'precision', 'accuracy'] as const)
        rows.push([
          a.arm,
          num(a.epsilon),
          g.attributes.join('×'),
          groupLabel(e.values),
          m,
          num(e.delta[m]),
          num(e.ci?.[m]?.lower),
          num(e.ci?.[m]?.upper),
        ]);
    }
  }
  return rows;
}

function csv(header: string[], rows: string[][]): string {
  const q = (s: string) => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  return [header, ...rows].map((r) => r.map(q).join(',')).join('\n') + '\n';
}

function summaryMarkdown(r: ResultsV1): string {
  const lines: string[] = [];
  lines.push(`# dpaudit summary`, '');
  lines.push(...verdictMarkdown(r, mdEscape));
  lines.push(
    `Dataset \`${mdEscape(r.dataset.file.split('/').pop() ?? '')}\` (SHA-256 ${r.audit.dataSha256.slice(0, 16)}…), label \`${mdEscape(r.dataset.label)}\`, ${r.dataset.rows} rows; backend ${r.backend.name}; dpaudit ${r.tool.version}.`,
    '',
  );
  lines.push(mdEscape(unitSentence(r)), '');
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
  if (r.arms.some((a) => a.patientAttacks)) {
    lines.push(
      '',
      'Patient-level membership (fleet masks over patients; patient score = sum of per-row log-likelihood ratios for LiRA online, mean of per-row scores otherwise):',
      '',
      '| arm | privacy unit | ε (accountant) | ε of a patient (largest / median rows) | test AUC | best patient-level attack AUC | patient-level ε lower bound (CP)* | violation† |',
      '|---|---|---|---|---|---|---|---|',
    );
    for (const a of r.arms) {
      const rows = attackRows(a, 'patient');
      const best = rows.reduce<AttackRow | null>((b, x) => (x.auc !== null && (b === null || (b.auc ?? 0) < x.auc) ? x : b), null);
      const lb = rows.map((x) => x.epsLbCp).filter((x): x is number => x !== null);
      const pe = a.privacy.patientEpsilon;
      const patientEps =
        a.privacy.epsilon === null
          ? '∞'
          : a.privacy.privacyUnit === 'patient'
            ? num(a.privacy.epsilon, 3)
            : pe
              ? `${num(pe.largest.epsilon, 3)} (k = ${pe.largest.k}) / ${num(pe.median.epsilon, 3)} (k = ${pe.median.k})`
              : 'n/a';
      lines.push(
        `| ${a.arm} | ${a.privacy.privacyUnit ?? 'record'} | ${a.privacy.epsilon === null ? '∞ (no guarantee)' : num(a.privacy.epsilon, 3)} | ${patientEps} | ${num(a.utility.auc.value, 3)} | ${best ? `${num(best.auc, 3)} (${best.attack})` : 'n/a'} | ${lb.length ? num(Math.max(...lb), 3) : 'n/a'} | ${a.kind !== 'dp' ? 'n/a' : rows.some((x) => x.violated === true) ? '**YES**' : 'no'} |`,
      );
    }
  }
  const warnings = [...new Set([...r.dataset.warnings, ...r.warnings])];
  if (warnings.length > 0) lines.push('', '## Warnings', '', ...warnings.map((w) => `- ${mdEscape(w)}`));
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
