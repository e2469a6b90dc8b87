/**
 * The verdict strip at the very top of the report (and the first lines of summary.md): every built-in
 * check with PASS / WARN / FAIL / UNTESTABLE, and the policy gate's result or how to run it. Reads a
 * generic list of checks `{ id, status, summary }` from `results.verdict`, so new checks plug in unchanged.
 */
import type { ResultsV1, VerdictStatus } from '../../src/results/types.js';
import { readGate } from '../read/gate.js';
import { trainerEpsilonDisagrees, trainerEpsilonRows } from './trainer.js';

export type { VerdictStatus } from '../../src/results/types.js';

export interface VerdictItem {
  id: string;
  /** Short name for the strip ("one-run ε bound"). */
  name: string;
  status: VerdictStatus;
  label: string;
  statusClass: string;
  summary: string;
}

export interface VerdictView {
  /** Worst status over the built-in checks (untestable counts as a warning: it is not a pass). */
  overall: VerdictStatus;
  overallLabel: string;
  overallClass: string;
  checks: VerdictItem[];
  /** Sentence when results.json carries no built-in verdict (older results). */
  missing: string | null;
  gate: { label: string; statusClass: string; summary: string };
  /** What the overall status means, in plain words (what it shows and what it does not). */
  plain: string;
  /** The recommendation (not a check: it never changes the overall status). */
  recommendation: { label: string; summary: string };
}

/** One plain sentence for the overall status: a pass is no proof of privacy; WARN/UNTESTABLE is no evidence either way. */
export function plainVerdict(checks: VerdictItem[]): string {
  const n = (s: VerdictStatus) => checks.filter((c) => c.status === s).length;
  const scope =
    'These checks test the privacy implementation against its claimed ε; accuracy, fairness and calibration are in the Summary.';
  if (checks.length === 0) return scope;
  if (n('fail') > 0)
    return `${n('fail')} check(s) FAILED: the model may leak more than its ε allows; do not rely on the stated ε until this is explained. ${scope}`;
  const weak = n('warn') + n('untestable');
  if (weak > 0)
    return `No check found leakage beyond the claimed ε, but ${weak} check(s) are WARN or UNTESTABLE: they could not fully test the claim, so their silence is not evidence of safety. ${scope}`;
  return `Every check passed: no evidence of leakage beyond the claimed ε (a pass is not a proof of privacy). ${scope}`;
}

/**
 * The built-in leakage checks (one-run, multi-run ε bounds, theory overlay) read the centralised DP arms only;
 * plan conformance also covers the federated DP arms. Said in plain words when federated DP arms exist, so
 * that "all values pass" is not read as covering them.
 */
export function federatedScope(results: ResultsV1): string {
  const fed = results.arms.filter((a) => a.kind === 'federated' && a.privacy.federation && a.privacy.federation.mode !== 'none');
  if (fed.length === 0) return '';
  return ` The federated DP arms (${fed.map((a) => a.arm).join(', ')}) are outside the built-in leakage checks (one-run, multi-run ε bounds and theory overlay test the centralised DP arms only); only plan conformance covers them. Their measured leakage is in “Federated training”; a server-dp arm's ε protects a whole site, not one record.`;
}

export const GATE_HOW_TO = 'run dpaudit gate results.json --policy gate.yml, or add --gate gate.yml to the sweep';

const NAMES: Record<string, string> = {
  'builtin.plan-conformance': 'Plan conformance',
  'builtin.one-run-epsilon': 'One-run ε bound',
  'builtin.clopper-pearson-epsilon': 'Multi-run ε bounds',
  'builtin.overlay-violation': 'Theory overlay',
};

function name(id: string): string {
  if (NAMES[id]) return NAMES[id];
  const s = id.replace(/^builtin\./, '').replace(/[-_.]+/g, ' ');
  return s.charAt(0).toUpperCase() + s.slice(1);
}

const RANK: Record<VerdictStatus, number> = { pass: 0, untestable: 1, warn: 2, fail: 3 };

export function readVerdictChecks(v: ResultsV1['verdict']): VerdictItem[] {
  return (v?.checks ?? []).map((c) => ({
    id: c.id,
    name: name(c.id),
    status: c.status,
    label: c.status.toUpperCase(),
    statusClass: `status-${c.status}`,
    summary: c.summary,
  }));
}

/** The external trainer's own ε against dpaudit's (only with --trainer): WARN when it claims more privacy. */
function trainerEpsilonItem(results: ResultsV1): VerdictItem | null {
  const rows = trainerEpsilonRows(results);
  if (rows.length === 0 || rows.every((r) => r.agreement === 'not stated')) return null;
  const bad = rows.filter((r) => r.agreement === 'lower' || r.agreement === 'no guarantee');
  const differs = trainerEpsilonDisagrees(rows);
  const status: VerdictStatus = bad.length > 0 ? 'warn' : 'pass';
  const shown = differs ? rows.filter((r) => r.agreement !== 'agrees' && r.agreement !== 'not stated') : rows;
  return {
    id: 'report.trainer-epsilon',
    name: 'Trainer’s own ε',
    status,
    label: status.toUpperCase(),
    statusClass: `status-${status}`,
    summary: `${differs ? 'differs from' : 'agrees with'} dpaudit’s accounted ε: ${shown.map((r) => r.text).join('; ')}`,
  };
}

export function buildVerdict(results: ResultsV1): VerdictView {
  const recorded = readVerdictChecks(results.verdict);
  const trainer = trainerEpsilonItem(results);
  const checks = trainer ? [...recorded, trainer] : recorded;
  const overall = checks.reduce<VerdictStatus>((w, c) => (RANK[c.status] > RANK[w] ? c.status : w), 'pass');
  const g = readGate(results.gate);
  const gate = g
    ? {
        label: g.status.toUpperCase(),
        statusClass: `status-${g.status === 'error' ? 'fail' : g.status}`,
        summary: `policy gate: ${g.checks.length} check(s), ${g.checks.filter((c) => c.status === 'fail' || c.status === 'error').length} failed, ${g.checks.filter((c) => c.status === 'warn').length} warning(s) (details below)`,
      }
    : { label: 'NOT RUN', statusClass: 'status-none', summary: `policy gate: not run (${GATE_HOW_TO})` };
  const label = recorded.length === 0 ? 'NOT RECORDED' : overall.toUpperCase();
  const rec = results.recommendation;
  const recommendation =
    rec.epsilon === null
      ? {
          label: 'NONE',
          summary: 'none of the tested ε meets the tolerances on AUC, disparity, group sensitivity and calibration (why: Summary)',
        }
      : { label: `ε = ${rec.epsilon}`, summary: 'the smallest tested ε within the tolerances (details and tolerances: Summary)' };
  return {
    overall,
    overallLabel: label,
    overallClass: recorded.length === 0 ? 'status-none' : `status-${overall}`,
    checks,
    missing:
      recorded.length === 0
        ? 'The built-in checks are not recorded in this results.json (written by an older dpaudit): run dpaudit gate results.json to evaluate them.'
        : null,
    gate,
    plain: `${plainVerdict(recorded.length ? checks : [])}${federatedScope(results)}`,
    recommendation,
  };
}

/** Markdown lines of the verdict for summary.md (same content as the strip). */
export function verdictMarkdown(results: ResultsV1, mdEscape: (s: string) => string): string[] {
  const v = buildVerdict(results);
  const lines = [`## Verdict: ${v.overallLabel}`, '', mdEscape(v.plain), ''];
  if (v.missing) lines.push(mdEscape(v.missing), '');
  for (const c of v.checks) lines.push(`- **${c.label}** ${mdEscape(c.name)}: ${mdEscape(c.summary)}`);
  lines.push(`- **${v.gate.label}** ${mdEscape(v.gate.summary)}`);
  lines.push(`- **Recommendation: ${mdEscape(v.recommendation.label)}** ${mdEscape(v.recommendation.summary)}`, '');
  return lines;
}
