import { z } from 'zod';

/**
 * The config file (`--config FILE.yml`): a flat object whose keys are the long option names of the
 * commands in camelCase (`batchSize` for `--batch-size`). Flags given on the command line override it.
 * Unknown keys are errors. Paths are relative to the config file.
 */
const list = z.union([z.string(), z.array(z.union([z.string(), z.number()]))]);
const numList = z.union([z.string(), z.number(), z.array(z.number())]);

export const configSchema = z
  .strictObject({
    // data
    data: z.string().describe('CSV file (relative to the config file)'),
    label: z.string().describe('binary label column'),
    positiveLabel: z.union([z.string(), z.number(), z.boolean()]).describe('value of the label that is the positive class'),
    sensitive: list.describe('sensitive attribute columns (group labels)'),
    features: list.describe('feature columns (default: all but label, id and dropped)'),
    drop: list.describe('columns that are not features (a sensitive column here stays a group label)'),
    categorical: list.describe('columns forced to be categorical'),
    id: z.string().describe('record/patient identifier column; splits keep all rows of one id together'),
    lenient: z.boolean().describe('turn stray tokens in numeric columns into counted missing values'),
    strict: z.boolean().describe('missing labels are an error instead of dropped rows'),
    minGroupSize: z.number().int().nonnegative().describe('groups smaller than this are flagged (default 30)'),
    testFraction: z.number().gt(0).lt(1).describe('fraction of rows in the test split (default 0.3)'),
    validationFraction: z.number().gte(0).lt(1).describe('fraction of the rest in the validation split (default 0.15)'),
    // global
    seed: z.number().int().describe('root seed (default 1)'),
    backend: z.enum(['auto', 'node', 'wasm', 'cpu']),
    suppressBelow: z.number().int().nonnegative(),
    // model and training
    model: z.enum(['logreg', 'mlp']),
    hidden: numList.describe('hidden layer widths of the MLP, e.g. [64, 64]'),
    epochs: z.number().positive(),
    batchSize: z.number().int().positive().describe('expected batch size B (Poisson sampling rate q = B/N)'),
    clip: z.number().positive().describe('clipping norm C'),
    lr: z.number().positive(),
    optimizer: z.enum(['sgd', 'momentum', 'adam']),
    momentum: z.number().gte(0).lt(1),
    epsilon: z.number().positive(),
    epsilons: numList.describe('privacy budgets of the DP arms'),
    delta: z.number().gt(0).lt(1),
    accountant: z.enum(['rdp', 'prv']),
    secureNoise: z.boolean(),
    arm: z.enum(['nondp', 'cliponly', 'dp']),
    // attacks
    referenceModels: z.number().int().positive(),
    attacks: list,
    canaries: z.number().int().nonnegative(),
    canaryKind: z.enum(['gradient', 'ood', 'flip']),
    masks: z.enum(['bernoulli', 'balanced']),
    liraVariance: z.enum(['auto', 'fixed', 'per-example']),
    liraAggregate: z.enum(['mean', 'median']),
    liraOffline: z.enum(['paper', 'reference-code']),
    rmiaGamma: z.number().positive(),
    boundMethod: z.enum(['split', 'bonferroni']),
    // fairness
    bootstrap: z.number().int().nonnegative(),
    threshold: z.number().gte(0).lte(1),
    reference: list.describe('reference group, e.g. sex=F'),
    operatingPoint: z.string().describe('threshold=0.5 | sensitivity=0.8 | youden'),
    // sweep
    preset: z.enum(['test', 'quick', 'standard', 'thorough']),
    seeds: z.number().int().positive(),
    out: z.string(),
    workers: z.number().int().positive(),
    gate: z.string().describe('gate policy file'),
    aucTolerance: z.number().gt(0).lte(1).describe('recommended ε keeps at least this fraction of non-DP AUC (default 0.95)'),
    disparityTolerance: z.number().gte(0).describe('recommended ε worsens no disparity by more than this (default 0.05)'),
  })
  .partial();

export type ConfigFile = z.infer<typeof configSchema>;

/** Keys whose values are paths, resolved relative to the config file's directory. */
export const pathKeys = ['data', 'out', 'gate'] as const;
