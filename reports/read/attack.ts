/**
 * The report's view of a metrics/attack-summary AttackSummary (docs/methods.md#roc): AUC with CI,
 * TPR@FPR with the resolution guard (unresolved values are kept out of the numbers), at most 200
 * ROC points, empirical ε lower bounds, the theory-overlay violation check and per-group vulnerability.
 */
import type { AttackGroupCell, AttackSummaryV1, EpsilonBound, Estimate, Interval, OneRunAudit } from '../../src/results/types.js';
import { estimate, groupLabel, interval } from './guards.js';

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

function readTpr(e: AttackSummaryV1['tprAtFpr'][number]): TprAtFpr {
  // `alpha` is the FPR level; `fpr` in metrics/tpr-at-fpr is the FPR achieved at the chosen threshold.
  if (!e.resolved) return { fpr: e.alpha, tpr: null, resolved: false, ci: null };
  return { fpr: e.alpha, tpr: e.tpr, resolved: e.tpr !== null, ci: interval(e.ci) };
}

export function readEpsilonLb(b: EpsilonBound): EpsilonLbView {
  return { method: b.method, label: b.label, epsilonLb: b.epsilonLb, assumesGdp: /gdp/i.test(b.method) };
}

function readVulnerability(c: AttackGroupCell): VulnerabilityGroup {
  const label = groupLabel(c.values);
  if (c.suppressed) return { label, suppressed: true, auc: { value: null }, advantage: null };
  // Per-group cells carry the AUC (no CI); the advantage is not computed per group.
  return { label, suppressed: false, auc: estimate(c.auc), advantage: null };
}

export function readAttack(s: AttackSummaryV1): AttackView {
  return {
    attack: s.attack,
    auc: estimate(s.auc, interval(s.aucCi)),
    advantage: s.advantage,
    tprAtFpr: s.tprAtFpr.map(readTpr),
    roc: s.roc.slice(0, 200),
    epsilonLb: s.epsilonBounds.map(readEpsilonLb),
    violation: s.violation ? { violated: s.violation.violated, method: s.violation.method } : null,
    groups: s.groups.flatMap((g) => g.cells).map(readVulnerability),
  };
}

export interface OneRunView {
  epsilonLb: number | null;
  ceiling: number | null;
  canaries: number | null;
  guesses: number | null;
  correct: number | null;
}

export function readOneRun(o: OneRunAudit | null): OneRunView | null {
  if (!o) return null;
  return { epsilonLb: o.epsilonLb, ceiling: o.ceiling, canaries: o.m, guesses: o.r, correct: o.v };
}
