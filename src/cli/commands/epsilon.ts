import type { Argv, CommandModule } from 'yargs';
import { commandOptions } from '../options.js';
import { mergeConfig } from '../../config/merge.js';
import { defaultOf, specOf, type OptionSpec } from '../../options/registry.js';
import { checkValue, validateOptions } from '../../options/validate.js';
import { optionError } from '../../errors.js';
import { accountantNames, epsilonFor, isAccountantName } from '../../privacy/registry.js';
import type { AccountantName } from '../../privacy/types.js';
import type { GlobalArgs } from '../globals.js';
import { printJson } from '../../log/logger.js';

interface Args extends GlobalArgs {
  sampleRate?: number;
  noiseMultiplier?: number;
  steps?: number;
  delta?: number;
  accountant?: string;
}

export const DEFAULT_DELTA = defaultOf('delta');
export const DEFAULT_ACCOUNTANT: AccountantName = defaultOf('accountant');

/** A required numeric option (yargs turns non-numbers into NaN; the range checks follow in the privacy module). */
function required(v: number | undefined, option: string): number {
  if (v === undefined) throw optionError(option, 'is required');
  return v;
}

export function resolveAccountant(v: unknown): AccountantName {
  const name = checkValue(specOf('accountant', 'epsilon') as OptionSpec, v) ?? DEFAULT_ACCOUNTANT;
  if (!isAccountantName(name)) throw optionError('accountant', `must be one of ${accountantNames.join(', ')}, got ${JSON.stringify(name)}`);
  return name;
}

/** `dpaudit epsilon`: ε of T steps of the Poisson-subsampled Gaussian (DP-SGD) at δ. */
export const epsilonCommand: CommandModule<object, Args> = {
  command: 'epsilon',
  describe: 'ε spent by DP-SGD (Poisson sampling rate q, noise multiplier σ, T steps) at δ',
  builder: (y: Argv) => commandOptions(y, 'epsilon') as unknown as Argv<Args>,
  handler: (argv) => {
    const a = validateOptions('epsilon', mergeConfig(argv) as Args);
    const sampleRate = required(a.sampleRate, 'sample-rate');
    const noiseMultiplier = required(a.noiseMultiplier, 'noise-multiplier');
    const steps = required(a.steps, 'steps');
    const delta = a.delta ?? DEFAULT_DELTA;
    const accountant = resolveAccountant(a.accountant);
    const r = epsilonFor({ sampleRate, noiseMultiplier, steps, delta, accountant });
    const finite = Number.isFinite(r.epsilon);
    if (a.json) {
      printJson({
        epsilon: finite ? r.epsilon : null,
        delta: r.delta,
        accountant: r.accountant,
        ...(r.order !== undefined ? { order: r.order } : {}),
        ...(r.error !== undefined ? { error: r.error } : {}),
        ...(finite ? {} : { note: 'ε is infinite: σ = 0 adds no noise' }),
        sampleRate,
        noiseMultiplier,
        steps,
      });
      return;
    }
    const detail =
      r.accountant === 'rdp'
        ? `RDP, optimal order α = ${r.order ?? 'n/a'}`
        : `PRV upper bound, includes discretisation error ${(r.error ?? 0).toPrecision(2)}`;
    process.stdout.write(
      `ε = ${finite ? r.epsilon.toFixed(4) : '∞ (σ = 0 adds no noise)'} at δ = ${delta} (${detail}; q = ${sampleRate}, σ = ${noiseMultiplier}, T = ${steps})\n`,
    );
  },
};
