import type { Argv, CommandModule } from 'yargs';
import { commandOptions } from '../options.js';
import { mergeConfig } from '../../config/merge.js';
import { loadDataset } from '../../data/dataset.js';
import { inspectDataset } from '../../data/inspect.js';
import { assignSites, parseSiteSource } from '../../data/sites.js';
import { formatInspectText } from '../../data/inspect-text.js';
import { defaultOf } from '../../options/registry.js';
import { validateOptions } from '../../options/validate.js';
import { resolveDatasetOptions, type DatasetArgs } from '../dataset-options.js';
import type { GlobalArgs } from '../globals.js';
import { makeLogger, printJson } from '../../log/logger.js';

type Args = GlobalArgs & DatasetArgs;

/** Default suppression threshold k (docs/methods.md#suppression), declared in the option registry. */
export const DEFAULT_SUPPRESS_BELOW = defaultOf('suppress-below');

/** `dpaudit inspect`: column types, missing values, label balance, subgroup sizes, duplicates, splits, warnings. */
export const inspectCommand: CommandModule<object, Args> = {
  command: 'inspect',
  describe: 'summarise a dataset: column types, missing values, label balance, subgroup sizes, splits, warnings',
  builder: (y: Argv) => commandOptions(y, 'inspect') as unknown as Argv<Args>,
  handler: (argv) => {
    const a = mergeConfig(argv) as Args;
    const log = makeLogger(a);
    const embeddedDefault = a.data === undefined;
    const opts = resolveDatasetOptions(a, log);
    const suppressBelow = validateOptions('inspect', a).suppressBelow ?? DEFAULT_SUPPRESS_BELOW;
    const ds = loadDataset(opts, log);
    // --sites: the sites of a federated audit, as the sweep forms them (same seed).
    const v = validateOptions('inspect', a as Args & { sites?: string | number; siteSplit?: string });
    const sites = v.sites === undefined ? undefined : assignSites(ds, parseSiteSource(v.sites, v.siteSplit), opts.seed);
    const report = inspectDataset(ds, { suppressBelow, embeddedDefault, ...(sites ? { sites } : {}) });
    if (a.json) printJson(report);
    else process.stdout.write(formatInspectText(report));
  },
};
