import type { Argv, CommandModule } from 'yargs';
import { mergeConfig } from '../../config/merge.js';
import { loadDataset } from '../../data/dataset.js';
import { inspectDataset } from '../../data/inspect.js';
import { formatInspectText } from '../../data/inspect-text.js';
import { givenText, optionError } from '../../errors.js';
import { datasetOptions, resolveDatasetOptions, type DatasetArgs } from '../dataset-options.js';
import type { GlobalArgs } from '../globals.js';
import { makeLogger, printJson } from '../log.js';

type Args = GlobalArgs & DatasetArgs;

/** Default suppression threshold k (REFERENCE §5). */
export const DEFAULT_SUPPRESS_BELOW = 11;

/** `dpaudit inspect`: column types, missing values, label balance, subgroup sizes, duplicates, splits, warnings. */
export const inspectCommand: CommandModule<object, Args> = {
  command: 'inspect',
  describe: 'summarise a dataset: column types, missing values, label balance, subgroup sizes, splits, warnings',
  builder: (y: Argv) => datasetOptions(y) as unknown as Argv<Args>,
  handler: (argv) => {
    const a = mergeConfig(argv) as Args;
    const log = makeLogger(a);
    const suppressBelow = a.suppressBelow ?? DEFAULT_SUPPRESS_BELOW;
    if (!Number.isInteger(suppressBelow) || suppressBelow < 0)
      throw optionError('suppress-below', `must be a whole number ≥ 0, got ${givenText('suppress-below', a.suppressBelow)}`);
    const embeddedDefault = a.data === undefined;
    const opts = resolveDatasetOptions(a, log);
    const ds = loadDataset(opts, log);
    const report = inspectDataset(ds, { suppressBelow, embeddedDefault });
    if (a.json) printJson(report);
    else process.stdout.write(formatInspectText(report));
  },
};
