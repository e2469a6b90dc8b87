import type { Argv } from 'yargs';
import type { DatasetArgs } from '../data/options.js';

export { DATASET_DEFAULTS, embeddedExampleConfig, resolveDatasetOptions, type DatasetArgs } from '../data/options.js';

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
    }) as unknown as Argv<T & DatasetArgs>;
}
