import type { AttackResult } from '../attacks/types.js';
import type { GroupAttribute } from '../src/data/types.js';
import { DpauditError } from '../src/errors.js';
import { defaultOf } from '../src/options/registry.js';
import { Rng, type SeedPart } from '../src/random/rng.js';
import { aucDeLongCi, type AucInterval } from './auc-ci.js';
import {
  bonferroniFamily,
  cpEpsilonBonferroniSorted,
  cpEpsilonSplit,
  type EpsilonBound,
  SortedScores,
  type ThresholdSelection,
} from './empirical-epsilon.js';
import { gdpEpsilonBound } from './gdp.js';
import { buildGroupings } from '../src/data/groups.js';
import { hiddenGroupCells } from '../src/data/suppression.js';
import { tradeoffFrom, type TheoryBound, type Tradeoff, violationCheck, type ViolationCheck } from './overlay.js';
import { descendingOrder, rocAuc, rocCurveOfOrder, type RocPoint, splitOrder, summarizeRoc } from './roc.js';
import { DEFAULT_FPR_LEVELS, type TprAtFpr, tprAtFprLevels } from './tpr-at-fpr.js';

/**
 * One JSON-able summary per attack (docs/methods.md#roc): AUC with a DeLong CI, advantage, balanced accuracy,
 * TPR at FPR levels, a downsampled ROC (no thresholds, no per-example scores), empirical ε lower bounds,
 * the theory violation check, and per-group vulnerability (each sensitive attribute and their
 * intersection; the pooled score of (model, row) belongs to the row's group). Cells with 0 < n < k rows
 * are written as { values, suppressed: true }; cells below minGroupSize are flagged `small`.
 */
export interface AttackSummaryOptions {
  /** δ used in the ε lower bounds (the arm's δ). */
  delta: number;
  /** Confidence parameter of the ε bounds, CIs and the violation check (default 0.05). */
  alpha?: number;
  /** Threshold selection of the Clopper–Pearson ε bound (default split). */
  epsilonSelection?: ThresholdSelection;
  /** Seed parts for the random split of the ε bound (streams are derived with purpose suffixes). */
  seed: SeedPart[];
  /** The claimed guarantee for the violation check; null/absent for arms without one (nondp, cliponly). */
  theory?: TheoryBound | Tradeoff | null;
  /** Sensitive attributes of the n pool rows. */
  groups?: readonly GroupAttribute[];
  minGroupSize?: number;
  suppressBelow?: number;
  fprLevels?: readonly number[];
  /**
   * Level of the violation check when it is one of several (attacks × DP arms): the caller divides α by
   * the number of checks so that the family of checks flags a correct implementation with probability ≤ α.
   * Default: alpha. `violationFamily` describes the family for the method string.
   */
  violationAlpha?: number;
  violationFamily?: string;
}

export type GroupCell =
  | { values: Record<string, string>; suppressed: true }
  | {
      values: Record<string, string>;
      suppressed: false;
      /** Pool rows in the cell (each contributes one pooled pair per target). */
      n: number;
      nIn: number;
      nOut: number;
      /** n < minGroupSize. */
      small: boolean;
      auc: number | null;
      tprAtFpr: TprAtFpr[];
    };

export interface GroupVulnerability {
  attributes: string[];
  cells: GroupCell[];
  /** Largest AUC over shown cells with a defined AUC (suppressed cells are left out: it would reveal them). */
  worstAuc: number | null;
  /** The same over cells not flagged small. */
  worstAucExcludingSmall: number | null;
}

export interface AttackSummary {
  attack: string;
  convention: string;
  conventions: Record<string, string | number>;
  diagnostics: AttackResult['diagnostics'];
  tunedA: number[] | null;
  nTargets: number;
  nRows: number;
  nIn: number;
  nOut: number;
  auc: number | null;
  aucCi: AucInterval | null;
  advantage: number | null;
  balancedAccuracy: number | null;
  roc: RocPoint[];
  rocConvention: string;
  tprAtFpr: TprAtFpr[];
  /** Clopper–Pearson (split or Bonferroni) and GDP bounds, each with method, label, α and sample sizes. */
  epsilonBounds: EpsilonBound[];
  /** null when the arm claims no guarantee. */
  violation: ViolationCheck | null;
  groups: GroupVulnerability[];
  groupRules: { minGroupSize: number; suppressBelow: number; note: string };
}

function isTradeoff(t: TheoryBound | Tradeoff): t is Tradeoff {
  return typeof (t as Tradeoff).tprMax === 'function';
}

export function summarizeAttack(res: AttackResult, nRows: number, opts: AttackSummaryOptions): AttackSummary {
  const N = res.scores.length;
  if (nRows < 1 || N % nRows !== 0) throw new DpauditError(`attack summary: ${N} pooled scores are not a multiple of ${nRows} rows`);
  const M = N / nRows;
  const alpha = opts.alpha ?? 0.05;
  const levels = opts.fprLevels ?? DEFAULT_FPR_LEVELS;
  const minGroupSize = opts.minGroupSize ?? defaultOf('min-group-size', 'inspect');
  const suppressBelow = opts.suppressBelow ?? defaultOf('suppress-below');
  // One sort of the pooled scores serves the curve, the AUC interval and every group cell.
  const order = descendingOrder(res.scores);
  const curve = rocCurveOfOrder(res.scores, res.isMember, order);
  const roc = summarizeRoc(curve);
  const aucCi = aucDeLongCi(res.scores, res.isMember, { level: 1 - alpha, order });

  const sorted = new SortedScores(res.scores, res.isMember);
  const bounds: EpsilonBound[] = [];
  let violation: ViolationCheck | null = null;
  if (sorted.nIn > 0 && sorted.nOut > 0) {
    const family = bonferroniFamily(sorted, alpha, opts.delta);
    const selection = opts.epsilonSelection ?? 'split';
    bounds.push(
      selection === 'split'
        ? cpEpsilonSplit(res.scores, res.isMember, { alpha, delta: opts.delta, rng: Rng.from(...opts.seed, 'epsilon-split', res.attack) })
        : cpEpsilonBonferroniSorted(sorted, alpha, opts.delta, family),
    );
    if (opts.delta > 0) bounds.push(gdpEpsilonBound(sorted, { alpha, delta: opts.delta, family }));
    if (opts.theory) {
      const tradeoff = isTradeoff(opts.theory) ? opts.theory : tradeoffFrom(opts.theory);
      const vAlpha = opts.violationAlpha ?? alpha;
      violation = violationCheck(sorted, tradeoff, vAlpha === alpha ? { alpha, family } : { alpha: vAlpha, delta: opts.delta });
      if (opts.violationFamily)
        violation = { ...violation, method: `${violation.method}; family-wise: α = ${alpha} split over ${opts.violationFamily}` };
    }
  }

  const groups: GroupVulnerability[] = [];
  if (opts.groups && opts.groups.length > 0) {
    for (const g of opts.groups) {
      if (g.codes.length !== nRows)
        throw new DpauditError(`attack summary: group attribute ${g.name} has ${g.codes.length} rows, expected ${nRows}`);
    }
    const groupings = buildGroupings(opts.groups, nRows);
    const cellRows = groupings.map((grouping) => {
      const rowsOf: number[][] = Array.from({ length: grouping.cells.length }, () => []);
      for (let i = 0; i < nRows; i++) rowsOf[grouping.cellOfRow[i]].push(i);
      return rowsOf;
    });
    // Primary and complementary suppression (docs/methods.md#suppression): nRows is published, so a hidden
    // cell's counts must not follow from the total minus the shown cells.
    const hiddenCells = hiddenGroupCells(
      groupings,
      cellRows.map((r) => r.map((x) => x.length)),
      suppressBelow,
    );
    for (const [gi, grouping] of groupings.entries()) {
      const nCells = grouping.cells.length;
      const rowsOf = cellRows[gi];
      const cellOrders = splitOrder(order, nCells, (i) => grouping.cellOfRow[i % nRows]);
      let worst: number | null = null;
      let worstBig: number | null = null;
      const cells: GroupCell[] = grouping.cells.map((cell, c) => {
        const rows = rowsOf[c];
        const cc = rocCurveOfOrder(res.scores, res.isMember, cellOrders[c]);
        const auc = rocAuc(cc);
        const small = rows.length < minGroupSize;
        const hidden = hiddenCells[gi][c] === 1;
        // Suppressed cells stay out of the worst-case too: it would otherwise reveal a hidden cell's AUC.
        if (auc !== null && !hidden) {
          worst = worst === null ? auc : Math.max(worst, auc);
          if (!small) worstBig = worstBig === null ? auc : Math.max(worstBig, auc);
        }
        if (hidden) return { values: cell.values, suppressed: true };
        return {
          values: cell.values,
          suppressed: false,
          n: rows.length,
          nIn: cc.nIn,
          nOut: cc.nOut,
          small,
          auc,
          tprAtFpr: tprAtFprLevels(cc, levels, alpha),
        };
      });
      groups.push({ attributes: grouping.attributes, cells, worstAuc: worst, worstAucExcludingSmall: worstBig });
    }
  }

  return {
    attack: res.attack,
    convention: res.convention,
    conventions: res.conventions,
    diagnostics: res.diagnostics,
    tunedA: res.tunedA,
    nTargets: M,
    nRows,
    nIn: curve.nIn,
    nOut: curve.nOut,
    auc: roc.auc,
    aucCi,
    advantage: roc.advantage,
    balancedAccuracy: roc.balancedAccuracy,
    roc: roc.points,
    rocConvention: roc.convention,
    tprAtFpr: tprAtFprLevels(curve, levels, alpha),
    epsilonBounds: bounds,
    violation,
    groups,
    groupRules: {
      minGroupSize,
      suppressBelow,
      note: 'per-group AUC and TPR@FPR pool (target, row) pairs of the rows in the cell; cells with 0 < n < suppressBelow are shown without counts or metrics (suppression is not itself differentially private)',
    },
  };
}
