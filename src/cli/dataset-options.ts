import type { Argv } from 'yargs';
import { loadConfigFile } from '../config/load.js';
import { listOption } from '../config/merge.js';
import { configSchema, pathKeys } from '../config/schema.js';
import { optionError } from '../errors.js';
import { packagePath } from '../paths.js';
import type { DatasetOptions } from '../data/types.js';
import type { Logger } from './log.js';

/** Dataset flags as parsed (and merged with --config): no yargs defaults, see resolveDatasetOptions. */
export interface DatasetArgs {
  data?: string;
  label?: string;
  positiveLabel?: string | number | boolean;
  sensitive?: string | (string | number)[];
  features?: string | (string | number)[];
  drop?: string | (string | number)[];
  categorical?: string | (string | number)[];
  id?: string;
  lenient?: boolean;
  strict?: boolean;
  minGroupSize?: number;
  testFraction?: number;
  validationFraction?: number;
  seed?: number;
  duplicates?: string;
}

/** Defaults applied by resolveDatasetOptions (REFERENCE §5–§6). */
export const DATASET_DEFAULTS = { minGroupSize: 30, testFraction: 0.3, validationFraction: 0.15, seed: 1 } as const;

/** The embedded example: its config file (label, sensitive, drop) and the CSV it names. */
export function embeddedExampleConfig(): string {
  return packagePath('examples', 'flchain.yml');
}

/** Add the dataset flags of every command that reads a dataset (inspect, train, attack, sweep). */
export function datasetOptions<T>(y: Argv<T>): Argv<T & DatasetArgs> {
  return y
    .option('data', { type: 'string', describe: 'CSV file (default: the embedded flchain example)', group: 'Dataset:' })
    .option('label', { type: 'string', describe: 'binary label column', group: 'Dataset:' })
    .option('positive-label', { type: 'string', describe: 'label value of the positive class (default: 1/true/yes)', group: 'Dataset:' })
    .option('sensitive', {
      type: 'string',
      describe: 'sensitive attribute columns COL[,COL] (group labels; also features unless dropped)',
      group: 'Dataset:',
    })
    .option('features', { type: 'string', describe: 'feature columns COL,... (default: all but label, id and --drop)', group: 'Dataset:' })
    .option('drop', {
      type: 'string',
      describe: 'columns that are not features COL,... (a sensitive column stays a group label)',
      group: 'Dataset:',
    })
    .option('categorical', { type: 'string', describe: 'force columns to be categorical COL,... (e.g. race coded 1-4)', group: 'Dataset:' })
    .option('id', {
      type: 'string',
      describe: 'record/patient id column: never a feature; splits keep each id on one side',
      group: 'Dataset:',
    })
    .option('lenient', {
      type: 'boolean',
      describe: 'stray tokens in numeric columns (<0.5, 1,05) become counted missing values',
      group: 'Dataset:',
    })
    .option('strict', {
      type: 'boolean',
      describe: 'a missing label is an error (default: the row is dropped and counted)',
      group: 'Dataset:',
    })
    .option('min-group-size', { type: 'number', describe: 'warn about subgroups with fewer rows (default 30)', group: 'Dataset:' })
    .option('test-fraction', { type: 'number', describe: 'fraction of rows in the test split (default 0.3)', group: 'Dataset:' })
    .option('validation-fraction', {
      type: 'number',
      describe: 'fraction of the rest in the validation split (default 0.15)',
      group: 'Dataset:',
    })
    .option('duplicates', {
      type: 'string',
      choices: ['group', 'keep', 'drop'],
      describe:
        'rows identical in every column: one record kept on one side of every split and mask (group, default), separate rows (keep), first copy only (drop)',
      group: 'Dataset:',
    }) as unknown as Argv<T & DatasetArgs>;
}

/**
 * Apply defaults and validate the dataset flags (already merged with --config by mergeConfig; flags win).
 * Without --data the embedded example is used with the settings of examples/flchain.yml (for each key not
 * given), and the logger says so. Column names are checked against the file by loadDataset.
 */
export function resolveDatasetOptions(argv: DatasetArgs, log: Logger): DatasetOptions {
  let a: DatasetArgs = argv;
  if (a.data === undefined) {
    const example = loadConfigFile(embeddedExampleConfig(), configSchema, pathKeys) as DatasetArgs;
    a = { ...a };
    for (const k of Object.keys(example) as (keyof DatasetArgs)[]) {
      if (a[k] === undefined) (a as Record<string, unknown>)[k] = example[k];
    }
    log.info(
      `no --data given: using the embedded example dataset (flchain, Dispenzieri et al. 2012; label ${String(a.label)}; see examples/README.md)`,
    );
  }
  const data = String(a.data);
  if (data.trim() === '') throw optionError('data', 'empty file name');
  if (a.label === undefined || String(a.label).trim() === '')
    throw optionError('label', `required with --data ${data}: name the binary label column`);
  const list = (option: string, v: unknown): string[] => {
    const out = listOption(v) ?? [];
    const seen = new Set<string>();
    for (const c of out) {
      if (seen.has(c)) throw optionError(option, `column ${JSON.stringify(c)} is listed twice`);
      seen.add(c);
    }
    return out;
  };
  const features = a.features === undefined ? undefined : list('features', a.features);
  if (features !== undefined && features.length === 0) throw optionError('features', 'empty list: name at least one feature column');
  const minGroupSize = a.minGroupSize ?? DATASET_DEFAULTS.minGroupSize;
  if (!Number.isInteger(minGroupSize) || minGroupSize < 0)
    throw optionError('min-group-size', `must be a whole number ≥ 0, got ${String(a.minGroupSize)}`);
  const testFraction = a.testFraction ?? DATASET_DEFAULTS.testFraction;
  if (!(testFraction > 0 && testFraction < 1))
    throw optionError('test-fraction', `must be between 0 and 1 (exclusive), got ${String(a.testFraction)}`);
  const validationFraction = a.validationFraction ?? DATASET_DEFAULTS.validationFraction;
  if (!(validationFraction >= 0 && validationFraction < 1)) {
    throw optionError('validation-fraction', `must be at least 0 and below 1, got ${String(a.validationFraction)}`);
  }
  const seed = a.seed ?? DATASET_DEFAULTS.seed;
  if (!Number.isSafeInteger(seed)) throw optionError('seed', `must be a whole number, got ${String(a.seed)}`);
  const duplicates = a.duplicates ?? 'group';
  if (duplicates !== 'group' && duplicates !== 'keep' && duplicates !== 'drop')
    throw optionError('duplicates', `must be group, keep or drop, got ${JSON.stringify(a.duplicates)}`);
  const id = a.id === undefined ? undefined : String(a.id).trim();
  if (id === '') throw optionError('id', 'empty column name');
  return {
    data,
    label: String(a.label).trim(),
    positiveLabel: a.positiveLabel === undefined ? undefined : String(a.positiveLabel),
    sensitive: list('sensitive', a.sensitive),
    features,
    drop: list('drop', a.drop),
    categorical: list('categorical', a.categorical),
    id,
    lenient: a.lenient ?? false,
    strict: a.strict ?? false,
    minGroupSize,
    testFraction,
    validationFraction,
    seed,
    duplicates,
  };
}
