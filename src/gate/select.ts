/**
 * Metric-selector resolution: the ONE place where the gate reads results.json. It reads the typed results
 * contract (src/results): attack summaries, ε bounds, one-run audit, fairness report cells and disparities.
 */
import type { FairnessReport, GroupingReport, Interval as FairnessInterval, MetricKey } from '../../metrics/fairness/types.js';
import { FAIRNESS_RULE } from '../../metrics/fairness/rule.js';
import type { ArmResult, AttackSummaryV1, Estimate, ResultsV1, ViolationCheck } from '../results/types.js';
import type { Testability } from '../../metrics/one-run-audit.js';
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

/** The federation mode of a federated arm (from its recorded plan, else its id), null for a centralised arm. */
export function federationMode(arm: ArmResult): 'none' | 'local-dp' | 'server-dp' | null {
  if (arm.kind !== 'federated') return null;
  const mode = arm.privacy.federation?.mode;
  if (mode) return mode;
  if (arm.arm === 'fed-none') return 'none';
  if (arm.arm.startsWith('fed-local@')) return 'local-dp';
  if (arm.arm.startsWith('fed-server@')) return 'server-dp';
  return null;
}

const FED_SELECTOR_MODE = { 'fed-local': 'local-dp', 'fed-server': 'server-dp' } as const;

/**
 * Whether an arm matches a selector (ARM_PATTERN). `every-dp` and `dp@ε` are the centralised DP arms only; the
 * federated arms have their own selectors (docs/methods.md#federated), `every` matches all arms.
 */
export function armMatches(arm: ArmResult, sel: string): boolean {
  if (sel === 'every') return true;
  if (sel === 'every-dp') return arm.kind === 'dp';
  if (sel === 'nondp' || sel === 'cliponly') return arm.kind === sel;
  const mode = federationMode(arm);
  if (sel === 'every-fed') return arm.kind === 'federated';
  if (sel === 'every-fed-dp') return mode === 'local-dp' || mode === 'server-dp';
  if (sel === 'every-fed-local') return mode === 'local-dp';
  if (sel === 'every-fed-server') return mode === 'server-dp';
  if (sel === 'fed-none') return mode === 'none';
  const at = sel.indexOf('@');
  const prefix = sel.slice(0, at);
  const eps = Number(sel.slice(at + 1));
  const epsMatches = arm.epsilon === eps || arm.privacy.targetEpsilon === eps;
  if (prefix === 'dp') return arm.kind === 'dp' && epsMatches;
  if (prefix === 'fed-local' || prefix === 'fed-server') return mode === FED_SELECTOR_MODE[prefix] && epsMatches;
  return false;
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

/**
 * One test of the one-run family of a DP arm: the Steinke–Nasr–Jagielski bound, the f-DP test of the
 * accountant's curve, or the per-target fleet bound. `pValue` null = an older results.json (compare ε_lb
 * with the claim instead); `testable` false = the check could not fail at the claimed ε (its ceiling is ≤ it;
 * docs/methods.md#untestable).
 */
export interface OneRunTest {
  method: string;
  epsilonLb: number | null;
  ceiling: number | null;
  pValue: number | null;
  /** Smallest p-value a perfect attack could reach (null in older results). */
  bestPValue: number | null;
  testable: boolean | null;
  neededM: number | null;
}

function testabilityOf(t: Testability | null | undefined): { testable: boolean | null; neededM: number | null } {
  return t ? { testable: t.testable, neededM: t.neededM } : { testable: null, neededM: null };
}

/** The one-run family of one arm (empty when neither a canary audit nor a fleet bound is present). */
export function oneRunTests(arm: ArmResult): OneRunTest[] {
  const out: OneRunTest[] = [];
  const o = arm.oneRun;
  if (o) {
    const kind = o.canaryKind;
    out.push({
      method: `one-run${kind ? ` (${kind} canaries)` : ''}`,
      epsilonLb: o.epsilonLb,
      ceiling: o.ceiling,
      pValue: o.pValue ?? null,
      bestPValue: o.bestPValue ?? null,
      ...testabilityOf(o.snj),
    });
    const f = o.fdp;
    if (f?.claimedCurve) {
      out.push({
        method: `f-DP one-run, accountant's curve${kind ? ` (${kind} canaries)` : ''}`,
        epsilonLb: f.epsilonLb,
        ceiling: f.ceiling,
        pValue: o.fdpPValue ?? null,
        bestPValue: o.fdpBestPValue ?? null,
        ...testabilityOf(o.fdpTestability),
      });
    }
  }
  const fl = arm.fleetOneRun;
  if (fl) {
    out.push({
      method: `one-run per fleet target (${fl.attack})`,
      epsilonLb: fl.epsilonLb,
      ceiling: fl.ceiling,
      pValue: fl.pValue,
      bestPValue: fl.bestPValue,
      ...testabilityOf(fl.testability),
    });
  }
  return out;
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
        else {
          out.items.push({ arm: arm.arm, key: '', where: arm.arm, value: eps, ci: null, unresolved: null });
          // Server-side DP protects a whole site: its ε is not a record-level ε (docs/methods.md#federated).
          if (arm.privacy.federation?.level === 'site')
            out.notes.push(`${arm.arm}: ε is at site level (all of one site's data); a record's ε is at most that`);
        }
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
  const variant = sel.variant ?? FAIRNESS_RULE.variant;
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
