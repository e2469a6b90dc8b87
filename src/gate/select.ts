/**
 * Metric-selector resolution: the ONE place where the gate reads results.json, including the nested
 * outputs of metrics/fairness (FairnessReport, DeltaReport) and metrics/attack-summary (AttackSummary,
 * one-run audit), which results-types.ts types as `unknown`. A field rename there is a one-line change
 * in FIELDS below.
 */
import type { ArmResult, ResultsV1 } from '../sweep/results-types.js';
import { arr, first, num, rec, str, type Rec } from './guards.js';
import { metricSpec } from './metrics.js';
import { WORST_ATTACK, WORST_GROUP, type Selector } from './policy-schema.js';
import type { GateInterval } from './types.js';

/** Field names of the nested result objects. Alternatives are tried in order. */
const FIELDS = {
  // metrics/attack-summary AttackSummary
  attackName: ['attack', 'name'],
  attackAuc: ['auc'],
  /** Sibling CI of the attack AUC (metrics/attack-summary: aucCi {lower, upper}). */
  attackAucCi: ['aucCi'],
  /** Per-group vulnerability: groupings with their cells (metrics/attack-summary: groups[].cells[]). */
  attackGroupCells: ['cells'],
  attackAdvantage: ['advantage'],
  attackTprAtFpr: ['tprAtFpr'],
  /** The target FPR level α of a TPR@FPR entry (metrics/tpr-at-fpr uses `alpha`; `fpr` is then the achieved FPR). */
  tprLevel: ['alpha', 'fpr'],
  tprValue: ['tpr'],
  tprResolved: ['resolved'],
  tprReason: ['reason'],
  attackBounds: ['epsilonLb', 'epsilonBounds'],
  boundMethod: ['method'],
  boundValue: ['epsilonLb', 'epsilon'],
  attackViolation: ['violation'],
  violated: ['violated'],
  violationMethod: ['method'],
  worstPoint: ['worstPoint'],
  attackGroups: ['groups'],
  // one-run audit (metrics/one-run-audit OneRunAuditResult, FleetTargetBound)
  oneRunEpsilon: ['epsilonLb'],
  oneRunCeiling: ['ceiling'],
  oneRunPValue: ['pValue'],
  oneRunSnj: ['snj'],
  oneRunFdp: ['fdp'],
  oneRunFdpPValue: ['fdpPValue'],
  oneRunFdpTestability: ['fdpTestability'],
  fleetTestability: ['testability'],
  testable: ['testable'],
  neededM: ['neededM'],
  claimedCurve: ['claimedCurve'],
  canaryKind: ['canaryKind'],
  fleetAttack: ['attack'],
  bestPValue: ['bestPValue'],
  fdpBestPValue: ['fdpBestPValue'],
  // metrics/fairness FairnessReport
  fairGroupings: ['groupings'],
  groupingAttributes: ['attributes'],
  groupingGroups: ['groups'],
  groupValues: ['values'],
  groupSuppressed: ['suppressed'],
  groupMetrics: ['metrics'],
  groupCi: ['ci'],
  groupFlags: ['flags'],
  flagEmpty: ['empty'],
  disparities: ['disparities'],
  disparitiesCi: ['disparitiesCi'],
  fairSuppressBelow: ['suppressBelow'],
  // intervals: Estimate {lo, hi} and bootstrap {lower, upper}
  ciLo: ['lo', 'lower'],
  ciHi: ['hi', 'upper'],
  estimateValue: ['value'],
  estimateCi: ['ci'],
} as const;

const get = (o: Rec | null, key: keyof typeof FIELDS): unknown => (o ? first(o, FIELDS[key]) : undefined);

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
  return arm.kind === 'dp' && (arm.epsilon === eps || arm.privacy?.targetEpsilon === eps);
}

export function selectArms(results: ResultsV1, sel: string): ArmResult[] {
  return results.arms.filter((a) => armMatches(a, sel));
}

/** The ε the arm claims: the accountant's (upper-bound) ε, else the target. */
export function claimedEpsilon(arm: ArmResult): number | null {
  return num(arm.privacy?.epsilon) ?? num(arm.privacy?.targetEpsilon) ?? num(arm.epsilon);
}

// ---------------------------------------------------------------- helpers

export function readInterval(v: unknown): GateInterval | null {
  const o = rec(v);
  if (!o) return null;
  const lo = num(get(o, 'ciLo'));
  const hi = num(get(o, 'ciHi'));
  return lo === null && hi === null ? null : { lo, hi };
}

function readEstimate(v: unknown): { value: number | null; ci: GateInterval | null } {
  const n = num(v);
  if (n !== null) return { value: n, ci: null };
  const o = rec(v);
  return { value: num(get(o, 'estimateValue')), ci: readInterval(get(o, 'estimateCi')) };
}

function groupValuesOf(v: unknown): Record<string, string> | null {
  const o = rec(v);
  if (!o) return null;
  const out: Record<string, string> = {};
  for (const [k, x] of Object.entries(o)) out[k] = String(x);
  return out;
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
  raw: Rec;
}

export function armAttacks(arm: ArmResult): AttackEntry[] {
  return arr(arm.attacks)
    .map((a) => rec(a))
    .filter((a): a is Rec => a !== null)
    .map((raw) => ({ name: str(get(raw, 'attackName')) ?? '(unnamed attack)', raw }));
}

export interface BoundEntry {
  method: string;
  epsilonLb: number | null;
}

const isGdp = (method: string) => /gdp/i.test(method);

/** Empirical ε lower bounds of an attack, GDP-derived ones removed (they are never gated). */
export function attackBounds(a: AttackEntry): BoundEntry[] {
  return arr(get(a.raw, 'attackBounds'))
    .map((b) => rec(b))
    .filter((b): b is Rec => b !== null)
    .map((b) => ({ method: str(get(b, 'boundMethod')) ?? 'unknown', epsilonLb: num(get(b, 'boundValue')) }))
    .filter((b) => !isGdp(b.method));
}

export const methodMatches = (method: string, want: string) => method === want || method.startsWith(`${want}-`);

export interface ViolationEntry {
  violated: boolean;
  method: string;
  worstPoint: Rec | null;
}

/** The theory-overlay violation check of an attack (null when absent or GDP-based). */
export function attackViolation(a: AttackEntry): ViolationEntry | null {
  const v = rec(get(a.raw, 'attackViolation'));
  if (!v || typeof get(v, 'violated') !== 'boolean') return null;
  const method = str(get(v, 'violationMethod')) ?? 'unknown';
  if (isGdp(method)) return null;
  return { violated: get(v, 'violated') === true, method, worstPoint: rec(get(v, 'worstPoint')) };
}

/** The one-run audit's ε lower bound; `present` false when the audit was not run. */
export function oneRunBound(arm: ArmResult): { present: boolean; epsilonLb: number | null } {
  const o = rec(arm.oneRun);
  if (!o) return { present: false, epsilonLb: null };
  return { present: true, epsilonLb: num(get(o, 'oneRunEpsilon')) };
}

/**
 * One test of the one-run family of a DP arm: the Steinke–Nasr–Jagielski bound, the f-DP test of the
 * accountant's curve, or the per-target fleet bound. `pValue` null = an older results.json (compare ε_lb
 * with the claim instead); `testable` false = the check could not fail at the claimed ε (its ceiling is ≤ it).
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

function testabilityOf(t: unknown): { testable: boolean | null; neededM: number | null } {
  const o = rec(t);
  if (!o) return { testable: null, neededM: null };
  const tv = get(o, 'testable');
  return { testable: typeof tv === 'boolean' ? tv : null, neededM: num(get(o, 'neededM')) };
}

/** The one-run family of one arm (empty when neither a canary audit nor a fleet bound is present). */
export function oneRunTests(arm: ArmResult): OneRunTest[] {
  const out: OneRunTest[] = [];
  const o = rec(arm.oneRun);
  if (o) {
    const kind = str(get(o, 'canaryKind'));
    out.push({
      method: `one-run${kind ? ` (${kind} canaries)` : ''}`,
      epsilonLb: num(get(o, 'oneRunEpsilon')),
      ceiling: num(get(o, 'oneRunCeiling')),
      pValue: num(get(o, 'oneRunPValue')),
      bestPValue: num(get(o, 'bestPValue')),
      ...testabilityOf(get(o, 'oneRunSnj')),
    });
    const f = rec(get(o, 'oneRunFdp'));
    if (f && rec(get(f, 'claimedCurve'))) {
      out.push({
        method: `f-DP one-run, accountant's curve${kind ? ` (${kind} canaries)` : ''}`,
        epsilonLb: num(get(f, 'oneRunEpsilon')),
        ceiling: num(get(f, 'oneRunCeiling')),
        pValue: num(get(o, 'oneRunFdpPValue')),
        bestPValue: num(get(o, 'fdpBestPValue')),
        ...testabilityOf(get(o, 'oneRunFdpTestability')),
      });
    }
  }
  const fl = rec(arm.fleetOneRun);
  if (fl) {
    out.push({
      method: `one-run per fleet target (${str(get(fl, 'fleetAttack')) ?? 'attack'})`,
      epsilonLb: num(get(fl, 'oneRunEpsilon')),
      ceiling: num(get(fl, 'oneRunCeiling')),
      pValue: num(get(fl, 'oneRunPValue')),
      bestPValue: num(get(fl, 'bestPValue')),
      ...testabilityOf(get(fl, 'fleetTestability')),
    });
  }
  return out;
}

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
        const e = readEstimate((arm.utility as unknown as Rec | undefined)?.[spec.key]);
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
        const eps = num(arm.privacy?.epsilon);
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
        resolveGroups(arm, sel, spec.key, out);
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
      const entries = arr(get(a.raw, 'attackTprAtFpr'))
        .map((e) => rec(e))
        .filter((e): e is Rec => e !== null);
      const level = sel.fpr ?? NaN;
      const e = entries.find((x) => {
        const l = num(get(x, 'tprLevel'));
        return l !== null && Math.abs(l - level) <= 1e-9 * Math.max(1, level);
      });
      if (!e) {
        const levels = entries.map((x) => num(get(x, 'tprLevel'))).filter((x): x is number => x !== null);
        out.missing.push(`${where}: no TPR at FPR ${level} (levels: ${levels.join(', ') || 'none'})`);
        continue;
      }
      if (get(e, 'tprResolved') === false) {
        out.items.push({
          arm: arm.arm,
          key: a.name,
          where,
          value: null,
          ci: null,
          unresolved: `resolution guard: ${str(get(e, 'tprReason')) ?? 'unresolved'}`,
        });
        continue;
      }
      const t = readEstimate(get(e, 'tprValue'));
      const ci = t.ci ?? readInterval(get(e, 'estimateCi'));
      out.items.push({
        arm: arm.arm,
        key: a.name,
        where,
        value: t.value,
        ci,
        unresolved: t.value === null ? 'TPR undefined (no members)' : null,
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
      const field = key === 'auc' ? 'attackAuc' : 'attackAdvantage';
      if (sel.group === undefined) {
        const e = readEstimate(get(a.raw, field));
        if (key === 'auc' && e.ci === null) e.ci = readEstimate({ value: null, ci: get(a.raw, 'attackAucCi') }).ci;
        if (e.value === null && e.ci === null && get(a.raw, field) === undefined) out.missing.push(`${where}: no ${key}`);
        else
          out.items.push({
            arm: arm.arm,
            key: a.name,
            where,
            value: e.value,
            ci: e.ci,
            unresolved: e.value === null ? 'undefined metric (null)' : null,
          });
        continue;
      }
      let suppressed = 0;
      let matched = 0;
      // Groupings hold their cells (attack-summary); a flat list of groups is accepted too.
      const cells = arr(get(a.raw, 'attackGroups')).flatMap((g) => {
        const inner = get(rec(g), 'attackGroupCells');
        return inner === undefined ? [g] : arr(inner);
      });
      for (const g of cells) {
        const o = rec(g);
        const values = groupValuesOf(get(o, 'groupValues'));
        if (!o || !values) continue;
        if (sel.grouping && !sameSet(Object.keys(values), sel.grouping)) continue;
        if (!groupMatches(values, sel.group)) continue;
        matched++;
        if (get(o, 'groupSuppressed') === true) {
          suppressed++;
          continue;
        }
        const e = readEstimate(get(o, field));
        const label = groupLabel(values);
        out.items.push({
          arm: arm.arm,
          key: `${a.name}|${label}`,
          where: `${where} · ${label}`,
          value: e.value,
          ci: e.ci,
          unresolved: e.value === null ? 'undefined metric (null)' : null,
        });
      }
      if (matched === 0) out.missing.push(`${where}: no matching group`);
      if (suppressed > 0) out.notes.push(`${where}: ${suppressed} suppressed group(s) not evaluated`);
    }
  }
}

interface GroupingView {
  attributes: string[];
  raw: Rec;
}

function fairnessGroupings(arm: ArmResult, sel: Selector, out: Resolution): { groupings: GroupingView[]; fairness: Rec | null } {
  const fairness = rec(arm.fairness);
  if (!fairness) {
    out.missing.push(`${arm.arm}: no fairness report`);
    return { groupings: [], fairness: null };
  }
  const all = arr(get(fairness, 'fairGroupings'))
    .map((g) => rec(g))
    .filter((g): g is Rec => g !== null)
    .map((raw) => ({ raw, attributes: arr(get(raw, 'groupingAttributes')).map(String) }));
  const groupings = sel.grouping ? all.filter((g) => sameSet(g.attributes, sel.grouping ?? [])) : all;
  if (groupings.length === 0) {
    out.missing.push(
      `${arm.arm}: no grouping ${sel.grouping ? `[${sel.grouping.join(', ')}]` : ''} (groupings: ${all.map((g) => `[${g.attributes.join(', ')}]`).join(', ') || 'none'})`,
    );
  }
  return { groupings, fairness };
}

function resolveGroups(arm: ArmResult, sel: Selector, key: string, out: Resolution): void {
  const { groupings, fairness } = fairnessGroupings(arm, sel, out);
  const suppressBelow = num(get(fairness, 'fairSuppressBelow'));
  let matched = 0;
  let suppressed = 0;
  let empty = 0;
  for (const g of groupings) {
    for (const cell of arr(get(g.raw, 'groupingGroups'))) {
      const o = rec(cell);
      const values = groupValuesOf(get(o, 'groupValues'));
      if (!o || !values || !groupMatches(values, sel.group)) continue;
      matched++;
      const label = groupLabel(values);
      const itemKey = `${g.attributes.join('×')}|${label}`;
      const where = `${arm.arm} · ${label}`;
      if (get(o, 'groupSuppressed') === true) {
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
      if (get(rec(get(o, 'groupFlags')), 'flagEmpty') === true) {
        empty++;
        continue;
      }
      const metrics = rec(get(o, 'groupMetrics'));
      const value = num(metrics?.[key]);
      const ci = readInterval(rec(get(o, 'groupCi'))?.[key]);
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
    const d = rec(rec(get(g.raw, 'disparities'))?.[variant]);
    if (!d || !(key in d)) {
      out.missing.push(`${where}: no ${variant} ${key}`);
      continue;
    }
    const value = num(d[key]);
    const ci = readInterval(rec(rec(get(g.raw, 'disparitiesCi'))?.[variant])?.[key]);
    out.items.push({
      arm: arm.arm,
      key: `${g.attributes.join('×')}|${variant}`,
      where,
      value,
      ci,
      unresolved: value === null ? 'undefined disparity (fewer than two groups with a defined value)' : null,
    });
  }
}
