import { Rng } from '../../src/random/rng.js';
import { bootstrapReplicates, intervalsOf, strataOf, type Interval } from '../bootstrap.js';
import { patientBootstrapReplicates, patientStrata } from '../cluster-bootstrap.js';
import { groupingContexts, type ResolvedGrouping } from './contexts.js';
import { DISPARITY_BLOCK, argMinCell, disparityBlock } from './disparities.js';
import { FairnessEngine, N_METRICS } from './engine.js';
import { buildLayout, type CellLayout } from './layout.js';
import { hiddenSlots, patientsPerSlot } from './suppression.js';
import { checkLabelsAndGroups, checkPredictions, resolveOptions, type ResolvedOptions } from './options.js';
import {
  DISPARITY_KEYS,
  DISPARITY_VARIANTS,
  M,
  RATE_KEYS,
  SCORE_KEYS,
  WORST_KEYS,
  type BootstrapInfo,
  type Disparity,
  type DisparityKey,
  type DisparityVariant,
  type FairnessInput,
  type FairnessOptions,
  type FairnessReport,
  type GroupEntry,
  type GroupingReport,
  type RateKey,
  type SuppressedGroup,
  type WorstGroup,
  type WorstKey,
} from './types.js';
import { copyRates, metricsOf, nullable, rateIntervalsOf } from './vectors.js';

export const BOOTSTRAP_METHOD = 'percentile bootstrap, resampling rows with replacement within every intersection cell (stratified)';
export const PATIENT_BOOTSTRAP_METHOD =
  'percentile patient (cluster) bootstrap, resampling whole patients with replacement — all rows of each drawn patient — within strata: the intersection cell of a patient whose rows share one cell, one further stratum for patients whose rows span several cells';

/**
 * Replicates of a statistic vector under the bootstrap the options ask for: the stratified row bootstrap, or
 * with patient ids the stratified patient bootstrap (docs/methods.md#bootstrap). Both draw from bootstrapRng(seed).
 */
export function fairnessReplicates(
  opt: ResolvedOptions,
  layout: CellLayout,
  m: number,
  fill: (weights: Int32Array, out: Float64Array) => void,
): Float64Array {
  if (opt.patients) {
    if (opt.patients.codes.length !== layout.nRows)
      throw new Error(`patients: ${opt.patients.codes.length} ids, expected ${layout.nRows} rows`);
    const ps = patientStrata(opt.patients, layout.baseOfRow, layout.nBase);
    return patientBootstrapReplicates(bootstrapRng(opt.seed), ps, layout.nRows, opt.bootstrap, m, fill);
  }
  return bootstrapReplicates(bootstrapRng(opt.seed), strataOf(layout.baseOfRow, layout.nBase), layout.nRows, opt.bootstrap, m, fill);
}

/** The seeded stream of the fairness bootstrap; computeFairness and computeFairnessDeltas share it, so the same seed gives the same resamples. */
export function bootstrapRng(seed: number): Rng {
  return Rng.from(seed, 'fairness-bootstrap');
}

export const CONVENTIONS: Record<string, string> = {
  groups: 'each sensitive attribute and their intersection (Cartesian product; empty cells listed with count 0)',
  undefined:
    'a metric with a zero denominator (or one class, for rocAuc) is null, never 0; Fairlearn reports 0 for a group without positives, dpaudit does not',
  rocAuc: 'Mann–Whitney, ties count ½',
  ece: 'positive-class ECE, 10 equal-width bins [0, 0.1], (0.1, 0.2], …, (0.9, 1]',
  balancedAccuracy: 'mean of per-class recall over the classes present',
  betweenGroups: 'difference = max − min, ratio = min / max, over groups with a defined value (≥ 2 groups)',
  toOverall: 'difference = max |g − overall|, ratio = min over groups of min(g/o, o/g); o = 0 gives null',
  toReference:
    'difference = max |g − r|, ratio = min over groups of min(g/r, r/g); r = 0 gives null; r = the named reference group, else the largest',
  equalizedOdds: 'difference = max(tpr difference, fpr difference), ratio = min(tpr ratio, fpr ratio)',
  excludingSmall: 'the same, leaving out groups with n < minGroupSize (toReference is null when the reference group is small)',
  suppressed:
    'suppressed cells (0 < n < suppressBelow, and complementary cells) are left out of every disparity variant and worst group; toReference is null when the reference cell is suppressed',
};

/** Everything a report needs from one pass: the layout, the engine and the statistic vector builder. */
interface Prepared {
  layout: CellLayout;
  engine: FairnessEngine;
  point: Float64Array;
  contexts: ResolvedGrouping[];
  /** Length of the statistic vector: rates of every slot, then a disparity block per grouping. */
  statLength: number;
  /** Distinct patients per slot (patient ids given), else null. */
  patients: Int32Array | null;
  fill: (weights: Int32Array | null, out: Float64Array) => void;
}

function prepare(input: FairnessInput, opt: ResolvedOptions): Prepared {
  const n = input.yTrue.length;
  checkLabelsAndGroups(input.yTrue, input.groups);
  checkPredictions('predictions', n, input.yPred, input.yScore);
  const layout = buildLayout(input.groups, n);
  const engine = new FairnessEngine(layout, input.yTrue, input.yPred, input.yScore);
  const point = engine.evaluate(null, new Float64Array(engine.outputLength));
  const patients = opt.patients ? patientsPerSlot(layout, opt.patients) : null;
  const hidden = hiddenSlots(layout, point, opt.suppressBelow, patients);
  const contexts = groupingContexts(layout, point, opt.minGroupSize, opt.reference).map((c) => ({ ...c, hidden }));
  const R = RATE_KEYS.length;
  const dispOffset = layout.nSlots * R;
  const statLength = dispOffset + contexts.length * DISPARITY_BLOCK;
  const mv = new Float64Array(engine.outputLength);
  const fill = (weights: Int32Array | null, out: Float64Array): void => {
    engine.evaluate(weights, mv);
    copyRates(mv, layout.nSlots, out, 0);
    contexts.forEach((ctx, j) => {
      disparityBlock(mv, ctx, out, dispOffset + j * DISPARITY_BLOCK);
    });
  };
  return { layout, engine, point, contexts, statLength, patients, fill };
}

/**
 * Subgroup fairness of one prediction set (docs/methods.md#fairness-metrics): per-group metrics for each sensitive attribute
 * and their intersection, overall metrics, disparities (with *ExcludingSmall variants), worst-group values,
 * percentile-bootstrap intervals (stratified by intersection cell; `bootstrap: 0` turns them off), and
 * suppression of cells with 0 < n < suppressBelow in the output (computations use every row).
 */
export function computeFairness(input: FairnessInput, options: FairnessOptions = {}): FairnessReport {
  const opt = resolveOptions(options);
  const p = prepare(input, opt);
  const stats = new Float64Array(p.statLength);
  p.fill(null, stats);
  let intervals: (Interval | null)[] | null = null;
  if (opt.bootstrap > 0) {
    const reps = fairnessReplicates(opt, p.layout, p.statLength, p.fill);
    intervals = intervalsOf(reps, opt.bootstrap, opt.ciLevel);
  }
  return assemble(p, opt, stats, intervals);
}

export function bootstrapInfo(opt: ResolvedOptions): BootstrapInfo | null {
  if (opt.bootstrap <= 0) return null;
  if (opt.patients)
    return {
      resamples: opt.bootstrap,
      seed: opt.seed,
      level: opt.ciLevel,
      method: PATIENT_BOOTSTRAP_METHOD,
      unit: 'patient',
      patients: opt.patients.count,
    };
  return { resamples: opt.bootstrap, seed: opt.seed, level: opt.ciLevel, method: BOOTSTRAP_METHOD };
}

function assemble(p: Prepared, opt: ResolvedOptions, stats: Float64Array, intervals: (Interval | null)[] | null): FairnessReport {
  const { layout, engine, point } = p;
  const hasScore = engine.hasScore;
  const R = RATE_KEYS.length;
  const dispOffset = layout.nSlots * R;
  const notes: string[] = [];
  if (!hasScore) notes.push('no scores given: rocAuc, brier and ece are null');
  let anyEmpty = false;
  let anySuppressed = false;
  let anySkipped = false;

  const groupings: GroupingReport[] = p.contexts.map((ctx, j) => {
    const gr = layout.groupings[ctx.g];
    const suppressedCell = (c: number): boolean => ctx.hidden?.[ctx.first + c] === 1;
    const skippedNull: Partial<Record<RateKey, number>> = {};
    const groups = gr.cells.map((cell, c): GroupEntry | SuppressedGroup => {
      const slot = ctx.first + c;
      const n = point[slot * N_METRICS + M.count];
      if (n === 0) anyEmpty = true;
      const undef = RATE_KEYS.filter((k) => Number.isNaN(point[slot * N_METRICS + M[k]]) && (hasScore || !SCORE_KEYS.includes(k)));
      if (n > 0) for (const k of undef) skippedNull[k] = (skippedNull[k] ?? 0) + 1;
      if (suppressedCell(c)) {
        anySuppressed = true;
        return { values: cell.values, suppressed: true };
      }
      const entry: GroupEntry = {
        values: cell.values,
        metrics: metricsOf(point, slot),
        ...(p.patients ? { patients: p.patients[slot] } : {}),
        flags: { smallGroup: n < opt.minGroupSize, empty: n === 0, undefined: undef },
      };
      if (intervals) entry.ci = rateIntervalsOf(intervals, slot);
      return entry;
    });
    if (Object.keys(skippedNull).length > 0) anySkipped = true;
    const block = dispOffset + j * DISPARITY_BLOCK;
    const disparities = {} as { [V in DisparityVariant]: Disparity };
    const disparitiesCi = {} as { [V in DisparityVariant]: { [K in DisparityKey]: Interval | null } };
    DISPARITY_VARIANTS.forEach((v, vi) => {
      const d = {} as Disparity;
      const dc = {} as { [K in DisparityKey]: Interval | null };
      DISPARITY_KEYS.forEach((k, ki) => {
        const idx = block + vi * DISPARITY_KEYS.length + ki;
        d[k] = nullable(stats[idx]);
        if (intervals) dc[k] = intervals[idx];
      });
      disparities[v] = d;
      disparitiesCi[v] = dc;
    });
    const worstAt = (excl: boolean): { [K in WorstKey]: WorstGroup } => {
      const w = {} as { [K in WorstKey]: WorstGroup };
      WORST_KEYS.forEach((k, ki) => {
        const idx = block + DISPARITY_VARIANTS.length * DISPARITY_KEYS.length + (excl ? WORST_KEYS.length : 0) + ki;
        const c = argMinCell(point, ctx, M[k], excl);
        // A suppressed worst cell is not shown at all: its value would be the hidden cell's metric.
        const hidden = c >= 0 && suppressedCell(c);
        const entry: WorstGroup =
          c < 0
            ? { value: null, values: null }
            : hidden
              ? { value: null, values: null, suppressed: true }
              : { value: nullable(stats[idx]), values: gr.cells[c].values };
        if (intervals && !hidden) entry.ci = intervals[idx];
        w[k] = entry;
      });
      return w;
    };
    const report: GroupingReport = {
      attributes: gr.attributes,
      reference: ctx.reference,
      referenceSource: ctx.referenceSource,
      groups,
      worst: worstAt(false),
      worstExcludingSmall: worstAt(true),
      disparities,
      skippedNull,
    };
    if (intervals) report.disparitiesCi = disparitiesCi;
    return report;
  });

  if (anySkipped) notes.push('aggregates (disparities, worst group) skip groups whose metric is null; skippedNull counts them per metric');
  if (anyEmpty) notes.push('empty intersection cells are listed with count 0 and null metrics');
  if (opt.suppressBelow > 0) {
    if (opt.patients)
      notes.push(
        `with the patient as the unit, n counts distinct patients for suppression (a cell of few patients with many rows is small); metrics.count is rows, patients is distinct patients per cell`,
      );
    notes.push(
      `cells with 0 < n < ${opt.suppressBelow} are suppressed (neither count nor metrics shown${anySuppressed ? '' : '; none here'}), and so is the smallest further cell wherever a published total minus the shown cells would give a hidden cell back (complementary suppression); disparities and worst groups leave suppressed cells out; overall values use every row; suppression is not itself differentially private`,
    );
  }
  if (intervals)
    notes.push(
      opt.patients
        ? 'whole patients are resampled (patient bootstrap): the number of patients per stratum is fixed, rows per group vary; intervals are given for the rate metrics only'
        : 'group counts are fixed by the stratified bootstrap, so intervals are given for the rate metrics only',
    );
  const report: FairnessReport = {
    overall: metricsOf(point, 0),
    ...(intervals ? { overallCi: rateIntervalsOf(intervals, 0) } : {}),
    groupings,
    minGroupSize: opt.minGroupSize,
    suppressBelow: opt.suppressBelow,
    bootstrap: bootstrapInfo(opt),
    conventions: CONVENTIONS,
    notes,
  };
  return report;
}
