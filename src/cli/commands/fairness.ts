import type { Argv, CommandModule } from 'yargs';
import { listOption, mergeConfig } from '../../config/merge.js';
import { readCsvFile } from '../../data/csv.js';
import { optionError } from '../../errors.js';
import {
  computeFairness,
  computeFairnessDeltas,
  formatDeltasText,
  formatFairnessText,
  type FairnessOptions,
} from '../../../metrics/fairness/index.js';
import { checkSameRows, parseBaseline, parsePredictions, type PredictionColumns } from '../../../metrics/fairness/predictions.js';
import type { GlobalArgs } from '../globals.js';
import { makeLogger, printJson } from '../../log/logger.js';

interface Args extends GlobalArgs {
  predictions?: string;
  sensitive?: string | string[];
  yTrue?: string;
  yPred?: string;
  yScore?: string;
  threshold?: number;
  minGroupSize?: number;
  reference?: string | string[];
  bootstrap?: number;
  baseline?: string;
}

/** "sex=F,age=40-59" → { sex: "F", age: "40-59" }. */
export function parseReference(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of listOption(v) ?? []) {
    const eq = item.indexOf('=');
    if (eq <= 0 || eq === item.length - 1)
      throw optionError('reference', `expects ATTRIBUTE=LEVEL (e.g. sex=F), got ${JSON.stringify(item)}`);
    const attr = item.slice(0, eq).trim();
    if (out[attr] !== undefined) throw optionError('reference', `names ${attr} twice`);
    out[attr] = item.slice(eq + 1).trim();
  }
  return out;
}

/** `dpaudit fairness`: subgroup fairness of any model's predictions (docs/methods.md#fairness-metrics), with bootstrap intervals and, given --baseline, who pays for privacy. */
export const fairnessCommand: CommandModule<object, Args> = {
  command: 'fairness',
  describe: 'subgroup fairness metrics, disparities and bootstrap intervals of a predictions CSV (with --baseline: who pays for privacy)',
  builder: (y: Argv) =>
    y
      .option('predictions', {
        type: 'string',
        describe: 'CSV with y_true, y_pred and/or y_score and the sensitive columns (one row per example)',
      })
      .option('sensitive', { type: 'string', describe: 'sensitive columns, comma-separated (e.g. sex,age_group)' })
      .option('y-true', { type: 'string', describe: 'label column, 0/1 (default y_true)' })
      .option('y-pred', { type: 'string', describe: 'predicted class column, 0/1 (default y_pred; absent: y_score ≥ --threshold)' })
      .option('y-score', {
        type: 'string',
        describe: 'predicted probability column in [0, 1] (default y_score; needed for rocAuc, brier, ece)',
      })
      .option('threshold', { type: 'number', describe: 'y_pred = y_score ≥ threshold when there is no y_pred column (default 0.5)' })
      .option('min-group-size', {
        type: 'number',
        describe: 'flag groups below this size; aggregates also given without them (default 30)',
      })
      .option('reference', { type: 'string', describe: 'reference group(s) for toReference, e.g. sex=F (default: the largest group)' })
      .option('bootstrap', { type: 'number', describe: 'bootstrap resamples for the intervals (default 1000; 0 = off)' })
      .option('baseline', {
        type: 'string',
        describe: 'CSV of non-DP predictions on the same rows: per-group Δ (dp − baseline) with paired-bootstrap intervals',
      }) as unknown as Argv<Args>,
  handler: (argv) => {
    const a = mergeConfig(argv) as Args;
    const log = makeLogger(a);
    if (!a.predictions) throw optionError('predictions', 'is required (a CSV of predictions)');
    const sensitive = listOption(a.sensitive) ?? [];
    if (sensitive.length === 0) throw optionError('sensitive', 'is required: name at least one sensitive column');
    if (new Set(sensitive).size !== sensitive.length) throw optionError('sensitive', 'names a column twice');
    const threshold = a.threshold ?? 0.5;
    if (!(threshold >= 0 && threshold <= 1)) throw optionError('threshold', `must be in [0, 1], got ${a.threshold}`);
    const cols: PredictionColumns = {
      yTrue: a.yTrue ?? 'y_true',
      yPred: { name: a.yPred ?? 'y_pred', explicit: a.yPred !== undefined },
      yScore: { name: a.yScore ?? 'y_score', explicit: a.yScore !== undefined },
      sensitive,
      threshold,
    };
    for (const s of sensitive) {
      if ([cols.yTrue, cols.yPred.name, cols.yScore.name].includes(s))
        throw optionError('sensitive', `${JSON.stringify(s)} is also the label or prediction column`);
    }
    const options: FairnessOptions = {
      minGroupSize: a.minGroupSize,
      reference: parseReference(a.reference),
      bootstrap: a.bootstrap,
      seed: a.seed,
      suppressBelow: a.suppressBelow,
    };
    const raw = readCsvFile(a.predictions);
    const p = parsePredictions(raw, cols);
    let baseline: ReturnType<typeof parseBaseline> | null = null;
    if (a.baseline) {
      const rawB = readCsvFile(a.baseline);
      if (rawB.rows.length !== raw.rows.length) checkSameRows(raw, rawB, p.yTrue, null, cols.yTrue);
      baseline = parseBaseline(rawB, cols);
      checkSameRows(raw, rawB, p.yTrue, baseline.yTrue, cols.yTrue);
      if ((baseline.yScore === undefined) !== (p.yScore === undefined))
        log.warn('only one of the prediction sets has scores: rocAuc, brier and ece deltas are null');
    }
    const report = computeFairness({ yTrue: p.yTrue, yPred: p.yPred, yScore: p.yScore, groups: p.groups }, options);
    const deltas =
      baseline === null ? undefined : computeFairnessDeltas(p.yTrue, baseline, { yPred: p.yPred, yScore: p.yScore }, p.groups, options);
    if (p.used.yPred === null) log.info(`no ${cols.yPred.name} column: y_pred = ${p.used.yScore} ≥ ${threshold}`);
    if (a.json) {
      printJson({
        input: {
          predictions: a.predictions,
          baseline: a.baseline ?? null,
          rows: raw.rows.length,
          columns: { yTrue: p.used.yTrue, yPred: p.used.yPred, yScore: p.used.yScore, sensitive },
          threshold: p.used.yPred === null ? threshold : null,
        },
        ...report,
        ...(deltas === undefined ? {} : { deltas }),
      });
    } else {
      process.stdout.write(`${a.predictions}: ${raw.rows.length} rows, sensitive ${sensitive.join(', ')}\n\n` + formatFairnessText(report));
      if (deltas) process.stdout.write('\n' + formatDeltasText(deltas));
    }
  },
};
