/**
 * Metric-selector resolution: the ONE place where the gate reads results.json. It reads the typed results
 * contract (src/results): attack summaries, ε bounds, one-run audit, fairness report cells and disparities.
 */
import type { FairnessReport, GroupingReport, Interval as FairnessInterval, MetricKey } from '../../metrics/fairness/types.js';
import type { ArmResult, AttackSummaryV1, Estimate, ResultsV1, ViolationCheck } from '../results/types.js';
import { metricSpec } from './metrics.js';
import { WORST_ATTACK, WORST_GROUP, type Selector } from './policy-schema.js';
import type { GateInterval } from './types.js';

/** One value matched by a selector. */
export interface ResolvedItem {
  arm: string;
  /** Identity apart from the arm (attack, grouping, group), to pair a DP value with its non-DP baseline. */
  key: string;
  where: string;
  value: number | null;
  ci: GateInterval | null;
  /** Why the value is withheld (resolution guard, undefined metric). */
  unresolved: string | null;
  /** For suppressed counts: the range the hidden count is known to lie in. */
  range?: { lo: number; hi: number };
}

export interface Resolution {
  items: ResolvedItem[];
  /** Why parts of the selector matched nothing (for the error message). */
  missing: string[];
  notes: string[];
}

// ---------------------------------------------------------------- arms

export function armMatches(arm: ArmResult, sel: string): boolean {
  if (sel === 'every') return true;
  if (sel === 'every-dp') return arm.kind === 'dp';
  if (sel === 'nondp' || sel === 'cliponly') return arm.kind === sel;
  const eps = Number(sel.slice(3));
  return arm.kind === 'dp' && (arm.epsilon === eps || arm.privacy.targetEpsilon === eps);
}

export function selectArms(results: ResultsV1, sel: string): ArmResult[] {
  return results.arms.filter((a) => armMatches(a, sel));
}

/** The ε the arm claims: the accountant's (upper-bound) ε, else the target. */
export function claimedEpsilon(arm: ArmResult): number | null {
  return arm.privacy.epsilon ?? arm.privacy.targetEpsilon ?? arm.epsilon;
}

// ---------------------------------------------------------------- helpers

/** An interval as the gate shows it: an Estimate CI {lo, hi} or a bootstrap / Clopper–Pearson CI {lower, upper}. */
export function readInterval(
  v: { lo: number | null; hi: number | null } | { lower: number; upper: number } | null | undefined,
): GateInterval | null {
  if (!v) return null;
  const [lo, hi] = 'lo' in v ? [v.lo, v.hi] : [v.lower, v.upper];
  return lo === null && hi === null ? null : { lo, hi };
}

function readEstimate(e: Estimate | undefined): { value: number | null; ci: GateInterval | null } {
  return { value: e?.value ?? null, ci: readInterval(e?.ci) };
}

export function groupLabel(values: Record<string, string>): string {
  return Object.entries(values)
    .map(([k, x]) => `${k} = ${x}`)
    .join(', ');
}

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x));

function groupMatches(values: Record<string, string>, sel: Selector['group']): boolean {
  if (sel === undefined || sel === WORST_GROUP) return true;
  const want = Object.entries(sel).map(([k, v]) => [k, String(v)] as const);
  return (
    sameSet(
      Object.keys(values),
      want.map(([k]) => k),
    ) && want.every(([k, v]) => values[k] === v)
  );
}

// ---------------------------------------------------------------- attacks

export interface AttackEntry {
  name: string;
  summary: AttackSummaryV1;
}

export function armAttacks(arm: ArmResult): AttackEntry[] {
  return arm.attacks.map((summary) => ({ name: summary.attack, summary }));
}

export interface BoundEntry {
  method: string;
  epsilonLb: number | null;
}

const isGdp = (method: string) => /gdp/i.test(method);

/** Empirical ε lower bounds of an attack, GDP-derived ones removed (they are never gated). */
export function attackBounds(a: AttackEntry): BoundEntry[] {
  return a.summary.epsilonBounds.map((b) => ({ method: b.method, epsilonLb: b.epsilonLb })).filter((b) => !isGdp(b.method));
}

export const methodMatches = (method: string, want: string) => method === want || method.startsWith(`${want}-`);

export interface ViolationEntry {
  violated: boolean;
  method: string;
  worstPoint: ViolationCheck['worstPoint'];
}

/** The theory-overlay violation check of an attack (null when absent or GDP-based). */
export function attackViolation(a: AttackEntry): ViolationEntry | null {
  const v = a.summary.violation;
  if (!v || isGdp(v.method)) return null;
  return { violated: v.violated, method: v.method, worstPoint: v.worstPoint };
}

/** The one-run audit's ε lower bound; `present` false when the audit was not run. */
export function oneRunBound(arm: ArmResult): { present: boolean; epsilonLb: number | null } {
  if (!arm.oneRun) return { present: false, epsilonLb: null };
  return { present: true, epsilonLb: arm.oneRun.epsilonLb };
}

const UTILITY_KEYS = ['auc', 'accuracy', 'brier', 'balancedAccuracy'] as const;
type UtilityKey = (typeof UTILITY_KEYS)[number];
const isUtilityKey = (k: string): k is UtilityKey => (UTILITY_KEYS as readonly string[]).includes(k);

// ---------------------------------------------------------------- resolution

/** Resolve a selector against the results: every matched value, or why nothing matched. */
export function resolveSelector(results: ResultsV1, sel: Selector): Resolution {
  const out: Resolution = { items: [], missing: [], notes: [] };
  const arms = selectArms(results, sel.arm);
  if (arms.length === 0) {
    out.missing.push(`no arm matches ${sel.arm} (arms: ${results.arms.map((a) => a.arm).join(', ') || 'none'})`);
    return out;
  }
  const spec = metricSpec(sel.metric);
  for (const arm of arms) {
    switch (spec.family) {
      case 'utility': {
        const e = readEstimate(isUtilityKey(spec.key) ? arm.utility[spec.key] : undefined);
        if (e.value === null && e.ci === null) out.missing.push(`${arm.arm}: no utility ${spec.key}`);
        else
          out.items.push({
            arm: arm.arm,
            key: '',
            where: arm.arm,
            value: e.value,
            ci: e.ci,
            unresolved: e.value === null ? 'undefined metric (null)' : null,
          });
        break;
      }
      case 'privacy': {
        const eps = arm.privacy.epsilon;
        if (eps === null) out.missing.push(`${arm.arm}: no accountant ε (no DP guarantee)`);
        else out.items.push({ arm: arm.arm, key: '', where: arm.arm, value: eps, ci: null, unresolved: null });
        break;
      }
      case 'oneRun': {
        const b = oneRunBound(arm);
        if (!b.present) out.missing.push(`${arm.arm}: no one-run audit`);
        else
          out.items.push({
            arm: arm.arm,
            key: '',
            where: arm.arm,
            value: b.epsilonLb,
            ci: null,
            unresolved: b.epsilonLb === null ? 'one-run bound not computed' : null,
          });
        break;
      }
      case 'attack':
        resolveAttack(arm, sel, spec.key, out);
        break;
      case 'group':
        resolveGroups(arm, sel, spec.key as MetricKey, out);
        break;
      case 'disparity':
        resolveDisparity(arm, sel, spec.key, out);
        break;
    }
  }
  return out;
}

function resolveAttack(arm: ArmResult, sel: Selector, key: string, out: Resolution): void {
  const all = armAttacks(arm);
  const attacks = sel.attack === WORST_ATTACK ? all : all.filter((a) => a.name === sel.attack);
  if (attacks.length === 0) {
    out.missing.push(`${arm.arm}: no attack ${sel.attack} (attacks: ${all.map((a) => a.name).join(', ') || 'none'})`);
    return;
  }
  for (const a of attacks) {
    const where = `${arm.arm} · ${a.name}`;
    if (key === 'tprAtFpr') {
      const entries = a.summary.tprAtFpr;
      const level = sel.fpr ?? NaN;
      const e = entries.find((x) => Math.abs(x.alpha - level) <= 1e-9 * Math.max(1, level));
      if (!e) {
        out.missing.push(`${where}: no TPR at FPR ${level} (levels: ${entries.map((x) => x.alpha).join(', ') || 'none'})`);
        continue;
      }
      if (!e.resolved) {
        out.items.push({ arm: arm.arm, key: a.name, where, value: null, ci: null, unresolved: `resolution guard: ${e.reason}` });
        continue;
      }
      out.items.push({
        arm: arm.arm,
        key: a.name,
        where,
        value: e.tpr,
        ci: readInterval(e.ci),
        unresolved: e.tpr === null ? 'TPR undefined (no members)' : null,
      });
    } else if (key === 'epsilonLb') {
      const want = sel.method ?? '';
      const bounds = attackBounds(a).filter((b) => methodMatches(b.method, want));
      if (bounds.length === 0) {
        out.missing.push(
          `${where}: no ε bound by method ${want} (methods: ${
            attackBounds(a)
              .map((b) => b.method)
              .join(', ') || 'none'
          })`,
        );
        continue;
      }
      for (const b of bounds) {
        out.items.push({
          arm: arm.arm,
          key: `${a.name}|${b.method}`,
          where: `${where} · ${b.method}`,
          value: b.epsilonLb,
          ci: null,
          unresolved: b.epsilonLb === null ? 'bound not computed' : null,
        });
      }
    } else {
      if (sel.group === undefined) {
        const value = key === 'auc' ? a.summary.auc : a.summary.advantage;
        const ci = key === 'auc' ? readInterval(a.summary.aucCi) : null;
        out.items.push({
          arm: arm.arm,
          key: a.name,
          where,
          value,
          ci,
          unresolved: value === null ? 'undefined metric (null)' : null,
        });
        continue;
      }
      let suppressed = 0;
      let matched = 0;
      for (const cell of a.summary.groups.flatMap((g) => g.cells)) {
        const values = cell.values;
        if (sel.grouping && !sameSet(Object.keys(values), sel.grouping)) continue;
        if (!groupMatches(values, sel.group)) continue;
        matched++;
        if (cell.suppressed) {
          suppressed++;
          continue;
        }
        // Per-group cells carry the AUC (no CI) and TPR@FPR; the advantage is not computed per group.
        const value = key === 'auc' ? cell.auc : null;
        const label = groupLabel(values);
        out.items.push({
          arm: arm.arm,
          key: `${a.name}|${label}`,
          where: `${where} · ${label}`,
          value,
          ci: null,
          unresolved: value === null ? 'undefined metric (null)' : null,
        });
      }
      if (matched === 0) out.missing.push(`${where}: no matching group`);
      if (suppressed > 0) out.notes.push(`${where}: ${suppressed} suppressed group(s) not evaluated`);
    }
  }
}

function fairnessGroupings(
  arm: ArmResult,
  sel: Selector,
  out: Resolution,
): { groupings: GroupingReport[]; fairness: FairnessReport | null } {
  const fairness = arm.fairness;
  if (!fairness) {
    out.missing.push(`${arm.arm}: no fairness report`);
    return { groupings: [], fairness: null };
  }
  const all = fairness.groupings;
  const groupings = sel.grouping ? all.filter((g) => sameSet(g.attributes, sel.grouping ?? [])) : all;
  if (groupings.length === 0) {
    out.missing.push(
      `${arm.arm}: no grouping ${sel.grouping ? `[${sel.grouping.join(', ')}]` : ''} (groupings: ${all.map((g) => `[${g.attributes.join(', ')}]`).join(', ') || 'none'})`,
    );
  }
  return { groupings, fairness };
}

function resolveGroups(arm: ArmResult, sel: Selector, key: MetricKey, out: Resolution): void {
  const { groupings, fairness } = fairnessGroupings(arm, sel, out);
  const suppressBelow = fairness?.suppressBelow ?? null;
  let matched = 0;
  let suppressed = 0;
  let empty = 0;
  for (const g of groupings) {
    for (const cell of g.groups) {
      const values = cell.values;
      if (!groupMatches(values, sel.group)) continue;
      matched++;
      const label = groupLabel(values);
      const itemKey = `${g.attributes.join('×')}|${label}`;
      const where = `${arm.arm} · ${label}`;
      if ('suppressed' in cell) {
        if (key === 'count' && suppressBelow !== null && suppressBelow > 1) {
          out.items.push({
            arm: arm.arm,
            key: itemKey,
            where,
            value: null,
            ci: null,
            unresolved: null,
            range: { lo: 1, hi: suppressBelow - 1 },
          });
        } else suppressed++;
        continue;
      }
      if (cell.flags.empty) {
        empty++;
        continue;
      }
      const value = cell.metrics[key];
      const ci = readInterval((cell.ci as Partial<Record<MetricKey, FairnessInterval | null>> | undefined)?.[key]);
      out.items.push({
        arm: arm.arm,
        key: itemKey,
        where,
        value,
        ci,
        unresolved: value === null ? 'undefined metric (zero denominator or one class)' : null,
      });
    }
  }
  if (groupings.length > 0 && matched === 0) out.missing.push(`${arm.arm}: no group matches ${JSON.stringify(sel.group)}`);
  if (suppressed > 0) out.notes.push(`${arm.arm}: ${suppressed} suppressed group(s) not evaluated`);
  if (empty > 0) out.notes.push(`${arm.arm}: ${empty} empty cell(s) (n = 0) not evaluated`);
}

function resolveDisparity(arm: ArmResult, sel: Selector, key: string, out: Resolution): void {
  const { groupings } = fairnessGroupings(arm, sel, out);
  const variant = sel.variant ?? 'betweenGroups';
  for (const g of groupings) {
    const label = `[${g.attributes.join(' × ')}]`;
    const where = `${arm.arm} · ${label}`;
    const d: Record<string, number | null> | undefined = g.disparities[variant];
    if (!d || !(key in d)) {
      out.missing.push(`${where}: no ${variant} ${key}`);
      continue;
    }
    const value = d[key];
    const cis: Record<string, FairnessInterval | null> | undefined = g.disparitiesCi?.[variant];
    out.items.push({
      arm: arm.arm,
      key: `${g.attributes.join('×')}|${variant}`,
      where,
      value,
      ci: readInterval(cis?.[key]),
      unresolved: value === null ? 'undefined disparity (fewer than two groups with a defined value)' : null,
    });
  }
}
