import type { Argv } from 'yargs';
import { allAttacks, defaultAttacks, type SweepArgs } from '../sweep/options.js';
import { trainOptions } from './train-options.js';

export function sweepOptions<T>(y: Argv<T>): Argv<T & SweepArgs> {
  return trainOptions(y)
    .option('epsilons', { type: 'string', describe: 'privacy budgets of the DP arms (default by preset; standard: 0.5,1,2,4,8)' })
    .option('reference-models', { type: 'number', describe: 'K reference models per target (fleet of K+1; default by preset)' })
    .option('attacks', { type: 'string', describe: `attacks (${allAttacks.join(', ')}; default ${defaultAttacks.join(',')})` })
    .option('canaries', { type: 'number', describe: 'canaries m of the one-run audit (0 disables; default min(preset, 10 % of the pool))' })
    .option('seeds', { type: 'number', describe: 'repeated seeds derived from --seed (default by preset)' })
    .option('preset', {
      type: 'string',
      choices: ['test', 'quick', 'standard', 'thorough'],
      describe: 'size of the audit (default standard)',
    })
    .option('out', { type: 'string', describe: 'output folder (default ./dpaudit-out)' })
    .option('workers', { type: 'number', describe: 'worker threads (default = cores)' })
    .option('resume', { type: 'boolean', describe: 'reuse finished jobs from the cache in --out' })
    .option('shard', { type: 'string', describe: 'run only shard i of n (i/n, 1-based); combine with dpaudit merge' })
    .option('masks', { type: 'string', choices: ['bernoulli', 'balanced'], describe: 'fleet inclusion masks (default bernoulli)' })
    .option('operating-point', {
      type: 'string',
      describe: 'threshold=0.5 | sensitivity=0.8 | youden (default youden, chosen on validation)',
    })
    .option('bootstrap', { type: 'number', describe: 'fairness bootstrap resamples (default by preset)' })
    .option('bound-method', {
      type: 'string',
      choices: ['split', 'bonferroni'],
      describe: 'threshold selection of the Clopper–Pearson ε bound (default split)',
    })
    .option('lira-variance', {
      type: 'string',
      choices: ['auto', 'fixed', 'per-example'],
      describe: 'LiRA variance (auto: fixed when K < 64)',
    })
    .option('lira-aggregate', { type: 'string', choices: ['mean', 'median'], describe: 'LiRA μ estimate (default mean)' })
    .option('lira-offline', { type: 'string', choices: ['paper', 'reference-code'], describe: 'LiRA offline convention (default paper)' })
    .option('rmia-gamma', { type: 'number', describe: 'RMIA γ (default 1)' })
    .option('reference', { type: 'string', describe: 'fairness reference group(s), e.g. sex=F (default: largest group)' })
    .option('auc-tolerance', { type: 'number', describe: 'recommended ε keeps ≥ this fraction of non-DP AUC (default 0.95)' })
    .option('disparity-tolerance', { type: 'number', describe: 'recommended ε worsens no disparity by more than this (default 0.05)' })
    .option('gate', { type: 'string', describe: 'evaluate this gate policy after the sweep and exit with its code' }) as unknown as Argv<
    T & SweepArgs
  >;
}
