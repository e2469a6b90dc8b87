import { z } from 'zod';
import { presetNames, type CommandName, type OptionSpec } from '../types.js';

/** Commands that train a reference fleet and attack it. */
export const sweepCommands = ['attack', 'sweep'] as const satisfies readonly CommandName[];
const commands = sweepCommands;

/** The membership-inference attacks (docs/methods.md#lira, docs/methods.md#rmia). */
export const allAttacks = ['loss', 'confidence', 'mentr', 'lira-online', 'lira-offline', 'rmia-online', 'rmia-offline'] as const;
export const defaultAttacks = ['loss', 'lira-online', 'lira-offline', 'rmia-online'] as const;

/** Canary kinds of the one-run audit (docs/methods.md#gradient-canaries). */
export const CANARY_KINDS = ['gradient', 'ood', 'flip'] as const;
export type CanaryKind = (typeof CANARY_KINDS)[number];

/** Options of `sweep` and `attack` (the fleet, the attacks, the analysis). */
export const sweepSpecs = [
  {
    name: 'epsilons',
    type: 'numbers',
    sorted: true,
    example: '1,4,8',
    default: [0.5, 1, 2, 4, 8],
    presets: { test: [1, 8], quick: [1, 4, 8], standard: [0.5, 1, 2, 4, 8], thorough: [0.25, 0.5, 1, 2, 4, 8, 16] },
    commands,
    help: 'privacy budgets of the DP arms',
  },
  {
    name: 'reference-models',
    type: 'number',
    integer: true,
    min: 1,
    default: 16,
    presets: { test: 2, quick: 4, standard: 16, thorough: 32 },
    commands,
    help: 'K reference models per target (fleet of K+1)',
  },
  {
    name: 'attacks',
    type: 'list',
    choices: allAttacks,
    unique: true,
    default: defaultAttacks,
    commands,
    help: 'membership-inference attacks to run',
  },
  {
    name: 'canaries',
    type: 'number',
    integer: true,
    min: 0,
    default: 500,
    presets: { test: 100, quick: 300, standard: 500, thorough: 1000 },
    defaultText:
      'by preset: gradient 20 000–100 000; ood/flip 100–1000, capped at 10 % of the pool (rows, or patients under the patient unit)',
    commands,
    help: 'canaries m of the one-run audit (0 disables); see docs/methods.md#one-run-audit',
  },
  {
    name: 'canary-kind',
    type: 'choice',
    choices: CANARY_KINDS,
    default: 'gradient',
    defaultText: 'gradient; ood with --trainer (flip in manifest mode)',
    commands,
    help: 'one-run canaries: gradient (white-box, in DP-SGD), ood (out-of-distribution records), flip (label-flipped copies); see docs/methods.md#gradient-canaries',
  },
  {
    name: 'seeds',
    type: 'number',
    integer: true,
    min: 1,
    default: 1,
    presets: { test: 1, quick: 1, standard: 1, thorough: 3 },
    commands,
    help: 'repeated seeds derived from --seed',
  },
  {
    name: 'preset',
    type: 'choice',
    choices: presetNames,
    default: 'standard',
    commands,
    help: 'size of the audit (test, quick for CI, standard, thorough)',
  },
  {
    name: 'out',
    type: 'string',
    path: true,
    default: 'dpaudit-out',
    commands: ['attack', 'sweep', 'merge'],
    help: 'output folder',
  },
  {
    name: 'workers',
    type: 'number',
    integer: true,
    min: 1,
    defaultText: 'number of cores',
    commands,
    help: 'worker threads',
  },
  { name: 'resume', type: 'boolean', config: false, commands, help: 'reuse finished jobs from the cache in --out' },
  {
    name: 'shard',
    type: 'string',
    config: false,
    pattern: /^\s*\d+\/\d+\s*$/,
    patternHelp: 'i/n with 1 ≤ i ≤ n',
    commands,
    help: 'run only shard i of n (i/n, 1-based); combine with dpaudit merge',
  },
  {
    name: 'masks',
    type: 'choice',
    choices: ['bernoulli', 'balanced'],
    default: 'bernoulli',
    commands,
    help: 'fleet inclusion masks',
  },
  {
    name: 'operating-point',
    type: 'string',
    default: 'youden',
    pattern: /^\s*(youden|(threshold|sensitivity)=[0-9.eE+-]+)\s*$/,
    patternHelp: 'threshold=T, sensitivity=S (in [0, 1]) or youden',
    commands,
    help: 'threshold=0.5 | sensitivity=0.8 | youden (chosen on validation)',
  },
  {
    name: 'bootstrap',
    type: 'number',
    integer: true,
    min: 0,
    default: 1000,
    presets: { test: 100, quick: 200, standard: 1000, thorough: 2000 },
    // Not an option of `attack`: its only interval, the attack AUC's, is DeLong's (nothing to resample).
    commands: ['sweep'],
    help: 'bootstrap resamples of the fairness, utility and who-pays intervals (the attack-AUC interval is a DeLong interval, not resampled); see docs/methods.md#bootstrap',
  },
  {
    name: 'bound-method',
    type: 'choice',
    choices: ['split', 'bonferroni'],
    default: 'split',
    commands,
    help: 'threshold selection of the Clopper–Pearson ε bound',
  },
  {
    name: 'lira-variance',
    type: 'choice',
    choices: ['auto', 'fixed', 'per-example'],
    default: 'auto',
    commands,
    help: 'LiRA variance (auto: fixed when K < 64)',
  },
  { name: 'lira-aggregate', type: 'choice', choices: ['mean', 'median'], default: 'mean', commands, help: 'LiRA μ estimate' },
  {
    name: 'lira-offline',
    type: 'choice',
    choices: ['paper', 'reference-code'],
    default: 'paper',
    commands,
    help: 'LiRA offline convention',
  },
  { name: 'rmia-gamma', type: 'number', min: 0, minExclusive: true, default: 1, commands, help: 'RMIA γ' },
  {
    name: 'reference',
    type: 'list',
    keyValue: true,
    defaultText: 'the largest group',
    commands,
    help: 'fairness reference group(s), e.g. sex=F',
  },
  {
    name: 'auc-tolerance',
    type: 'number',
    min: 0,
    minExclusive: true,
    max: 1,
    default: 0.95,
    commands,
    help: 'recommended ε keeps ≥ this fraction of non-DP AUC',
  },
  {
    name: 'disparity-tolerance',
    type: 'number',
    min: 0,
    default: 0.05,
    commands,
    help: 'recommended ε worsens no disparity by more than this',
  },
  {
    name: 'max-group-tpr-loss',
    type: 'number',
    min: 0,
    max: 1,
    default: 0.05,
    commands,
    help: 'recommended ε costs no group (n ≥ min group size) more than this sensitivity (TPR) against non-DP',
  },
  {
    name: 'max-group-ece-increase',
    type: 'number',
    min: 0,
    max: 1,
    default: 0.05,
    commands,
    help: 'recommended ε raises no group’s calibration error (ECE; n ≥ min group size) by more than this against non-DP',
  },
  {
    name: 'gate',
    type: 'string',
    path: true,
    commands,
    help: 'evaluate this gate policy after the sweep and exit with its code',
  },
  {
    name: 'trainer',
    type: 'string',
    commands: ['sweep', 'attack', 'train'],
    help: 'train with this external program, e.g. "python3 my_trainer.py" (run without a shell, the job file appended; docs/methods.md#external-trainers)',
    configObject: () =>
      z
        .strictObject({
          command: z.array(z.string()).min(1).describe('program and arguments; the job file path is appended; run without a shell'),
          version: z.string().optional().describe('version of the trainer (part of the cache key)'),
        })
        .describe('an object {command: [program, args...], version}'),
  },
  {
    name: 'trainer-timeout',
    type: 'number',
    min: 0,
    minExclusive: true,
    commands: ['sweep', 'attack', 'train'],
    help: 'seconds before an external trainer job is stopped (default: no limit)',
  },
] as const satisfies readonly OptionSpec[];
