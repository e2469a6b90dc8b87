import type { GroupAttribute } from '../../src/data/types.js';
import { intervalsOf, type Interval } from '../bootstrap.js';
import { FairnessEngine, N_METRICS } from './engine.js';
import { buildLayout } from './layout.js';
import { hiddenSlots, patientsPerSlot } from './suppression.js';
import { checkLabelsAndGroups, checkPredictions, resolveOptions } from './options.js';
import { bootstrapInfo, fairnessReplicates, BOOTSTRAP_METHOD, PATIENT_BOOTSTRAP_METHOD } from './report.js';
import {
  LOSS_HIGHER_IS_BETTER,
  LOSS_LOWER_IS_BETTER,
  M,
  RATE_KEYS,
  type DeltaGroupEntry,
  type DeltaGroupingReport,
  type DeltaReport,
  type FairnessOptions,
  type GroupValues,
  type PredictionSet,
  type RateKey,
  type RateRecord,
  type SuppressedGroup,
} from './types.js';
import { copyRates, rateIntervalsOf, ratesOf } from './vectors.js';

/** Loss from a delta (dp − baseline): positive = the DP model is worse. Null for metrics without a direction. */
export function lossOf(key: RateKey, delta: number | null): number | null {
  if (delta === null) return null;
  if (LOSS_LOWER_IS_BETTER.includes(key)) return delta;
  if (LOSS_HIGHER_IS_BETTER.includes(key)) return -delta;
  return null;
}

const LOSS_KEYS: readonly RateKey[] = [...LOSS_HIGHER_IS_BETTER, ...LOSS_LOWER_IS_BETTER];

function lossRecord(delta: RateRecord): RateRecord {
  const out = {} as RateRecord;
  for (const k of RATE_KEYS) out[k] = lossOf(k, delta[k]);
  return out;
}

/**
 * "Who pays for privacy" (Bagdasaryan et al. 2019; docs/methods.md#who-pays): per group, Δ = metric(dp) − metric(baseline)
 * for every rate metric, with a paired percentile-bootstrap interval (the same stratified resamples feed
 * both prediction sets, and the same seed gives the same resamples as computeFairness); loss = baseline − dp
 * for higher-is-better metrics and dp − baseline for fpr, fnr, brier, ece; and per loss metric the groups
 * whose loss exceeds the overall loss. Score metrics are null unless both sets have scores.
 */
export function computeFairnessDeltas(
  yTrue: Uint8Array,
  baseline: PredictionSet,
  dp: PredictionSet,
  groups: GroupAttribute[],
  options: FairnessOptions = {},
): DeltaReport {
  const opt = resolveOptions(options);
  const n = yTrue.length;
  checkLabelsAndGroups(yTrue, groups);
  checkPredictions('baseline', n, baseline.yPred, baseline.yScore);
  checkPredictions('dp', n, dp.yPred, dp.yScore);
  const layout = buildLayout(groups, n);
  const bothScores = baseline.yScore !== undefined && dp.yScore !== undefined;
  const eb = new FairnessEngine(layout, yTrue, baseline.yPred, bothScores ? baseline.yScore : undefined);
  const ed = new FairnessEngine(layout, yTrue, dp.yPred, bothScores ? dp.yScore : undefined);
  const R = RATE_KEYS.length;
  const len = layout.nSlots * R;
  const mb = new Float64Array(eb.outputLength);
  const md = new Float64Array(ed.outputLength);
  const rb = new Float64Array(len);
  const fill = (weights: Int32Array | null, out: Float64Array): void => {
    eb.evaluate(weights, mb);
    ed.evaluate(weights, md);
    copyRates(mb, layout.nSlots, rb, 0);
    copyRates(md, layout.nSlots, out, 0);
    for (let i = 0; i < len; i++) out[i] -= rb[i];
  };
  const point = new Float64Array(len);
  fill(null, point);
  const counts = eb.evaluate(null, mb);
  const patients = opt.patients ? patientsPerSlot(layout, opt.patients) : null;
  const hiddenSlot = hiddenSlots(layout, counts, opt.suppressBelow, patients);
  let intervals: (Interval | null)[] | null = null;
  if (opt.bootstrap > 0) {
    const reps = fairnessReplicates(opt, layout, len, fill);
    intervals = intervalsOf(reps, opt.bootstrap, opt.ciLevel);
  }
  const overallDelta = ratesOf(point, 0);
  const overallLoss = lossRecord(overallDelta);
  const groupings: DeltaGroupingReport[] = [];
  for (let g = 1; g < layout.groupings.length; g++) {
    const gr = layout.groupings[g];
    const exceedsOverall: Partial<Record<RateKey, GroupValues[]>> = {};
    const suppressedExceeding: Partial<Record<RateKey, number>> = {};
    const entries = gr.cells.map((cell, c): DeltaGroupEntry | SuppressedGroup => {
      const slot = layout.slotOffset[g] + c;
      const count = counts[slot * N_METRICS + M.count];
      const delta = ratesOf(point, slot);
      const loss = lossRecord(delta);
      const hidden = hiddenSlot[slot] === 1;
      for (const k of LOSS_KEYS) {
        const l = loss[k];
        const o = overallLoss[k];
        if (l === null || o === null || !(l > o)) continue;
        if (hidden) suppressedExceeding[k] = (suppressedExceeding[k] ?? 0) + 1;
        else (exceedsOverall[k] ??= []).push(cell.values);
      }
      if (hidden) return { values: cell.values, suppressed: true };
      const entry: DeltaGroupEntry = {
        values: cell.values,
        count,
        ...(patients ? { patients: patients[slot] } : {}),
        delta,
        loss,
        flags: { smallGroup: count < opt.minGroupSize, empty: count === 0 },
      };
      if (intervals) entry.ci = rateIntervalsOf(intervals, slot);
      return entry;
    });
    groupings.push({ attributes: gr.attributes, groups: entries, exceedsOverall, suppressedExceeding });
  }
  const overall: DeltaReport['overall'] = { delta: overallDelta, loss: overallLoss };
  if (intervals) overall.ci = rateIntervalsOf(intervals, 0);
  const notes: string[] = [];
  if (!bothScores) notes.push('rocAuc, brier and ece deltas are null: both prediction sets need scores');
  notes.push('a group with a null delta (metric undefined in either set) is not compared with the overall loss');
  const info = bootstrapInfo(opt);
  return {
    overall,
    groupings,
    bootstrap:
      info === null
        ? null
        : {
            ...info,
            method: `paired ${opt.patients ? PATIENT_BOOTSTRAP_METHOD : BOOTSTRAP_METHOD}: the same resamples for both prediction sets`,
          },
    conventions: {
      delta: 'Δ = metric(dp) − metric(baseline)',
      loss: `loss = baseline − dp for ${LOSS_HIGHER_IS_BETTER.join(', ')}; dp − baseline for ${LOSS_LOWER_IS_BETTER.join(', ')}; null for baseRate and selectionRate`,
      exceedsOverall: 'groups whose loss is strictly greater than the overall loss',
    },
    notes,
  };
}
