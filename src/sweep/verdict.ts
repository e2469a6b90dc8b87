/**
 * The verdict of the built-in checks, recorded in results.json (`verdict`) so that the report and
 * summary.md lead with it even when no gate policy was run. A generic list: every check has an id, a
 * status (pass | warn | fail | untestable) and a one-line summary, so new checks plug in unchanged.
 * A check that could not fail (nothing measured) is `untestable`, never a pass.
 */
import type { GateCheckResult } from '../gate/types.js';
import type { ResultsV1, VerdictCheck, VerdictStatus } from '../results/types.js';

import { BUILTIN_IDS, builtinChecks } from '../gate/builtins.js';

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

/**
 * Plan conformance: every DP arm was trained as planned — the accountant's ε does not exceed the target,
 * noise σ > 0, δ·N < 1 (δ below 1/N, see docs/methods.md#dp-sgd) — and the non-DP and clip-only arms add no noise.
 */
export function planConformance(results: Pick<ResultsV1, 'arms'>): VerdictCheck {
  const problems: string[] = [];
  const dp = results.arms.filter((a) => a.kind === 'dp');
  for (const a of dp) {
    const p = a.privacy;
    const target = p.targetEpsilon ?? a.epsilon;
    if (p.epsilon === null || target === null) problems.push(`${a.arm}: no accountant ε`);
    else if (p.epsilon > target * (1 + 1e-6)) problems.push(`${a.arm}: accountant ε ${p.epsilon.toPrecision(4)} > target ${target}`);
    if (!(p.noiseMultiplier > 0) || !Number.isFinite(p.noiseMultiplier))
      problems.push(`${a.arm}: noise multiplier σ = ${p.noiseMultiplier}`);
    if (!(p.deltaTimesN < 1)) problems.push(`${a.arm}: δ·N = ${p.deltaTimesN.toPrecision(3)} ≥ 1`);
  }
  for (const a of results.arms.filter((x) => x.kind !== 'dp'))
    if (a.privacy.noiseMultiplier !== 0) problems.push(`${a.arm}: noise σ = ${a.privacy.noiseMultiplier} on a reference arm`);
  const sentence = 'Every DP arm meets its planned ε (accountant ε ≤ target, σ > 0, δ·N < 1)';
  if (dp.length === 0) return { id: PLAN_CONFORMANCE_ID, status: 'untestable', summary: `${sentence}: no DP arm was trained` };
  if (problems.length > 0) return { id: PLAN_CONFORMANCE_ID, status: 'fail', summary: `${sentence}: ${problems.join('; ')}` };
  return { id: PLAN_CONFORMANCE_ID, status: 'pass', summary: `${sentence}: ${dp.length} DP arm(s) conform` };
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
