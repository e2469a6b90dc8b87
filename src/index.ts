/**
 * dpaudit's library API: the same pipeline as the CLI, typed.
 *
 *   import { sweep, fairness, attack } from 'dpaudit';
 *   const { results } = await sweep({ data: 'patients.csv', label: 'death', sensitive: 'sex,age_group', preset: 'quick', out: 'audit' });
 */
import { availableParallelism } from 'node:os';
import { resolveDatasetOptions, type DatasetArgs } from './cli/dataset-options.js';
import { makeLogger, silentLogger, type Logger } from './cli/log.js';
import type { BackendRequest } from './backend/index.js';
import { resolveSweepOptions, type SweepArgs } from './sweep/options.js';
import { runSweep, type SweepRun } from './sweep/run.js';
import { attackArm, type AttackRun } from './sweep/attack-arm.js';
import type { Arm } from './train/plan.js';

export type { ResultsV1, ArmResult } from './sweep/results-types.js';
export type { SweepOptions } from './sweep/options.js';
export { computeFairness as fairness, computeFairnessDeltas as fairnessDeltas } from '../metrics/fairness/index.js';
export type { FairnessReport, DeltaReport, FairnessInput, FairnessOptions } from '../metrics/fairness/index.js';
export type { AttackSummary } from '../metrics/attack-summary.js';
export { runAttack } from '../attacks/run.js';
export type { FleetSignals, AttackResult, AttackName } from '../attacks/types.js';
export { epsilonFor } from './privacy/registry.js';
export { calibrateNoise } from './privacy/calibrate.js';
export { loadDataset } from './data/dataset.js';
export { DpauditError } from './errors.js';
export type { Trainer, JobInputs, JobModel, TrainResult, ModelRunFacts } from './train/trainer.js';
export { TfjsTrainer } from './train/tfjs-trainer.js';
export { ExternalTrainer, type ExternalTrainerSpec } from './train/external/trainer.js';
export { materialise } from './train/materialise.js';
export { modelFamily, modelFamilyNames, type ModelFamily } from './model/families/index.js';
export type { PrivacyUnits } from './data/units.js';
export { readNpy, writeNpy, encodeNpy, decodeNpy } from './io/npy.js';

export interface ApiCommon {
  seed?: number;
  backend?: BackendRequest;
  suppressBelow?: number;
  /** Progress on stderr (default: silent). */
  log?: boolean | Logger;
}

function loggerOf(l: ApiCommon['log']): Logger {
  if (l === true) return makeLogger({});
  if (l && typeof l === 'object') return l;
  return silentLogger;
}

/** The full audit (as `dpaudit sweep`): writes results.json, tables, summary and report to `out` and returns the results. */
export async function sweep(options: DatasetArgs & SweepArgs & ApiCommon = {}): Promise<SweepRun> {
  const log = loggerOf(options.log);
  const dataset = resolveDatasetOptions(options, log);
  const opts = resolveSweepOptions(options, dataset, availableParallelism());
  return runSweep(opts, log, { commandLine: 'dpaudit (library API) sweep', interactive: false });
}

/** Membership-inference attacks on one arm (as `dpaudit attack`). */
export async function attack(
  options: DatasetArgs & SweepArgs & ApiCommon & { arm?: 'nondp' | 'cliponly' | 'dp'; epsilon?: number } = {},
): Promise<AttackRun> {
  const log = loggerOf(options.log);
  const dataset = resolveDatasetOptions(options, log);
  const opts = resolveSweepOptions(options, dataset, availableParallelism());
  const kind = options.arm ?? 'dp';
  const arm: Arm = kind === 'dp' ? { kind: 'dp', epsilon: options.epsilon ?? 8 } : { kind };
  return attackArm(opts, arm, log);
}
