import { loadConfigFile } from '../config/load.js';
import { listOption } from '../options/parse.js';
import { defaultOf } from '../options/registry.js';
import { validateOptions } from '../options/validate.js';
import { configSchema, pathKeys } from '../config/schema.js';
import { optionError } from '../errors.js';
import { packagePath } from '../paths.js';
import type { DatasetOptions } from './types.js';
import type { Logger } from '../log/logger.js';

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
}

/** Defaults applied by resolveDatasetOptions (declared in the option registry). */
export const DATASET_DEFAULTS = {
  minGroupSize: defaultOf('min-group-size', 'inspect'),
  testFraction: defaultOf('test-fraction'),
  validationFraction: defaultOf('validation-fraction'),
  seed: defaultOf('seed'),
} as const;

/** The embedded example: its config file (label, sensitive, drop) and the CSV it names. */
export function embeddedExampleConfig(): string {
  return packagePath('examples', 'flchain.yml');
}

/**
 * Apply defaults and validate the dataset flags (already merged with --config by mergeConfig; flags win).
 * Without --data the embedded example is used with the settings of examples/flchain.yml (for each key not
 * given), and the logger says so. Column names are checked against the file by loadDataset.
 */
export function resolveDatasetOptions(argv: DatasetArgs, log: Logger): DatasetOptions {
  let a: DatasetArgs = validateOptions('inspect', argv);
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
  let features = a.features === undefined ? undefined : list('features', a.features);
  if (features !== undefined && features.length === 0) throw optionError('features', 'empty list: name at least one feature column');
  // --features none: manifest mode (an external trainer loads its own inputs through the CSV rows).
  const manifest = features?.length === 1 && features[0] === 'none';
  if (manifest) features = [];
  // Ranges were checked against the registry by validateOptions above.
  const minGroupSize = a.minGroupSize ?? DATASET_DEFAULTS.minGroupSize;
  const testFraction = a.testFraction ?? DATASET_DEFAULTS.testFraction;
  const validationFraction = a.validationFraction ?? DATASET_DEFAULTS.validationFraction;
  const seed = a.seed ?? DATASET_DEFAULTS.seed;
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
    ...(manifest ? { manifest: true as const } : {}),
  };
}
