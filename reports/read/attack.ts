/**
 * The report's view of a metrics/attack-summary AttackSummary (REFERENCE §4): AUC with CI,
 * TPR@FPR with the resolution guard (unresolved values are kept out of the numbers), at most 200
 * ROC points, empirical ε lower bounds, the theory-overlay violation check and per-group vulnerability.
 */
import type { Estimate, Interval } from '../../src/results/types.js';
import { arr, bool, estimate, groupLabel, groupValues, interval, isRecord, num, pick, rec, str } from './guards.js';

export interface TprAtFpr {
  fpr: number;
  /** null when unresolved (n_out·α < 10) or not measured. */
  tpr: number | null;
  resolved: boolean;
  ci: Interval | null;
}

export interface EpsilonLbView {
  method: string;
  label: string;
  epsilonLb: number | null;
  /** GDP-derived bounds assume μ-GDP: shown, but never part of the violation check. */
  assumesGdp: boolean;
}

export interface VulnerabilityGroup {
  label: string;
  suppressed: boolean;
  auc: Estimate;
  advantage: number | null;
}

export interface AttackView {
  attack: string;
  auc: Estimate;
  advantage: number | null;
  tprAtFpr: TprAtFpr[];
  roc: { fpr: number; tpr: number }[];
  epsilonLb: EpsilonLbView[];
  violation: { violated: boolean; method: string } | null;
  groups: VulnerabilityGroup[];
}

function readTpr(fprKey: number | null, v: unknown): TprAtFpr | null {
  const o = rec(v);
  if (!o) {
    if (fprKey === null) return null;
    const tpr = num(v);
    return { fpr: fprKey, tpr, resolved: tpr !== null, ci: null };
  }
  // `alpha` is the FPR level; `fpr` in metrics/tpr-at-fpr is the FPR achieved at the chosen threshold.
  const fpr = num(pick(o, 'alpha', 'targetFpr', 'level')) ?? fprKey ?? num(o.fpr);
  if (fpr === null) return null;
  const explicit = bool(o.resolved);
  const unresolved = o.unresolved === true || explicit === false || o.status === 'unresolved';
  const e = estimate(pick(o, 'tpr', 'value'));
  const tpr = unresolved ? null : e.value;
  const ci = unresolved ? null : (interval(o.ci) ?? e.ci ?? null);
  return { fpr, tpr, resolved: !unresolved && tpr !== null, ci };
}

function readTprList(v: unknown): TprAtFpr[] {
  if (Array.isArray(v)) return v.map((x) => readTpr(null, x)).filter((x): x is TprAtFpr => x !== null);
  const o = rec(v);
  if (!o) return [];
  return Object.entries(o)
    .map(([k, x]) => readTpr(num(Number(k)), x))
    .filter((x): x is TprAtFpr => x !== null)
    .sort((a, b) => a.fpr - b.fpr);
}

function readRoc(v: unknown): { fpr: number; tpr: number }[] {
  const o = rec(v);
  if (o && Array.isArray(o.fpr) && Array.isArray(o.tpr)) {
    const out: { fpr: number; tpr: number }[] = [];
    for (let i = 0; i < Math.min(o.fpr.length, o.tpr.length, 200); i++) {
      const f = num(o.fpr[i]);
      const t = num(o.tpr[i]);
      if (f !== null && t !== null) out.push({ fpr: f, tpr: t });
    }
    return out;
  }
  const points = arr(v)
    .map((p) => {
      if (Array.isArray(p)) return { fpr: num(p[0]), tpr: num(p[1]) };
      const q = rec(p);
      return q ? { fpr: num(q.fpr), tpr: num(q.tpr) } : { fpr: null, tpr: null };
    })
    .filter((p): p is { fpr: number; tpr: number } => p.fpr !== null && p.tpr !== null);
  return points.slice(0, 200);
}

export function readEpsilonLb(v: unknown): EpsilonLbView | null {
  const o = rec(v);
  if (!o) return null;
  const method = str(o.method) ?? 'unknown';
  return {
    method,
    label: str(o.label) ?? method,
    epsilonLb: num(pick(o, 'epsilonLb', 'epsilon', 'value')),
    assumesGdp: /gdp/i.test(method),
  };
}

function readVulnerability(v: unknown): VulnerabilityGroup | null {
  const o = rec(v);
  if (!o) return null;
  const values = groupValues(o.values);
  const label = values ? groupLabel(values) : (str(o.group) ?? str(o.label));
  if (label === null) return null;
  if (o.suppressed === true) return { label, suppressed: true, auc: { value: null }, advantage: null };
  return { label, suppressed: false, auc: aucEstimate(o), advantage: num(o.advantage) };
}

/** `auc` as a number with a sibling `aucCi` (metrics/attack-summary), or an Estimate-like object. */
function aucEstimate(o: Record<string, unknown>): Estimate {
  const e = estimate(o.auc);
  if (!e.ci) {
    const ci = interval(o.aucCi);
    if (ci) e.ci = ci;
  }
  return e;
}

export function readAttack(v: unknown): AttackView | null {
  const o = rec(v);
  if (!o) return null;
  const attack = str(pick(o, 'attack', 'name', 'id'));
  if (attack === null) return null;
  const bounds = pick(o, 'epsilonLb', 'epsilonBounds', 'bounds', 'epsilonLowerBounds');
  const violationRaw = rec(pick(o, 'violation', 'violationCheck'));
  return {
    attack,
    auc: aucEstimate(o),
    advantage: num(o.advantage),
    tprAtFpr: readTprList(pick(o, 'tprAtFpr', 'tprAtLowFpr', 'tpr_at_fpr')),
    roc: readRoc(o.roc),
    epsilonLb: (isRecord(bounds) ? [bounds] : arr(bounds)).map(readEpsilonLb).filter((b): b is EpsilonLbView => b !== null),
    violation: violationRaw ? { violated: violationRaw.violated === true, method: str(violationRaw.method) ?? '' } : null,
    groups: arr(pick(o, 'groups', 'perGroup', 'vulnerability'))
      .flatMap((g) => (isRecord(g) && Array.isArray(g.cells) ? g.cells : [g]))
      .map(readVulnerability)
      .filter((g): g is VulnerabilityGroup => g !== null),
  };
}

export interface OneRunView {
  epsilonLb: number | null;
  ceiling: number | null;
  canaries: number | null;
  guesses: number | null;
  correct: number | null;
}

export function readOneRun(v: unknown): OneRunView | null {
  const o = rec(v);
  if (!o) return null;
  const out: OneRunView = {
    epsilonLb: num(pick(o, 'epsilonLb', 'epsilon')),
    ceiling: num(pick(o, 'ceiling', 'epsilonCeiling', 'maxEpsilonLb')),
    canaries: num(pick(o, 'm', 'canaries')),
    guesses: num(pick(o, 'r', 'guesses')),
    correct: num(pick(o, 'v', 'correct')),
  };
  return out.epsilonLb === null && out.ceiling === null ? null : out;
}
