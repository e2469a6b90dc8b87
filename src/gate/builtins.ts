/**
 * Built-in checks (docs/methods.md#gate), present unless switched off in `builtins:`. Only bounds that are valid
 * lower bounds are gated: the one-run bound (fail), Clopper–Pearson bounds (warn: they assume independent
 * trials) and the theory-overlay violation check (fail). GDP-derived bounds are never gated. A missing
 * audit is a WARN ("not measured"), never a silent pass.
 */
import type { ResultsV1 } from '../results/types.js';
import { COMPARATOR_SYMBOL, fmt } from './format.js';
import { judge, scoreItem, type ScoredItem } from './judge.js';
import type { GatePolicy } from './policy.js';
import { armAttacks, attackBounds, attackViolation, claimedEpsilon, methodMatches, type OneRunTest, oneRunTests } from './select.js';
import { GATE_ALPHA, holm, ONE_RUN_FAMILY_ALPHA, testableFamilyLevels, VIOLATION_FAMILY_ALPHA } from './family.js';
import type { GateCheckResult } from './types.js';

export const BUILTIN_IDS = {
  oneRunEpsilon: 'builtin.one-run-epsilon',
  clopperPearsonEpsilon: 'builtin.clopper-pearson-epsilon',
  overlayViolation: 'builtin.overlay-violation',
  planConformance: 'builtin.plan-conformance',
} as const;

const claimedText = (t: number | null) => `${COMPARATOR_SYMBOL['<=']} claimed ε${t === null ? '' : ` (${fmt(t)})`}`;

type Arm = ResultsV1['arms'][number];

/**
 * The shared shape of every built-in: visit each DP arm, let `collect` score its items (or report what is
 * missing), then judge them with the built-in's fixed id, severity and sentence. No DP arm is "missing".
 */
function overDpArms(
  results: ResultsV1,
  spec: { id: string; severity: 'fail' | 'warn'; sentence: string; thresholdText: (t: number | null) => string },
  collect: (arm: Arm, scored: ScoredItem[], missing: string[]) => void,
): { result: GateCheckResult; scored: ScoredItem[]; missing: string[] } {
  const scored: ScoredItem[] = [];
  const missing: string[] = [];
  const dp = results.arms.filter((a) => a.kind === 'dp');
  if (dp.length === 0) missing.push('no DP arm');
  for (const arm of dp) collect(arm, scored, missing);
  const result = judge({ ...spec, builtin: true, onMissing: 'warn', comparator: '<=', scored, missing, notes: [] });
  return { result, scored, missing };
}

/**
 * One-run family: per DP arm the Steinke–Nasr–Jagielski bound, the f-DP test of the accountant's curve and the
 * per-target fleet bound. A test whose ceiling cannot exceed the claimed ε is `untestable` (WARN naming the
 * canaries it would need), never a pass, and is left out of the family (decided before looking at the data).
 * The testable ones share the one-run family's α by Holm over arms × methods (docs/methods.md#gate-error-control).
 * Results without p-values (older files) compare ε_lb with the claim at the audit's own α.
 */
function oneRunCheck(results: ResultsV1): GateCheckResult {
  // The family: every p-valued test of every DP arm that could fail on its own at its Bonferroni level.
  const dpArms = results.arms.filter((a) => a.kind === 'dp');
  const all = dpArms.flatMap((arm) => oneRunTests(arm).map((t) => ({ arm: arm.arm, t })));
  const withP = all.filter((x) => x.t.pValue !== null);
  const fam = testableFamilyLevels(
    withP.map((x) => x.t),
    ONE_RUN_FAMILY_ALPHA,
  );
  const famKeys = new Set(withP.filter((_, i) => fam.inFamily[i]).map((x) => `${x.arm} · ${x.t.method}`));
  // The level each p-valued test was judged at (what decides whether it can fail, not its ceiling at α = 0.05).
  const levelOf = new Map(withP.map((x, i) => [`${x.arm} · ${x.t.method}`, fam.level[i]]));
  // Why an untestable test cannot fail: its best p-value against the level, or (results without one) its ceiling.
  const whyUntestable = (where: string, t: OneRunTest, claimed: number | null): string => {
    const level = levelOf.get(where);
    if (t.pValue !== null && t.bestPValue !== null && level !== undefined)
      return `a perfect attack reaches p = ${fmt(t.bestPValue)} at best, above the level ${fmt(level)} this check runs at (one-run family α ${fmt(ONE_RUN_FAMILY_ALPHA)} ÷ the number of tests that can fail)`;
    return `ceiling ${t.ceiling === null ? 'n/a' : fmt(t.ceiling)} ≤ claimed ε${claimed === null ? '' : ` ${fmt(claimed)}`}`;
  };
  const pending: { scored: ScoredItem; p: number }[] = [];
  const notes: string[] = [];
  const { result, scored, missing } = overDpArms(
    results,
    {
      id: BUILTIN_IDS.oneRunEpsilon,
      severity: 'fail',
      sentence:
        "No one-run test (canary audit: Steinke–Nasr–Jagielski ε bound, f-DP test of the accountant's curve, per-target fleet bound) of any DP arm may reject the claimed privacy",
      thresholdText: claimedText,
    },
    (arm, scoredItems, missingItems) => {
      const tests = oneRunTests(arm);
      if (tests.length === 0) {
        missingItems.push(`${arm.arm}: no one-run audit`);
        return;
      }
      const claimed = claimedEpsilon(arm);
      const isUntestable = (t: OneRunTest) =>
        t.pValue !== null
          ? !famKeys.has(`${arm.arm} · ${t.method}`)
          : t.testable === false || (t.testable === null && t.ceiling !== null && claimed !== null && t.ceiling <= claimed);
      // An arm is testable when one of its methods can fail; its untestable methods are then only noted.
      const armTestable = tests.some((t) => !isUntestable(t));
      for (const t of tests) {
        const where = `${arm.arm} · ${t.method}`;
        const untestable = isUntestable(t);
        if (untestable && armTestable) {
          notes.push(`${where}: cannot fail at the claimed ε (${whyUntestable(where, t, claimed)}); the arm's other one-run test(s) can`);
          continue;
        }
        const unresolved = untestable
          ? `untestable: ${whyUntestable(where, t, claimed)}, the check cannot fail; ${t.neededM === null ? 'no m up to 200000 canaries would make it testable' : `needs m ≥ ${t.neededM} canaries`}`
          : t.epsilonLb === null
            ? 'one-run bound not computed'
            : null;
        const s = scoreItem({ arm: arm.arm, key: where, where, value: t.epsilonLb, ci: null, unresolved }, 'value', '<=', claimed);
        if (!untestable && t.ceiling !== null && t.epsilonLb !== null)
          s.item.actualText = `${fmt(t.epsilonLb)} (could fail: ceiling ${fmt(t.ceiling)}${t.pValue === null ? '' : `; p = ${fmt(t.pValue)}`})`;
        if (!untestable && t.pValue !== null && s.item.status !== 'unresolved') pending.push({ scored: s, p: t.pValue });
        scoredItems.push(s);
      }
    },
  );
  // Decisions of the p-valued tests by Holm; judge again with the corrected statuses.
  const decisions = holm(
    pending.map((x) => x.p),
    ONE_RUN_FAMILY_ALPHA,
  );
  pending.forEach((x, i) => {
    const d = decisions[i];
    x.scored.item.status = d.rejected ? 'fail' : 'pass';
    x.scored.margin = d.rejected ? Math.max(x.scored.margin ?? 0, 1e-12) : Math.min(x.scored.margin ?? 0, -1e-12);
    if (d.rejected) x.scored.item.reason = `rejected by Holm: p = ${fmt(x.p)} ≤ ${fmt(d.level)}`;
  });
  const note = `family-wise α ${fmt(GATE_ALPHA)}: one-run family α ${fmt(ONE_RUN_FAMILY_ALPHA)}, Holm over ${pending.length} testable test(s) (DP arms × methods); the overlay violation checks use the other ${fmt(VIOLATION_FAMILY_ALPHA)}; untestable tests (best p-value above their Bonferroni level) are excluded and reported as WARN`;
  return judge({
    id: result.id,
    builtin: true,
    severity: 'fail',
    onMissing: 'warn',
    comparator: '<=',
    sentence: result.sentence,
    thresholdText: claimedText,
    scored,
    missing,
    notes: [note, ...notes],
  });
}

function clopperPearsonCheck(results: ResultsV1): GateCheckResult {
  return overDpArms(
    results,
    {
      id: BUILTIN_IDS.clopperPearsonEpsilon,
      severity: 'warn',
      sentence:
        'The Clopper–Pearson ε lower bound of every attack on every DP arm should not exceed the claimed ε (warning only: it assumes independent trials; GDP-derived bounds are never gated)',
      thresholdText: claimedText,
    },
    (arm, scored, missing) => {
      const attacks = armAttacks(arm);
      if (attacks.length === 0) missing.push(`${arm.arm}: no attacks`);
      for (const a of attacks) {
        const bounds = attackBounds(a).filter((b) => methodMatches(b.method, 'clopper-pearson'));
        if (bounds.length === 0) missing.push(`${arm.arm} · ${a.name}: no Clopper–Pearson bound`);
        for (const b of bounds) {
          const where = `${arm.arm} · ${a.name} · ${b.method}`;
          const item = {
            arm: arm.arm,
            key: where,
            where,
            value: b.epsilonLb,
            ci: null,
            unresolved: b.epsilonLb === null ? 'bound not computed' : null,
          };
          scored.push(scoreItem(item, 'value', '<=', claimedEpsilon(arm)));
        }
      }
    },
  ).result;
}

function overlayCheck(results: ResultsV1): GateCheckResult {
  const { result, scored } = overDpArms(
    results,
    {
      id: BUILTIN_IDS.overlayViolation,
      severity: 'fail',
      sentence: 'No attack on any DP arm may beat the theory overlay (TPR lower bound above the TPR its ε allows)',
      thresholdText: () => 'no violation',
    },
    (arm, scored, missing) => {
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
    },
  );
  if (result.status === 'PASS') result.message = `no violation in ${scored.length} attack × arm pair(s)`;
  return result;
}

/**
 * An external trainer must run the mechanism dpaudit planned and accounted for: every model's reported σ,
 * q, T, C and sampling equal the plan (both values shown when not). Present only when an external trainer
 * trained the models (dpaudit's own trainer runs the plan by construction: nothing to test).
 */
function planConformanceCheck(results: ResultsV1): GateCheckResult | null {
  const t = results.trainer;
  if (!t) return null;
  const scored: ScoredItem[] = [];
  const missing: string[] = [];
  for (const arm of t.arms) {
    if (arm.models === 0) {
      missing.push(`${arm.arm}: the trainer reported no models`);
      continue;
    }
    const s = scoreItem(
      { arm: arm.arm, key: arm.arm, where: arm.arm, value: arm.mismatches.length, ci: null, unresolved: null },
      'value',
      '<=',
      0,
    );
    const byField = new Map<string, { planned: unknown; reported: unknown[] }>();
    for (const m of arm.mismatches) {
      const e = byField.get(m.field) ?? { planned: m.planned, reported: [] };
      if (!e.reported.includes(m.reported)) e.reported.push(m.reported);
      byField.set(m.field, e);
    }
    const eps =
      arm.trainerEpsilon === null
        ? ''
        : `; trainer's ε ${fmt(arm.trainerEpsilon.min)}${arm.trainerEpsilon.max !== arm.trainerEpsilon.min ? `–${fmt(arm.trainerEpsilon.max)}` : ''} beside dpaudit's ${arm.epsilon === null ? '∞' : fmt(arm.epsilon)}`;
    s.item.actualText =
      arm.mismatches.length === 0
        ? `${arm.models} model(s) ran the plan${eps}`
        : `${[...byField].map(([f, v]) => `${f}: plan ${String(v.planned)}, trainer ${v.reported.map(String).join('/')}`).join('; ')} (${arm.mismatches.length} value(s) differ)${eps}`;
    scored.push(s);
  }
  const result = judge({
    id: BUILTIN_IDS.planConformance,
    builtin: true,
    severity: 'fail',
    sentence: `The external trainer (${t.command.join(' ')}) must run the planned mechanism: σ, q, T, C and Poisson sampling of every model as dpaudit planned and accounted for`,
    thresholdText: () => 'no difference',
    onMissing: 'warn',
    comparator: '<=',
    scored,
    missing,
    notes: [],
  });
  return result;
}

export function builtinChecks(results: ResultsV1, builtins: GatePolicy['builtins']): GateCheckResult[] {
  const out: GateCheckResult[] = [];
  if (builtins.planConformance) {
    const c = planConformanceCheck(results);
    if (c) out.push(c);
  }
  if (builtins.oneRunEpsilon) out.push(oneRunCheck(results));
  if (builtins.clopperPearsonEpsilon) out.push(clopperPearsonCheck(results));
  if (builtins.overlayViolation) out.push(overlayCheck(results));
  return out;
}
