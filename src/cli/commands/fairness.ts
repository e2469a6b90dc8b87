import type { Argv, CommandModule } from 'yargs';
import { commandOptions } from '../options.js';
import { mergeConfig } from '../../config/merge.js';
import { listOption, parseReference } from '../../options/parse.js';
import { defaultOf } from '../../options/registry.js';
import { validateOptions } from '../../options/validate.js';
import { readCsvFile } from '../../data/csv.js';
import { optionError } from '../../errors.js';
import {
  computeFairness,
  computeFairnessDeltas,
  formatDeltasText,
  formatFairnessText,
  type FairnessOptions,
} from '../../../metrics/fairness/index.js';
import {
  checkSameRows,
  parseBaseline,
  parsePredictions,
  patientCodes,
  type PredictionColumns,
} from '../../../metrics/fairness/predictions.js';
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
  id?: string;
}

/** `dpaudit fairness`: subgroup fairness of any model's predictions (docs/methods.md#fairness-metrics), with bootstrap intervals and, given --baseline, who pays for privacy. */
export const fairnessCommand: CommandModule<object, Args> = {
  command: 'fairness',
  describe: 'subgroup fairness metrics, disparities and bootstrap intervals of a predictions CSV (with --baseline: who pays for privacy)',
  builder: (y: Argv) => commandOptions(y, 'fairness') as unknown as Argv<Args>,
  handler: (argv) => {
    const a = validateOptions('fairness', mergeConfig(argv) as Args);
    const log = makeLogger(a);
    if (!a.predictions) throw optionError('predictions', 'is required (a CSV of predictions)');
    const sensitive = listOption(a.sensitive) ?? [];
    if (sensitive.length === 0) throw optionError('sensitive', 'is required: name at least one sensitive column');
    if (new Set(sensitive).size !== sensitive.length) throw optionError('sensitive', 'names a column twice');
    const threshold = a.threshold ?? defaultOf('threshold');
    const cols: PredictionColumns = {
      yTrue: a.yTrue ?? defaultOf('y-true'),
      yPred: { name: a.yPred ?? defaultOf('y-pred'), explicit: a.yPred !== undefined },
      yScore: { name: a.yScore ?? defaultOf('y-score'), explicit: a.yScore !== undefined },
      sensitive,
      threshold,
    };
    for (const s of sensitive) {
      if ([cols.yTrue, cols.yPred.name, cols.yScore.name].includes(s))
        throw optionError('sensitive', `${JSON.stringify(s)} is also the label or prediction column`);
    }
    if (a.id !== undefined && [cols.yTrue, cols.yPred.name, cols.yScore.name, ...sensitive].includes(a.id))
      throw optionError('id', `${JSON.stringify(a.id)} is also the label, a prediction or a sensitive column`);
    const options: FairnessOptions = {
      minGroupSize: a.minGroupSize,
      reference: parseReference(a.reference),
      bootstrap: a.bootstrap,
      seed: a.seed,
      suppressBelow: a.suppressBelow,
    };
    const raw = readCsvFile(a.predictions);
    const p = parsePredictions(raw, cols);
    // --id: rows of one patient are not independent; when ids repeat the intervals resample whole patients.
    if (a.id !== undefined) {
      const ids = patientCodes(raw, a.id);
      if (ids.patients < raw.rows.length) options.patients = ids.codes;
      else log.info(`--id ${a.id}: every id appears once, so the intervals resample rows (the same thing)`);
    }
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
