/**
 * The verdict of the built-in checks, recorded in results.json (`verdict`) so that the report and
 * summary.md lead with it even when no gate policy was run. A generic list: every check has an id, a
 * status (pass | warn | fail | untestable) and a one-line summary, so new checks plug in unchanged.
 * A check that could not fail (nothing measured) is `untestable`, never a pass.
 */
import type { GateCheckResult } from '../gate/types.js';
import type { ResultsV1, VerdictCheck, VerdictStatus } from '../results/types.js';

import { BUILTIN_IDS, builtinChecks } from '../gate/builtins.js';
import { fmt } from '../../reports/format.js';

export const PLAN_CONFORMANCE_ID = BUILTIN_IDS.planConformance;

/** Gate status → verdict status. A built-in with no scored item at all could not fail: untestable. */
export function verdictStatus(c: Pick<GateCheckResult, 'status' | 'items'>): VerdictStatus {
  const s = String(c.status).toLowerCase();
  if (s === 'untestable') return 'untestable';
  if (s === 'fail' || s === 'error') return 'fail';
  if (s === 'pass') return 'pass';
  if (s === 'warn' && c.items.length > 0 && c.items.every((i) => i.status === 'unresolved')) return 'untestable';
  if (s === 'warn' && c.items.length === 0) return 'untestable';
  return 'warn';
}

function fromGate(c: GateCheckResult): VerdictCheck {
  const status = verdictStatus(c);
  const detail = c.message || c.actualText;
  return {
    id: c.id,
    status,
    summary: `${c.sentence}${detail ? `: ${detail}` : ''}`,
  };
}

/** Reference arms add no noise by design: non-DP, clip-only and federated without DP (fed-none). */
function isReferenceArm(a: ResultsV1['arms'][number]): boolean {
  if (a.kind === 'nondp' || a.kind === 'cliponly') return true;
  if (a.kind === 'federated') return (a.privacy.federation?.mode ?? 'none') === 'none';
  return false;
}

/**
 * Plan conformance: every DP arm was trained as planned — the accountant's ε does not exceed the target,
 * noise σ > 0, δ·N < 1 (δ below 1/N, see docs/methods.md#dp-sgd) — and the reference arms (non-DP, clip-only,
 * federated without DP) add no noise. A federated DP arm's σ comes from its own federated plan
 * (docs/methods.md#federated): local-dp puts σ > 0 on every site's DP-SGD and the arm's ε is the largest site ε;
 * server-dp puts σ > 0 on the server's sum of clipped site updates and its ε protects a whole site.
 */
export function planConformance(results: Pick<ResultsV1, 'arms'>): VerdictCheck {
  const problems: string[] = [];
  const dp = results.arms.filter((a) => !isReferenceArm(a));
  const tooLarge = (eps: number, target: number) => eps > target * (1 + 1e-6);
  for (const a of dp) {
    const p = a.privacy;
    const target = p.targetEpsilon ?? a.epsilon;
    if (p.epsilon === null || target === null) problems.push(`${a.arm}: no accountant ε`);
    else if (tooLarge(p.epsilon, target)) problems.push(`${a.arm}: accountant ε ${fmt(p.epsilon)} > target ${target}`);
    if (!(p.noiseMultiplier > 0) || !Number.isFinite(p.noiseMultiplier))
      problems.push(`${a.arm}: noise multiplier σ = ${fmt(p.noiseMultiplier)}`);
    if (!(p.deltaTimesN < 1)) problems.push(`${a.arm}: δ·N = ${fmt(p.deltaTimesN)} ≥ 1`);
    const f = p.federation;
    if (a.kind !== 'federated' || !f) continue;
    if (f.mode === 'local-dp') {
      // A site too small to show (suppressed) carries no σ or ε in results.json; the arm-level check above covers it.
      for (const s of f.sites) {
        if ('suppressed' in s) continue;
        if (!(s.noiseMultiplier > 0) || !Number.isFinite(s.noiseMultiplier))
          problems.push(`${a.arm}: site ${s.name} noise multiplier σ = ${fmt(s.noiseMultiplier)}`);
        if (s.epsilon === null) problems.push(`${a.arm}: site ${s.name} has no accountant ε`);
        else if (target !== null && tooLarge(s.epsilon, target))
          problems.push(`${a.arm}: site ${s.name} ε ${fmt(s.epsilon)} > target ${target}`);
      }
    } else if (f.mode === 'server-dp') {
      if (!(f.serverNoiseMultiplier > 0) || !Number.isFinite(f.serverNoiseMultiplier))
        problems.push(`${a.arm}: server noise multiplier σ = ${fmt(f.serverNoiseMultiplier)}`);
    }
  }
  for (const a of results.arms.filter(isReferenceArm)) {
    if (a.privacy.noiseMultiplier !== 0) problems.push(`${a.arm}: noise σ = ${fmt(a.privacy.noiseMultiplier)} on a reference arm`);
    const f = a.privacy.federation;
    if (f && (f.serverNoiseMultiplier !== 0 || f.sites.some((s) => !('suppressed' in s) && s.noiseMultiplier !== 0)))
      problems.push(`${a.arm}: noise on a site or server update of a federated arm without DP`);
  }
  const sentence = 'Every DP arm meets its planned ε (accountant ε ≤ target, σ > 0, δ·N < 1)';
  if (dp.length === 0) return { id: PLAN_CONFORMANCE_ID, status: 'untestable', summary: `${sentence}: no DP arm was trained` };
  if (problems.length > 0) return { id: PLAN_CONFORMANCE_ID, status: 'fail', summary: `${sentence}: ${problems.join('; ')}` };
  const fed = dp.filter((a) => a.kind === 'federated').length;
  const which =
    fed === 0
      ? `${dp.length} DP arm(s) conform`
      : `${dp.length} DP arm(s) conform (${fed} federated: σ > 0 on every site's DP-SGD for local-dp and every site ε ≤ target; σ > 0 on the server's noise for server-dp)`;
  return { id: PLAN_CONFORMANCE_ID, status: 'pass', summary: `${sentence}: ${which}` };
}

/**
 * Plan conformance with an external trainer: dpaudit's own plan check (above) and the gate's check of the
 * trainer's report against the plan (σ, q, T, C, sampling of every model), with the trainer's own ε beside
 * dpaudit's. The worse of the two statuses; both findings in the summary.
 */
function withTrainer(own: VerdictCheck, trainer: GateCheckResult | undefined): VerdictCheck {
  if (!trainer) return own;
  const t = fromGate(trainer);
  const status = RANK[t.status] > RANK[own.status] ? t.status : own.status;
  return { id: PLAN_CONFORMANCE_ID, status, summary: `${own.summary}. ${t.summary}` };
}

const RANK: Record<VerdictStatus, number> = { pass: 0, untestable: 1, warn: 2, fail: 3 };

/** The built-in checks with every built-in switched on (a policy file can only switch them off). */
export function builtinVerdict(results: ResultsV1): NonNullable<ResultsV1['verdict']> {
  const gate = builtinChecks(results, { oneRunEpsilon: true, clopperPearsonEpsilon: true, overlayViolation: true, planConformance: true });
  const trainer = gate.find((c) => c.id === PLAN_CONFORMANCE_ID);
  return {
    checks: [withTrainer(planConformance(results), trainer), ...gate.filter((c) => c.id !== PLAN_CONFORMANCE_ID).map(fromGate)],
  };
}
