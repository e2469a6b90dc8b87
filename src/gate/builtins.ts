/**
 * Built-in checks (issue 7), present unless switched off in `builtins:`. Only bounds that are valid
 * lower bounds are gated: the one-run bound (fail), Clopper–Pearson bounds (warn: they assume independent
 * trials) and the theory-overlay violation check (fail). GDP-derived bounds are never gated. A missing
 * audit is a WARN ("not measured"), never a silent pass.
 */
import type { ResultsV1 } from '../sweep/results-types.js';
import { COMPARATOR_SYMBOL, fmt } from './format.js';
import { judge, scoreItem, type ScoredItem } from './judge.js';
import type { GatePolicy } from './policy.js';
import { armAttacks, attackBounds, attackViolation, claimedEpsilon, methodMatches, oneRunBound } from './select.js';
import type { GateCheckResult } from './types.js';

export const BUILTIN_IDS = {
  oneRunEpsilon: 'builtin.one-run-epsilon',
  clopperPearsonEpsilon: 'builtin.clopper-pearson-epsilon',
  overlayViolation: 'builtin.overlay-violation',
} as const;

const claimedText = (t: number | null) => `${COMPARATOR_SYMBOL['<=']} claimed ε${t === null ? '' : ` (${fmt(t)})`}`;

function oneRunCheck(results: ResultsV1): GateCheckResult {
  const scored: ScoredItem[] = [];
  const missing: string[] = [];
  const dp = results.arms.filter((a) => a.kind === 'dp');
  if (dp.length === 0) missing.push('no DP arm');
  for (const arm of dp) {
    const b = oneRunBound(arm);
    if (!b.present) {
      missing.push(`${arm.arm}: no one-run audit`);
      continue;
    }
    const item = { arm: arm.arm, key: '', where: arm.arm, value: b.epsilonLb, ci: null, unresolved: b.epsilonLb === null ? 'one-run bound not computed' : null };
    scored.push(scoreItem(item, 'value', '<=', claimedEpsilon(arm)));
  }
  return judge({
    id: BUILTIN_IDS.oneRunEpsilon,
    builtin: true,
    severity: 'fail',
    onMissing: 'warn',
    sentence: 'The one-run ε lower bound (canary audit, Steinke–Nasr–Jagielski) of every DP arm must not exceed the claimed ε',
    comparator: '<=',
    thresholdText: claimedText,
    scored,
    missing,
    notes: [],
  });
}

function clopperPearsonCheck(results: ResultsV1): GateCheckResult {
  const scored: ScoredItem[] = [];
  const missing: string[] = [];
  const dp = results.arms.filter((a) => a.kind === 'dp');
  if (dp.length === 0) missing.push('no DP arm');
  for (const arm of dp) {
    const attacks = armAttacks(arm);
    if (attacks.length === 0) missing.push(`${arm.arm}: no attacks`);
    for (const a of attacks) {
      const bounds = attackBounds(a).filter((b) => methodMatches(b.method, 'clopper-pearson'));
      if (bounds.length === 0) missing.push(`${arm.arm} · ${a.name}: no Clopper–Pearson bound`);
      for (const b of bounds) {
        const where = `${arm.arm} · ${a.name} · ${b.method}`;
        const item = { arm: arm.arm, key: where, where, value: b.epsilonLb, ci: null, unresolved: b.epsilonLb === null ? 'bound not computed' : null };
        scored.push(scoreItem(item, 'value', '<=', claimedEpsilon(arm)));
      }
    }
  }
  return judge({
    id: BUILTIN_IDS.clopperPearsonEpsilon,
    builtin: true,
    severity: 'warn',
    onMissing: 'warn',
    sentence:
      'The Clopper–Pearson ε lower bound of every attack on every DP arm should not exceed the claimed ε (warning only: it assumes independent trials; GDP-derived bounds are never gated)',
    comparator: '<=',
    thresholdText: claimedText,
    scored,
    missing,
    notes: [],
  });
}

function overlayCheck(results: ResultsV1): GateCheckResult {
  const scored: ScoredItem[] = [];
  const missing: string[] = [];
  const dp = results.arms.filter((a) => a.kind === 'dp');
  if (dp.length === 0) missing.push('no DP arm');
  for (const arm of dp) {
    const attacks = armAttacks(arm);
    if (attacks.length === 0) missing.push(`${arm.arm}: no attacks`);
    for (const a of attacks) {
      const v = attackViolation(a);
      const where = `${arm.arm} · ${a.name}`;
      if (!v) {
        missing.push(`${where}: no violation check`);
        continue;
      }
      const s = scoreItem({ arm: arm.arm, key: where, where, value: v.violated ? 1 : 0, ci: null, unresolved: null }, 'value', '<=', 0);
      const p = v.worstPoint;
      s.item.actualText = v.violated
        ? `violated${p ? ` at FPR_ub ${fmt(p.fprUb as number)}: TPR_lb ${fmt(p.tprLb as number)} > TPR_max ${fmt(p.tprMax as number)}` : ''} (${v.method})`
        : 'no violation';
      scored.push(s);
    }
  }
  const r = judge({
    id: BUILTIN_IDS.overlayViolation,
    builtin: true,
    severity: 'fail',
    onMissing: 'warn',
    sentence: 'No attack on any DP arm may beat the theory overlay (TPR lower bound above the TPR its ε allows)',
    comparator: '<=',
    thresholdText: () => 'no violation',
    scored,
    missing,
    notes: [],
  });
  if (r.status === 'PASS') r.message = `no violation in ${scored.length} attack × arm pair(s)`;
  return r;
}

export function builtinChecks(results: ResultsV1, builtins: GatePolicy['builtins']): GateCheckResult[] {
  const out: GateCheckResult[] = [];
  if (builtins.oneRunEpsilon) out.push(oneRunCheck(results));
  if (builtins.clopperPearsonEpsilon) out.push(clopperPearsonCheck(results));
  if (builtins.overlayViolation) out.push(overlayCheck(results));
  return out;
}
