import { DpauditError } from '../errors.js';
import { allAttacks, defaultAttacks, defaultOf } from '../options/registry.js';
import { parseReference, parseShard } from '../options/parse.js';
import { validateOptions } from '../options/validate.js';
import type { DatasetOptions } from '../data/types.js';
import type { BackendRequest } from '../backend/index.js';
import { resolveTrainConfig, type TrainArgs, type TrainConfig } from '../train/config.js';
import type { MaskScheme } from '../train/masks.js';
import { parseOperatingPoint, type OperatingPoint } from '../../metrics/operating-point.js';
import { presets, type PresetName } from './presets.js';
import type { ExternalTrainerSpec } from '../train/external/trainer.js';
import { resolveTrainerSpec, type TrainerArg } from '../train/external/options.js';
import type { CanaryKind } from '../options/registry.js';
import { parseSiteSource } from '../data/sites.js';
import type { FederationMode, SiteSource } from '../train/federated/types.js';

export { allAttacks, defaultAttacks };

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
  trainer?: TrainerArg;
  trainerTimeout?: number;
  sites?: string | number;
  siteSplit?: string;
  fedModes?: string | string[];
  rounds?: number;
  localEpochs?: number;
  siteRate?: number;
  updateClip?: number;
  auditSite?: string;
}

/** The federated arms of a sweep (--sites and the FedAvg options; docs/methods.md#federated). */
export interface SweepFederation {
  source: SiteSource;
  modes: FederationMode[];
  rounds: number;
  localEpochs: number;
  siteRate: number;
  updateClip: number;
  /** The audited site by name; null: the site with the most training rows. */
  auditSite: string | null;
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
  /** An external trainer (absent: dpaudit trains with tfjs). */
  trainer?: ExternalTrainerSpec;
  /** Federated arms after the centralised ones (absent without --sites, so that options hashes stay as they were). */
  federation?: SweepFederation;
}

/** `v` when given, else the default `d`. */
function pick<T>(v: T | undefined, d: T): T {
  return v === undefined ? d : v;
}

/**
 * Defaults < preset < config file < flags. Every value is checked against the option registry first
 * (the library API and the CLI go through here, so both reject a bad value with the same DpauditError).
 */
export function resolveSweepOptions(
  args: SweepArgs & { seed?: number; suppressBelow?: number; backend?: BackendRequest; config?: string },
  dataset: DatasetOptions,
  cores: number,
): SweepOptions {
  const a = validateOptions('sweep', args);
  const presetName = (a.preset ?? defaultOf('preset')) as PresetName;
  if (!Object.hasOwn(presets, presetName))
    throw new DpauditError(`unknown preset ${JSON.stringify(a.preset)} (${Object.keys(presets).join(', ')})`, {
      location: { option: 'preset' },
    });
  const p = presets[presetName];
  const trainer = resolveTrainerSpec(a.trainer as TrainerArg | undefined, a.trainerTimeout, (args as { config?: string }).config);
  // Gradient canaries live inside dpaudit's own DP-SGD; an external trainer gets input-space canaries
  // (docs/methods.md#gradient-canaries): ood, or flip in manifest mode (no feature matrix to place ood records in).
  const canaryKind = pick(
    a.canaryKind as CanaryKind | undefined,
    trainer ? (dataset.manifest ? 'flip' : 'ood') : (defaultOf('canary-kind') as CanaryKind),
  );
  if (trainer && canaryKind === 'gradient')
    throw new DpauditError("gradient canaries need dpaudit's own trainer: use --canary-kind ood or flip with --trainer", {
      location: { option: 'canary-kind' },
    });
  if (dataset.manifest && !trainer)
    throw new DpauditError('--features none (manifest mode) needs an external trainer (--trainer) that loads its own inputs', {
      location: { option: 'features' },
    });
  return {
    dataset,
    train: resolveTrainConfig(a, p.train),
    preset: presetName,
    epsilons: pick(a.epsilons as number[] | undefined, p.epsilons),
    referenceModels: pick(a.referenceModels, p.referenceModels),
    attacks: pick(a.attacks as string[] | undefined, [...defaultAttacks]),
    canaries: pick(a.canaries, canaryKind === 'gradient' ? p.gradientCanaries : p.canaries),
    canaryKind,
    seeds: pick(a.seeds, p.seeds),
    rootSeed: pick(a.seed, defaultOf('seed')),
    out: pick(a.out, defaultOf('out', 'sweep') as string),
    workers: pick(a.workers, Math.max(1, cores)),
    resume: a.resume ?? false,
    shard: parseShard(a.shard),
    masks: pick(a.masks as MaskScheme | undefined, defaultOf('masks')),
    operatingPoint: parseOperatingPoint(pick(a.operatingPoint, defaultOf('operating-point'))),
    bootstrap: pick(a.bootstrap, p.bootstrap),
    boundMethod: pick(a.boundMethod as SweepOptions['boundMethod'] | undefined, defaultOf('bound-method')),
    liraVariance: pick(a.liraVariance as SweepOptions['liraVariance'] | undefined, defaultOf('lira-variance')),
    liraAggregate: pick(a.liraAggregate as SweepOptions['liraAggregate'] | undefined, defaultOf('lira-aggregate')),
    liraOffline: pick(a.liraOffline as SweepOptions['liraOffline'] | undefined, defaultOf('lira-offline')),
    rmiaGamma: pick(a.rmiaGamma, defaultOf('rmia-gamma')),
    reference: parseReference(a.reference),
    suppressBelow: pick(a.suppressBelow, defaultOf('suppress-below')),
    minGroupSize: dataset.minGroupSize,
    maxRows: p.maxRows,
    aucTolerance: pick(a.aucTolerance, defaultOf('auc-tolerance')),
    disparityTolerance: pick(a.disparityTolerance, defaultOf('disparity-tolerance')),
    backend: pick(a.backend, defaultOf('backend')),
    gate: a.gate,
    // Absent (not undefined-valued) without a trainer, so that options hashes stay as they were.
    ...trainerField(trainer),
    ...federationField(a, trainer !== undefined, presetName),
  };
}

/** The FedAvg options apart from --sites (each needs --sites). */
const FEDERATION_KEYS = ['siteSplit', 'fedModes', 'rounds', 'localEpochs', 'siteRate', 'updateClip', 'auditSite'] as const;

function federationField(a: SweepArgs, external: boolean, preset: PresetName): { federation?: SweepFederation } {
  if (a.sites === undefined) {
    const given = FEDERATION_KEYS.find((k) => a[k] !== undefined);
    if (given) {
      const flag = given.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
      throw new DpauditError('applies to federated arms only: give --sites COLUMN or --sites k', { location: { option: flag } });
    }
    return {};
  }
  if (external)
    throw new DpauditError("federated arms (--sites) need dpaudit's own trainer: leave out --trainer", { location: { option: 'sites' } });
  const source = parseSiteSource(a.sites, a.siteSplit);
  return {
    federation: {
      source,
      modes: pick(a.fedModes as FederationMode[] | undefined, [...defaultOf('fed-modes')] as FederationMode[]),
      rounds: pick(a.rounds, defaultOf('rounds', 'sweep', preset)),
      localEpochs: pick(a.localEpochs, defaultOf('local-epochs')),
      siteRate: pick(a.siteRate, defaultOf('site-rate')),
      updateClip: pick(a.updateClip, defaultOf('update-clip')),
      auditSite: a.auditSite ?? null,
    },
  };
}

function trainerField(t: ExternalTrainerSpec | undefined): { trainer?: ExternalTrainerSpec } {
  return t ? { trainer: t } : {};
}
