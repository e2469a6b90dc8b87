import type { Argv } from 'yargs';
import { DpauditError } from '../errors.js';
import { listOption } from '../config/merge.js';
import type { DatasetOptions } from '../data/types.js';
import type { BackendRequest } from '../backend/index.js';
import { resolveTrainConfig, trainOptions, type TrainArgs, type TrainConfig } from '../train/config.js';
import type { MaskScheme } from '../train/masks.js';
import { parseOperatingPoint, type OperatingPoint } from '../../metrics/operating-point.js';
import { presets, type PresetName } from './presets.js';
import { CANARY_KINDS, type CanaryKind } from './job.js';

export const allAttacks = ['loss', 'confidence', 'mentr', 'lira-online', 'lira-offline', 'rmia-online', 'rmia-offline'] as const;
export const defaultAttacks = ['loss', 'lira-online', 'lira-offline', 'rmia-online'];

export interface SweepArgs extends TrainArgs {
  epsilons?: string | number | number[];
  referenceModels?: number;
  attacks?: string | string[];
  canaries?: number;
  canaryKind?: string;
  seeds?: number;
  preset?: string;
  out?: string;
  workers?: number;
  resume?: boolean;
  shard?: string;
  masks?: string;
  operatingPoint?: string;
  bootstrap?: number;
  boundMethod?: string;
  liraVariance?: string;
  liraAggregate?: string;
  liraOffline?: string;
  rmiaGamma?: number;
  reference?: string | string[];
  aucTolerance?: number;
  disparityTolerance?: number;
  gate?: string;
}

/** Everything a sweep needs, resolved (defaults < preset < config file < flags). */
export interface SweepOptions {
  dataset: DatasetOptions;
  train: TrainConfig;
  preset: PresetName;
  epsilons: number[];
  referenceModels: number;
  attacks: string[];
  canaries: number;
  /** Canary kind of the one-run audit (docs/methods.md#gradient-canaries). */
  canaryKind: CanaryKind;
  seeds: number;
  rootSeed: number;
  out: string;
  workers: number;
  resume: boolean;
  shard: { index: number; count: number } | null;
  masks: MaskScheme;
  operatingPoint: OperatingPoint;
  bootstrap: number;
  boundMethod: 'split' | 'bonferroni';
  liraVariance: 'auto' | 'fixed' | 'per-example';
  liraAggregate: 'mean' | 'median';
  liraOffline: 'paper' | 'reference-code';
  rmiaGamma: number;
  reference: Record<string, string> | undefined;
  suppressBelow: number;
  minGroupSize: number;
  maxRows: number | null;
  aucTolerance: number;
  disparityTolerance: number;
  backend: BackendRequest;
  gate: string | undefined;
}

export function sweepOptions<T>(y: Argv<T>): Argv<T & SweepArgs> {
  return trainOptions(y)
    .option('epsilons', { type: 'string', describe: 'privacy budgets of the DP arms (default by preset; standard: 0.5,1,2,4,8)' })
    .option('reference-models', { type: 'number', describe: 'K reference models per target (fleet of K+1; default by preset)' })
    .option('attacks', { type: 'string', describe: `attacks (${allAttacks.join(', ')}; default ${defaultAttacks.join(',')})` })
    .option('canaries', {
      type: 'number',
      describe:
        'canaries m of the one-run audit (0 disables; default by preset: gradient 20 000–100 000, input-space min(preset, 10 % of the pool))',
    })
    .option('canary-kind', {
      type: 'string',
      choices: [...CANARY_KINDS],
      describe:
        'one-run canaries: gradient (white-box, in DP-SGD), ood (out-of-distribution records), flip (label-flipped copies) (default gradient)',
    })
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

function numberList(v: unknown, option: string): number[] | undefined {
  const l = listOption(v);
  if (!l) return undefined;
  const out = l.map(Number);
  if (out.length === 0 || out.some((x) => !Number.isFinite(x) || x <= 0))
    throw new DpauditError(`expects positive numbers such as 1,4,8, got ${JSON.stringify(v)}`, { location: { option } });
  return [...new Set(out)].sort((a, b) => a - b);
}

function parseShard(s: string | undefined): { index: number; count: number } | null {
  if (s === undefined) return null;
  const m = /^(\d+)\/(\d+)$/.exec(s.trim());
  if (!m || Number(m[2]) < 1 || Number(m[1]) < 1 || Number(m[1]) > Number(m[2]))
    throw new DpauditError(`expects i/n with 1 ≤ i ≤ n, got ${JSON.stringify(s)}`, { location: { option: 'shard' } });
  return { index: Number(m[1]), count: Number(m[2]) };
}

function parseReference(v: unknown): Record<string, string> | undefined {
  const l = listOption(v);
  if (!l) return undefined;
  const out: Record<string, string> = {};
  for (const p of l) {
    const i = p.indexOf('=');
    if (i <= 0) throw new DpauditError(`expects COLUMN=VALUE, got ${JSON.stringify(p)}`, { location: { option: 'reference' } });
    out[p.slice(0, i)] = p.slice(i + 1);
  }
  return out;
}

export function resolveSweepOptions(
  a: SweepArgs & { seed?: number; suppressBelow?: number; backend?: BackendRequest },
  dataset: DatasetOptions,
  cores: number,
): SweepOptions {
  const presetName = (a.preset ?? 'standard') as PresetName;
  if (!Object.hasOwn(presets, presetName))
    throw new DpauditError(`unknown preset ${JSON.stringify(a.preset)} (${Object.keys(presets).join(', ')})`, {
      location: { option: 'preset' },
    });
  const p = presets[presetName];
  const intOpt = (name: string, v: number | undefined, d: number, min: number) => {
    const x = v ?? d;
    if (!Number.isInteger(x) || x < min) throw new DpauditError(`must be an integer ≥ ${min}, got ${x}`, { location: { option: name } });
    return x;
  };
  const attacks = listOption(a.attacks) ?? defaultAttacks;
  for (const at of attacks)
    if (!(allAttacks as readonly string[]).includes(at))
      throw new DpauditError(`unknown attack ${JSON.stringify(at)} (${allAttacks.join(', ')})`, { location: { option: 'attacks' } });
  const dup = attacks.find((at, i) => attacks.indexOf(at) !== i);
  if (dup !== undefined) throw new DpauditError(`attack ${JSON.stringify(dup)} is listed twice`, { location: { option: 'attacks' } });
  const canaryKind = (a.canaryKind ?? 'gradient') as CanaryKind;
  if (!CANARY_KINDS.includes(canaryKind))
    throw new DpauditError(`unknown canary kind ${JSON.stringify(a.canaryKind)} (${CANARY_KINDS.join(', ')})`, {
      location: { option: 'canary-kind' },
    });
  const aucTolerance = a.aucTolerance ?? 0.95;
  if (!(aucTolerance > 0 && aucTolerance <= 1))
    throw new DpauditError(`must be in (0, 1], got ${aucTolerance}`, { location: { option: 'auc-tolerance' } });
  return {
    dataset,
    train: resolveTrainConfig(a, p.train),
    preset: presetName,
    epsilons: numberList(a.epsilons, 'epsilons') ?? p.epsilons,
    referenceModels: intOpt('reference-models', a.referenceModels, p.referenceModels, 1),
    attacks,
    canaries: intOpt('canaries', a.canaries, canaryKind === 'gradient' ? p.gradientCanaries : p.canaries, 0),
    canaryKind,
    seeds: intOpt('seeds', a.seeds, p.seeds, 1),
    rootSeed: a.seed ?? 1,
    out: a.out ?? 'dpaudit-out',
    workers: intOpt('workers', a.workers, Math.max(1, cores), 1),
    resume: a.resume ?? false,
    shard: parseShard(a.shard),
    masks: (a.masks as MaskScheme | undefined) ?? 'bernoulli',
    operatingPoint: parseOperatingPoint(a.operatingPoint ?? 'youden'),
    bootstrap: intOpt('bootstrap', a.bootstrap, p.bootstrap, 0),
    boundMethod: (a.boundMethod as 'split' | 'bonferroni' | undefined) ?? 'split',
    liraVariance: (a.liraVariance as 'auto' | 'fixed' | 'per-example' | undefined) ?? 'auto',
    liraAggregate: (a.liraAggregate as 'mean' | 'median' | undefined) ?? 'mean',
    liraOffline: (a.liraOffline as 'paper' | 'reference-code' | undefined) ?? 'paper',
    rmiaGamma: a.rmiaGamma ?? 1,
    reference: parseReference(a.reference),
    suppressBelow: intOpt('suppress-below', a.suppressBelow, 11, 0),
    minGroupSize: dataset.minGroupSize,
    maxRows: p.maxRows,
    aucTolerance,
    disparityTolerance: a.disparityTolerance ?? 0.05,
    backend: a.backend ?? 'auto',
    gate: a.gate,
  };
}
