/**
 * dpaudit's library API: the same pipeline as the CLI, typed.
 *
 *   import { sweep, fairness, attack } from 'dpaudit';
 *   const { results } = await sweep({ data: 'patients.csv', label: 'death', sensitive: 'sex,age_group', preset: 'quick', out: 'audit' });
 */
import { availableParallelism } from 'node:os';
import { resolveDatasetOptions, type DatasetArgs } from './data/options.js';
import { makeLogger, silentLogger, type Logger } from './log/logger.js';
import type { BackendRequest } from './backend/index.js';
import { resolveSweepOptions, type SweepArgs } from './sweep/options.js';
import { runSweep, type SweepRun } from './sweep/run.js';
import { attackArm, type AttackRun } from './sweep/attack-arm.js';
import type { Arm } from './train/plan.js';
import { defaultOf } from './options/registry.js';
import { validateOptions } from './options/validate.js';

export type { ResultsV1, ArmResult } from './results/types.js';
export { readResults, validateResults, readGateResult, validateGateResult } from './results/read.js';
export { resultsSchema, resultsJsonSchema } from './results/schema.js';
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
export { optionSpecs, specsFor, defaultOf } from './options/registry.js';
export type { OptionSpec, CommandName, PresetName } from './options/registry.js';
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

/** Options of the library API besides the registry's: checked like the CLI's strict mode (an unknown key is an error). */
const apiOnly = ['log'] as const;

/**
 * The full audit (as `dpaudit sweep`): writes results.json, tables, summary and report to `out` and returns the results.
 * Options are checked against the option registry exactly as the CLI checks its flags: a bad value or an unknown key
 * throws a DpauditError (exit code 2) naming the option and the allowed values.
 */
export async function sweep(options: DatasetArgs & SweepArgs & ApiCommon = {}): Promise<SweepRun> {
  validateOptions('sweep', options, apiOnly);
  const log = loggerOf(options.log);
  const dataset = resolveDatasetOptions(options, log);
  const opts = resolveSweepOptions(options, dataset, availableParallelism());
  return runSweep(opts, log, { commandLine: 'dpaudit (library API) sweep', interactive: false });
}

/** Membership-inference attacks on one arm (as `dpaudit attack`); options checked as in sweep(). */
export async function attack(
  options: DatasetArgs & SweepArgs & ApiCommon & { arm?: 'nondp' | 'cliponly' | 'dp'; epsilon?: number } = {},
): Promise<AttackRun> {
  const v = validateOptions('attack', options, apiOnly);
  const log = loggerOf(options.log);
  const dataset = resolveDatasetOptions(options, log);
  const opts = resolveSweepOptions(options, dataset, availableParallelism());
  const kind = v.arm ?? defaultOf('arm');
  const arm: Arm = kind === 'dp' ? { kind: 'dp', epsilon: v.epsilon ?? defaultOf('epsilon') } : { kind };
  return attackArm(opts, arm, log);
}
