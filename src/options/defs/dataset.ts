import type { CommandName, OptionSpec } from '../types.js';

/** Commands that read a dataset. */
export const datasetCommands = ['inspect', 'train', 'attack', 'sweep'] as const satisfies readonly CommandName[];
const commands = datasetCommands;
const group = 'Dataset:';

/** Dataset flags (the data layer's DatasetOptions is resolved from them by resolveDatasetOptions). */
export const datasetSpecs = [
  { name: 'data', type: 'string', commands, group, path: true, defaultText: 'the embedded flchain example', help: 'CSV file' },
  { name: 'label', type: 'string', commands, group, help: 'binary label column' },
  {
    name: 'positive-label',
    type: 'scalar',
    commands,
    group,
    defaultText: '1/true/yes',
    help: 'label value of the positive class',
  },
  {
    name: 'sensitive',
    type: 'list',
    commands,
    group,
    help: 'sensitive attribute columns COL[,COL] (group labels; also features unless dropped)',
  },
  {
    name: 'features',
    type: 'list',
    commands,
    group,
    defaultText: 'all but label, id and --drop',
    help: 'feature columns COL,...',
  },
  {
    name: 'drop',
    type: 'list',
    commands,
    group,
    help: 'columns that are not features COL,... (a sensitive column stays a group label)',
  },
  { name: 'categorical', type: 'list', commands, group, help: 'force columns to be categorical COL,... (e.g. race coded 1-4)' },
  {
    name: 'id',
    type: 'string',
    commands: [...commands, 'fairness'],
    group,
    help: 'record/patient id column: never a feature; splits keep each id on one side; repeated ids make the intervals resample whole ids (fairness too)',
  },
  {
    name: 'lenient',
    type: 'boolean',
    commands,
    group,
    help: 'stray tokens in numeric columns (<0.5, 1,05) become counted missing values',
  },
  {
    name: 'strict',
    type: 'boolean',
    commands,
    group,
    help: 'a missing label is an error (default: the row is dropped and counted)',
  },
  {
    name: 'min-group-size',
    type: 'number',
    integer: true,
    min: 0,
    default: 30,
    commands,
    group,
    help: 'warn about subgroups with fewer rows',
  },
  {
    name: 'test-fraction',
    type: 'number',
    min: 0,
    minExclusive: true,
    max: 1,
    maxExclusive: true,
    default: 0.3,
    commands,
    group,
    help: 'fraction of rows in the test split',
  },
  {
    name: 'validation-fraction',
    type: 'number',
    min: 0,
    max: 1,
    maxExclusive: true,
    default: 0.15,
    commands,
    group,
    help: 'fraction of the rest in the validation split',
  },
  {
    name: 'duplicates',
    type: 'choice',
    choices: ['group', 'keep', 'drop'],
    default: 'group',
    commands,
    group,
    help: 'rows identical in every column: one record kept on one side of every split and mask (group), separate rows (keep), first copy only (drop)',
  },
] as const satisfies readonly OptionSpec[];
